package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Fault names, as CHAOS_FAULTS lists them.
const (
	faultWorker   = "worker"
	faultPostgres = "pg"
	faultSMTP     = "smtp"
	faultTemporal = "temporal"
)

// allFaults is every fault, in the order the run applies them first.
var allFaults = []string{faultWorker, faultPostgres, faultSMTP, faultTemporal}

// config is read from environment variables; a variable that is set must be
// valid, or the run does not start.
type config struct {
	// N is the number of participants (CHAOS_N, default 10000).
	N int
	// Faults are the faults applied (CHAOS_FAULTS: "all" or a comma list of
	// worker, pg, smtp, temporal; default all).
	Faults []string
	// Timeout bounds each wait of the run: for everyone to be contacted, and
	// for nothing to be in flight at the end (CHAOS_TIMEOUT, default 60m: a
	// 10,000-participant run on a busy 2-core machine needs more than 30).
	Timeout time.Duration
	// SMTPPool is the worker's SMTP connection pool (SMTP_POOL, default 4);
	// the duplicate bound is 2 x SMTPPool x worker kills.
	SMTPPool int
	// SMTPDown is how long the SMTP server stays stopped (60 s).
	SMTPDown time.Duration
	// Dir keeps the run's data and logs (CHAOS_DIR, default .drumbeat/chaos).
	Dir string
	// Drumbeat is the drumbeat binary run as worker and API (DRUMBEAT_BIN,
	// default bin/drumbeat, built by `make chaos`).
	Drumbeat string
}

// has reports whether the run applies a fault.
func (c config) has(fault string) bool { return slices.Contains(c.Faults, fault) }

// workerKills is how many times the run kills the worker.
func (c config) workerKills() int {
	if c.has(faultWorker) {
		return 2
	}
	return 0
}

// loadConfig reads the configuration from getenv, reporting every bad
// variable at once.
func loadConfig(getenv func(string) string) (config, error) {
	cfg := config{N: 10000, Faults: allFaults, Timeout: time.Hour, SMTPPool: 4, SMTPDown: time.Minute,
		Dir: ".drumbeat/chaos", Drumbeat: "bin/drumbeat"}
	var errs []error
	positive := func(name string, dst *int) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return
		}
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			errs = append(errs, fmt.Errorf("%s=%q: want a positive whole number", name, v))
			return
		}
		*dst = n
	}
	positive("CHAOS_N", &cfg.N)
	positive("SMTP_POOL", &cfg.SMTPPool)
	if v := strings.TrimSpace(getenv("CHAOS_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("CHAOS_TIMEOUT=%q: want a positive duration such as 60m", v))
		} else {
			cfg.Timeout = d
		}
	}
	if v := strings.TrimSpace(getenv("CHAOS_FAULTS")); v != "" && v != "all" {
		faults, err := parseFaults(v)
		if err != nil {
			errs = append(errs, err)
		}
		cfg.Faults = faults
	}
	if v := strings.TrimSpace(getenv("CHAOS_DIR")); v != "" {
		cfg.Dir = v
	}
	if v := strings.TrimSpace(getenv("DRUMBEAT_BIN")); v != "" {
		cfg.Drumbeat = v
	}
	return cfg, errors.Join(errs...)
}

// parseFaults reads a comma list of fault names, kept in the run's order.
func parseFaults(v string) ([]string, error) {
	chosen := map[string]bool{}
	for _, f := range strings.Split(v, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(allFaults, f) {
			return nil, fmt.Errorf("CHAOS_FAULTS=%q: %q is not a fault (want all, or a comma list of %s)", v, f, strings.Join(allFaults, ", "))
		}
		chosen[f] = true
	}
	var out []string
	for _, f := range allFaults {
		if chosen[f] {
			out = append(out, f)
		}
	}
	return out, nil
}

// drumbeatPath returns the drumbeat binary's absolute path, or why it
// cannot be run.
func (c config) drumbeatPath() (string, error) {
	fi, err := os.Stat(c.Drumbeat)
	if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", fmt.Errorf("DRUMBEAT_BIN=%s is not an executable (run `make build`, or `make chaos` which builds it)", c.Drumbeat)
	}
	return absPath(c.Drumbeat)
}
