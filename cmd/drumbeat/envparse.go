package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Every environment variable is parsed strictly: a value that is set but
// does not parse stops the process (exit code 2) with one line naming the
// variable and the form it accepts, instead of falling back to a default
// that nobody asked for. An unset or empty variable takes its default.
//
// The helpers below record their problems in envState while loadConfig
// runs, so loadConfig reads like a list of variables and every helper
// (including ones added later) is strict without more code.

// envState collects, during one loadConfig, the variables read and the
// problems found.
var envState struct {
	sync.Mutex
	read     []string
	problems []string
}

// beginEnv starts a config read; endEnv ends it and returns its problems.
func beginEnv() {
	envState.Lock()
	envState.read, envState.problems = nil, nil
}

func endEnv() error {
	defer envState.Unlock()
	if len(envState.problems) == 0 {
		return nil
	}
	return &configError{Problems: envState.problems}
}

// configError lists the variables whose values were refused, one a line.
type configError struct{ Problems []string }

// Error implements error.
func (e *configError) Error() string { return strings.Join(e.Problems, "\n") }

// isConfigError reports whether err is a refused configuration value.
func isConfigError(err error) bool {
	var ce *configError
	return errors.As(err, &ce)
}

// lookup returns the trimmed value of name and whether it is set to
// anything but blanks, and records that name is one Drumbeat reads.
func lookup(name string) (string, bool) {
	if !slices.Contains(envState.read, name) {
		envState.read = append(envState.read, name)
	}
	v := strings.TrimSpace(os.Getenv(name))
	return v, v != ""
}

// refuse records that name holds a value outside form.
func refuse(name, value, form string) {
	envState.problems = append(envState.problems, fmt.Sprintf("drumbeat: %s=%q is not valid: want %s", name, value, form))
}

// refuseLine records a problem that is not about one variable's value.
func refuseLine(line string) {
	envState.problems = append(envState.problems, line)
}

// env returns a free-form string variable, or def when unset.
func env(name, def string) string {
	if v, ok := lookup(name); ok {
		return v
	}
	return def
}

// envCheck returns a string variable that check accepts, or def when unset.
func envCheck(name, def, form string, check func(string) error) string {
	v, ok := lookup(name)
	if !ok {
		return def
	}
	if err := check(v); err != nil {
		refuse(name, v, form)
		return def
	}
	return v
}

// envInt returns a whole number above 0, or def when unset.
func envInt(name string, def int) int { return envIntRange(name, def, 1, 1<<31-1) }

// envIntRange returns a whole number from lo to hi, or def when unset.
func envIntRange(name string, def, lo, hi int) int {
	v, ok := lookup(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		if hi == 1<<31-1 {
			refuse(name, v, fmt.Sprintf("a whole number of at least %d", lo))
		} else {
			refuse(name, v, fmt.Sprintf("a whole number from %d to %d", lo, hi))
		}
		return def
	}
	return n
}

// envDuration returns a duration of at least 0, or def when unset.
func envDuration(name string, def time.Duration) time.Duration {
	v, ok := lookup(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		refuse(name, v, "a duration such as 30s, 2m or 1m30s")
		return def
	}
	return d
}

// envBool returns true or false (also 1 or 0, any case), or def when unset.
// It accepts what Temporal's own environment configuration accepts.
func envBool(name string, def bool) bool {
	v, ok := lookup(name)
	if !ok {
		return def
	}
	switch strings.ToLower(v) {
	case "true", "1":
		return true
	case "false", "0":
		return false
	}
	refuse(name, v, "true or false (or 1 or 0)")
	return def
}

// envOneOf returns one of choices (any case), or def when unset.
func envOneOf(name, def string, choices ...string) string {
	v, ok := lookup(name)
	if !ok {
		return def
	}
	for _, c := range choices {
		if strings.EqualFold(v, c) {
			return c
		}
	}
	refuse(name, v, "one of "+strings.Join(choices, ", "))
	return def
}

// envAddr returns a host:port listen or dial address, or def when unset.
func envAddr(name, def string) string {
	return envCheck(name, def, "host:port, such as 127.0.0.1:8080 or :8080", checkAddr)
}

// checkAddr accepts host:port with a port from 1 to 65535.
func checkAddr(v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("bad port %q", port)
	}
	return nil
}

// envPort returns a TCP port from 1 to 65535, or def when unset.
func envPort(name string, def int) int { return envIntRange(name, def, 1, 65535) }

// readVariables lists every variable the last loadConfig read.
func readVariables() []string {
	envState.Lock()
	defer envState.Unlock()
	return slices.Clone(envState.read)
}
