package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/drumbeat-crm/drumbeat/cmd/drumbeat/devstack"
)

// report is everything the benchmark measured and where.
type report struct {
	cfg                   config
	date                  time.Time
	machine, commit       string
	loadBefore, loadAfter string
	runs                  []run
	rounds                []rounds
	repeats               int
	leadsLoaded           time.Duration
	failures              []string
	// temporals says which Temporal server each pass ran on.
	temporals []string
}

// Failed says a run of the benchmark failed.
func (r report) Failed() bool { return len(r.failures) > 0 }

// Print writes the report: where and how it was measured, the one table,
// the rounds of one participant and what went wrong.
func (r report) Print(w io.Writer) {
	settings := append([]string{fmt.Sprintf("BENCH_N=%d", r.cfg.N), fmt.Sprintf("BENCH_RUNS=%d", r.cfg.Runs),
		fmt.Sprintf("BENCH_DELAY=%s", r.cfg.Delay), "BENCH_SCENARIOS=" + strings.Join(r.cfg.Scenarios, ",")}, r.cfg.Worker...)
	fmt.Fprintf(w, "\nDrumbeat benchmark, %s\n", strings.Join(settings, " "))
	fmt.Fprintf(w, "measured %s on %s, commit %s\n", r.date.UTC().Format(time.RFC3339), r.machine, r.commit)
	fmt.Fprintf(w, "uptime before: %s\nuptime after:  %s\n", r.loadBefore, r.loadAfter)
	passes := r.cfg.passes()
	for i, t := range r.temporals {
		if i == 0 {
			fmt.Fprintf(w, "Temporal: %s\n", t)
		} else {
			fmt.Fprintf(w, "rows %q: %s; each beside the same figure on the first server, its ratio to bare Temporal on the same server\n",
				strings.TrimPrefix(passes[i].label, ", "), t)
		}
	}
	if r.cfg.has("f") {
		fmt.Fprintf(w, "(f): %d leads loaded with COPY in %s; %d clients at once, %d requests of each kind a run after %d to warm up\n",
			r.cfg.Leads, r.leadsLoaded.Round(time.Second), r.cfg.Clients, r.cfg.Requests, r.cfg.Clients)
	}
	fmt.Fprintln(w)
	figs := figures(r.cfg.N)
	for _, p := range passes[1:] {
		figs = beside(figs, p)
	}
	printTable(w, rows(figs, r.runs), len(r.runs))
	for _, p := range passes {
		printCPU(w, r.runs, p)
	}
	printRounds(w, r.rounds)
	if r.repeats > 0 {
		fmt.Fprintf(w, "\nrepeated Message-IDs, every kind of email: %d\n", r.repeats)
	}
	for _, f := range r.failures {
		fmt.Fprintf(w, "FAILED: %s\n", f)
	}
}

// temporalOf says which Temporal server a pass ran on; external is set
// when the environment named it.
func temporalOf(p pass, external bool, address string) string {
	switch {
	case external:
		return "the server TEMPORAL_ADDRESS names (" + address + ")"
	case p.store == devstack.TemporalPostgres:
		return fmt.Sprintf("Temporal server %s on the stack's PostgreSQL (plugin postgres12, fsync off), %d history shards",
			devstack.TemporalServerVersion, devstack.TemporalHistoryShards)
	default:
		return fmt.Sprintf("dev server of the Temporal CLI %s (temporal server start-dev, SQLite in memory, 1 history shard)",
			devstack.TemporalCLIVersion)
	}
}

// loadAverage is what `uptime` prints (the load average over 1, 5 and 15
// minutes), or /proc/loadavg without it.
func loadAverage() string {
	if out, err := exec.Command("uptime").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		return "load average " + strings.TrimSpace(string(b))
	}
	return "unknown"
}
