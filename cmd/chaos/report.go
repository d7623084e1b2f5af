package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// result is everything the run measured.
type result struct {
	// Date, Machine and Commit say where and on what the figures were measured.
	Date       time.Time
	Machine    string
	Commit     string
	N          int
	Faults     string
	SMTPPool   int
	Kills      int
	Restarts   int
	Mail       mailCounts
	NotInState int
	Workflows  workflowCounts
	FaultFails int
	InFlight   []string
	Took       time.Duration
}

// bound is the most duplicates the run accepts: the messages that can be in
// flight on the worker's SMTP connections when it is killed, or when
// PostgreSQL restarts under it (accepted, then not marked: every send of the
// worker stops at the first failure to record), twice over.
func (r result) bound() int { return 2 * r.SMTPPool * (r.Kills + r.Restarts) }

// failures lists why the run fails; none means it passes.
func (r result) failures() []string {
	var out []string
	if r.Mail.Duplicates > r.bound() {
		out = append(out, fmt.Sprintf("%d duplicates > bound %d", r.Mail.Duplicates, r.bound()))
	}
	if r.Mail.Other > 0 {
		out = append(out, fmt.Sprintf("%d messages under a Message-ID of their own (a repeat nobody can recognise, or unasked for)", r.Mail.Other))
	}
	if r.Mail.Lost > 0 {
		out = append(out, fmt.Sprintf("%d emails lost", r.Mail.Lost))
	}
	if r.Workflows.Stuck > 0 {
		out = append(out, fmt.Sprintf("%d workflows stuck", r.Workflows.Stuck))
	}
	if r.Workflows.Failed > 0 {
		out = append(out, fmt.Sprintf("%d workflows failed", r.Workflows.Failed))
	}
	if r.NotInState > 0 {
		out = append(out, fmt.Sprintf("%d participants not in %s", r.NotInState, statusResponded))
	}
	if r.FaultFails > 0 {
		out = append(out, fmt.Sprintf("%d faults could not be applied", r.FaultFails))
	}
	return out
}

// Failed says the run broke the delivery promise (see failures).
func (r result) Failed() bool { return len(r.failures()) > 0 }

// Print writes the run's one table.
func (r result) Print(w io.Writer) {
	detail := append([]string(nil), r.Workflows.Detail...)
	sort.Strings(detail)
	rows := [][2]string{
		{"participants", fmt.Sprint(r.N)},
		{"emails expected", fmt.Sprint(r.Mail.Expected)},
		{"received", fmt.Sprint(r.Mail.Received)},
		{"distinct Message-IDs", fmt.Sprint(r.Mail.Distinct)},
		{"duplicates (same Message-ID)", fmt.Sprintf("%d (first email %d, follow-up %d)", r.Mail.Duplicates,
			r.Mail.DuplicatesFirst, r.Mail.DuplicatesFollowUp)},
		{"other Message-IDs", fmt.Sprint(r.Mail.Other)},
		{"lost", fmt.Sprint(r.Mail.Lost)},
		{"participants not in " + statusResponded, fmt.Sprint(r.NotInState)},
		{"workflows failed", fmt.Sprint(r.Workflows.Failed)},
		{"workflows stuck", fmt.Sprint(r.Workflows.Stuck)},
		{"time taken (start to settled)", r.Took.Round(time.Second).String()},
		{"duplicate bound", fmt.Sprintf("%d (2 x SMTP_POOL %d x (%d worker kills + %d PostgreSQL restarts))", r.bound(), r.SMTPPool, r.Kills, r.Restarts)},
		{"faults", r.Faults},
		{"measured", fmt.Sprintf("%s on %s, commit %s", r.Date.UTC().Format(time.RFC3339), r.Machine, r.Commit)},
	}
	if len(detail) > 0 {
		rows = append(rows, [2]string{"workflow detail", strings.Join(detail, ", ")})
	}
	if r.Workflows.ExtraRuns > 0 {
		rows = append(rows, [2]string{"extra workflow runs", fmt.Sprint(r.Workflows.ExtraRuns)})
	}
	if len(r.InFlight) > 0 {
		rows = append(rows, [2]string{"still in flight at the deadline", strings.Join(r.InFlight, "; ")})
	}
	verdict := "PASS"
	if f := r.failures(); len(f) > 0 {
		verdict = "FAIL: " + strings.Join(f, "; ")
	}
	rows = append(rows, [2]string{"verdict", verdict})
	width := 0
	for _, row := range rows {
		width = max(width, len(row[0]))
	}
	fmt.Fprintf(w, "\n| %-*s | %s |\n", width, "measure", "value")
	fmt.Fprintf(w, "|%s|%s|\n", strings.Repeat("-", width+2), strings.Repeat("-", 7))
	for _, row := range rows {
		fmt.Fprintf(w, "| %-*s | %s |\n", width, row[0], row[1])
	}
}
