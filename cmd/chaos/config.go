package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
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
	// the duplicate bound is 2 x SMTPPool x (worker kills + PostgreSQL
	// restarts).
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

// loadConfig reads the configuration from getenv, reporting every bad
// variable at once.
func loadConfig(getenv func(string) string) (config, error) {
	cfg := config{N: 10000, Faults: allFaults, Timeout: time.Hour, SMTPPool: 4, SMTPDown: time.Minute,
		Dir: ".drumbeat/chaos", Drumbeat: "bin/drumbeat"}
	env := rig.NewSettings(getenv)
	env.Positive("CHAOS_N", &cfg.N)
	env.Positive("SMTP_POOL", &cfg.SMTPPool)
	env.Duration("CHAOS_TIMEOUT", &cfg.Timeout)
	if v, ok := env.Lookup("CHAOS_FAULTS"); ok && v != "all" {
		faults, err := parseFaults(v)
		if err != nil {
			env.Refuse("CHAOS_FAULTS", v, err.Error())
		}
		cfg.Faults = faults
	}
	env.String("CHAOS_DIR", &cfg.Dir)
	env.String("DRUMBEAT_BIN", &cfg.Drumbeat)
	return cfg, env.Err()
}

// parseFaults reads a comma list of fault names, kept in the run's order.
func parseFaults(v string) ([]string, error) {
	chosen := map[string]bool{}
	for _, f := range strings.Split(v, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(allFaults, f) {
			return nil, fmt.Errorf("all, or a comma list of %s (%q is not a fault)", strings.Join(allFaults, ", "), f)
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
	return rig.Executable(c.Drumbeat, "chaos")
}
