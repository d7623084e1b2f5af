package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
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
}

// print writes the report: where and how it was measured, the one table,
// the rounds of one participant and what went wrong.
func (r report) print(w io.Writer) {
	settings := append([]string{fmt.Sprintf("BENCH_N=%d", r.cfg.N), fmt.Sprintf("BENCH_RUNS=%d", r.cfg.Runs),
		fmt.Sprintf("BENCH_DELAY=%s", r.cfg.Delay), "BENCH_SCENARIOS=" + strings.Join(r.cfg.Scenarios, ",")}, r.cfg.Worker...)
	fmt.Fprintf(w, "\nDrumbeat benchmark, %s\n", strings.Join(settings, " "))
	fmt.Fprintf(w, "measured %s on %s, commit %s\n", r.date.UTC().Format(time.RFC3339), r.machine, r.commit)
	fmt.Fprintf(w, "uptime before: %s\nuptime after:  %s\n", r.loadBefore, r.loadAfter)
	if r.cfg.has("f") {
		fmt.Fprintf(w, "(f): %d leads loaded with COPY in %s; %d clients at once, %d requests of each kind a run after %d to warm up\n",
			r.cfg.Leads, r.leadsLoaded.Round(time.Second), r.cfg.Clients, r.cfg.Requests, r.cfg.Clients)
	}
	fmt.Fprintln(w)
	printTable(w, rows(figures(r.cfg.N), r.runs), len(r.runs))
	printCPU(w, r.runs)
	printRounds(w, r.rounds)
	if r.repeats > 0 {
		fmt.Fprintf(w, "\nrepeated Message-IDs, every kind of email: %d\n", r.repeats)
	}
	for _, f := range r.failures {
		fmt.Fprintf(w, "FAILED: %s\n", f)
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
