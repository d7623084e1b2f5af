package main

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/drumbeat-crm/drumbeat/cmd/drumbeat/devstack"
	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
)

// config is read from environment variables; a variable that is set must be
// valid, or the benchmark does not start.
type config struct {
	// N is the number of workflows, participants and emails of each
	// scenario (BENCH_N, default 10000).
	N int
	// Runs is how many times each scenario runs (BENCH_RUNS, default 3).
	Runs int
	// Scenarios are the scenarios measured (BENCH_SCENARIOS: "all" or a
	// comma list of a, b, c, d, e, f, g; default all). The campaign's start
	// (b) runs whenever one of c, d, e or g does: they need its workflows.
	Scenarios []string
	// Timeout bounds each wait of a run (BENCH_TIMEOUT, default 30m).
	Timeout time.Duration
	// Delay is the delayed email's delay after its status (BENCH_DELAY,
	// default 30s, as the scenario).
	Delay time.Duration
	// Profile is the length of the worker CPU profiles taken from the
	// campaign start and from the batch update of the last run, and of the
	// API's from the lead pages of (f), written to Dir (BENCH_PROFILE, such
	// as 60s; unset: none). The worker and the API then run with
	// PPROF=true.
	Profile time.Duration
	// Dir keeps the run's data, logs and profiles (BENCH_DIR, default
	// .drumbeat/bench).
	Dir string
	// Drumbeat is the drumbeat binary run as worker and API (DRUMBEAT_BIN,
	// default bin/drumbeat, built by `make bench`).
	Drumbeat string
	// Leads is how many leads scenario (f) loads (BENCH_LEADS, default
	// 1,000,000), Clients how many clients ask at once (BENCH_CLIENTS,
	// default 16) and Requests how many requests of each kind they send in
	// a run (BENCH_REQUESTS, default 320).
	Leads, Clients, Requests int
	// Temporal is what the stack runs Temporal on (TEMPORAL: dev, the
	// default, or postgres). With postgres every scenario but (f) is
	// measured twice, on the dev server and on the Temporal server on the
	// stack's PostgreSQL; see passes.
	Temporal string
	// Worker holds the worker settings passed on when set (SMTP_POOL,
	// PAGE_SIZE, WORKER_MAX_ACTIVITIES, WORKER_CACHE_SIZE); the table names
	// them.
	Worker []string
}

// passedOn are the worker's own settings a benchmark may tune; they are
// checked by the worker itself.
var passedOn = []string{"SMTP_POOL", "PAGE_SIZE", "WORKER_MAX_ACTIVITIES", "WORKER_CACHE_SIZE"}

// loadConfig reads the configuration from getenv, reporting every bad
// variable at once.
func loadConfig(getenv func(string) string) (config, error) {
	cfg := config{N: 10000, Runs: 3, Scenarios: allScenarios, Leads: 1_000_000, Clients: 16, Requests: 320,
		Timeout: 30 * time.Minute, Delay: 30 * time.Second,
		Dir: ".drumbeat/bench", Drumbeat: "bin/drumbeat", Temporal: devstack.TemporalDev}
	env := rig.NewSettings(getenv)
	env.Positive("BENCH_N", &cfg.N)
	env.Positive("BENCH_RUNS", &cfg.Runs)
	env.Positive("BENCH_LEADS", &cfg.Leads)
	env.Positive("BENCH_CLIENTS", &cfg.Clients)
	env.Positive("BENCH_REQUESTS", &cfg.Requests)
	env.Duration("BENCH_TIMEOUT", &cfg.Timeout)
	env.Duration("BENCH_DELAY", &cfg.Delay)
	if cfg.Delay%time.Second != 0 {
		env.Refuse("BENCH_DELAY", getenv("BENCH_DELAY"), "whole seconds (a delayed email's delay is in seconds)")
	}
	env.Duration("BENCH_PROFILE", &cfg.Profile)
	if v, ok := env.Lookup("BENCH_SCENARIOS"); ok && v != "all" {
		if cfg.Scenarios = parseScenarios(v); cfg.Scenarios == nil {
			env.Refuse("BENCH_SCENARIOS", v, "all, or a comma list of "+strings.Join(allScenarios, ", "))
		}
	}
	if v, ok := env.Lookup("TEMPORAL"); ok {
		if v != devstack.TemporalDev && v != devstack.TemporalPostgres {
			env.Refuse("TEMPORAL", v, "dev (the Temporal CLI's dev server) or postgres (the Temporal server on PostgreSQL, as production runs it)")
		} else {
			cfg.Temporal = v
		}
	}
	env.String("BENCH_DIR", &cfg.Dir)
	env.String("DRUMBEAT_BIN", &cfg.Drumbeat)
	for _, name := range passedOn {
		if v, ok := env.Lookup(name); ok {
			cfg.Worker = append(cfg.Worker, name+"="+v)
		}
	}
	return cfg, env.Err()
}

// allScenarios are the scenarios, in the order a run measures them.
var allScenarios = []string{"a", "b", "c", "d", "e", "g", "f"}

// parseScenarios reads a comma list of scenarios, nil when one is unknown.
// The start (b) is added when a scenario needs it.
func parseScenarios(v string) []string {
	chosen := map[string]bool{}
	for _, s := range strings.Split(v, ",") {
		s = strings.ToLower(strings.TrimSpace(s))
		if !slices.Contains(allScenarios, s) {
			return nil
		}
		chosen[s] = true
		if s != "a" && s != "f" {
			chosen["b"] = true
		}
	}
	var out []string
	for _, s := range allScenarios {
		if chosen[s] {
			out = append(out, s)
		}
	}
	return out
}

// pass is one Temporal server the benchmark measures on: a system of its
// own (stack, worker, API, SMTP server), started after the one before has
// stopped, so that the two never share the machine.
type pass struct {
	// store is the stack's Temporal (devstack.TemporalDev or TemporalPostgres).
	store string
	// suffix is added to the keys of the figures the pass takes ("" for the
	// first), label to the table's rows.
	suffix, label string
	cfg           config
}

// pgSuffix marks the figures taken on the Temporal server on PostgreSQL.
const pgSuffix = "@pg"

// passes are the Temporal servers measured, in order: the dev server, then
// with TEMPORAL=postgres the Temporal server on PostgreSQL, in a folder of
// its own in Dir and without (f), whose leads never touch Temporal.
func (c config) passes() []pass {
	out := []pass{{store: devstack.TemporalDev, cfg: c}}
	if c.Temporal != devstack.TemporalPostgres {
		return out
	}
	pg := c
	pg.Dir = filepath.Join(c.Dir, "temporal-postgres")
	pg.Scenarios = slices.DeleteFunc(slices.Clone(c.Scenarios), func(s string) bool { return s == "f" })
	if len(pg.Scenarios) == 0 {
		return out
	}
	return append(out, pass{store: devstack.TemporalPostgres, suffix: pgSuffix, label: ", Temporal on PostgreSQL", cfg: pg})
}

// has reports whether a scenario is measured.
func (c config) has(scenario string) bool { return slices.Contains(c.Scenarios, scenario) }

// drumbeatPath returns the drumbeat binary's absolute path, or why it
// cannot be run.
func (c config) drumbeatPath() (string, error) { return rig.Executable(c.Drumbeat, "bench") }

// env is what the worker and the API run with.
func (c config) env() []string {
	env := append([]string{"MAX_PARTICIPANTS=" + strconv.Itoa(max(c.N, 100000))}, c.Worker...)
	if c.Profile > 0 {
		env = append(env, "PPROF=true")
	}
	return env
}
