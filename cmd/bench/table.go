package main

import (
	"fmt"
	"io"
	"strings"
)

// figure is one row of the table: a measure each run takes.
type figure struct {
	key   string
	label string
	unit  string
	// vs is the key of the bare Temporal figure of the same run this one is
	// a ratio to ("" for none).
	vs     string
	target *target
}

// target is what a figure should reach, as the issue sets it.
type target struct {
	text string
	// onRatio judges the ratio to bare Temporal rather than the value.
	onRatio bool
	ok      func(float64) bool
}

// atMost, under, atLeast, none and ratioAtLeast make the targets:
// "within" and "at most" are atMost, "under" is under.
func atMost(limit float64, unit string) *target {
	return &target{text: fmt.Sprintf("≤ %s %s", trim(limit), unit), ok: func(v float64) bool { return v <= limit }}
}

func under(limit float64, unit string) *target {
	return &target{text: fmt.Sprintf("< %s %s", trim(limit), unit), ok: func(v float64) bool { return v < limit }}
}

func none() *target { return &target{text: "0", ok: func(v float64) bool { return v == 0 }} }

func atLeast(limit float64, unit string) *target {
	return &target{text: fmt.Sprintf("≥ %s %s", trim(limit), unit), ok: func(v float64) bool { return v >= limit }}
}

func ratioAtLeast(limit float64) *target {
	return &target{text: fmt.Sprintf("≥ %sx bare", trim(limit)), onRatio: true, ok: func(v float64) bool { return v >= limit }}
}

// figures lists the table's rows for n participants.
func figures(n int) []figure {
	// The targets: the Nth email within two thirds of listmonk's
	// 4.98 s at 10,000, within 30 s at 100,000; a 10,000 batch within 10 s.
	// Between and beyond, they scale with n and never fall below those.
	nth := max(3.3, 30*float64(n)/100000)
	batch := 10 * max(1, float64(n)/10000)
	figs := []figure{
		{key: "a.starts", label: "(a) bare Temporal: workflows started", unit: "/s"},
		{key: "a.done", label: "(a) bare Temporal: one-activity workflows completed", unit: "/s"},
		{key: "a.sent", label: "(a) bare Temporal: signals sent to running workflows", unit: "/s"},
		{key: "a.handled", label: "(a) bare Temporal: signals handled (workflows done)", unit: "/s"},
		{key: "b.answer", label: "(b) campaign start: API answer", unit: "s"},
		{key: "b.nth", label: "(b) campaign start: Nth email accepted", unit: "s", target: atMost(nth, "s")},
		{key: "b.rate", label: "(b) campaign start: rate while sending", unit: "msg/s", target: atLeast(8000, "msg/s")},
		{key: "b.running", label: "(b) campaign start: every workflow running", unit: "s"},
		{key: "b.ready", label: "(b) campaign start: every workflow running, first task done", unit: "s"},
		{key: "b.readyRate", label: "(b) campaign start: workflows running and drained", unit: "/s", vs: "a.starts", target: ratioAtLeast(0.8)},
		{key: "c.answer", label: "(c) batch status update: API answer", unit: "s"},
		{key: "c.done", label: "(c) batch status update: rows and emails done", unit: "s", target: atMost(batch, "s")},
		{key: "c.caught", label: "(c) batch status update: every workflow caught up", unit: "s"},
		{key: "c.rate", label: "(c) batch status update: workflows caught up", unit: "/s", vs: "a.handled", target: ratioAtLeast(0.5)},
		{key: "d.p50", label: "(d) delayed email: lateness p50", unit: "s"},
		{key: "d.p99", label: "(d) delayed email: lateness p99", unit: "s", target: under(10, "s")},
		{key: "d.max", label: "(d) delayed email: lateness max", unit: "s"},
		{key: "e.change", label: "(e) one participant's status change (API)", unit: "s"},
		{key: "e.complete", label: "(e) stage move: complete (API)", unit: "s", target: under(1, "s")},
		{key: "e.ended", label: "(e) every participant workflow ended after complete", unit: "s"},
		{key: "e.restart", label: "(e) stage move: restart (API)", unit: "s", target: under(1, "s")},
		{key: "e.cancel", label: "(e) stage move: cancel (API)", unit: "s", target: under(1, "s")},
		{key: "g.worker", label: "(g) worker RSS, N workflows open", unit: "MB", target: under(500, "MB")},
		{key: "g.temporal", label: "(g) Temporal server RSS, N workflows open", unit: "MB"},
		{key: "g.api", label: "(g) API RSS", unit: "MB"},
	}
	for _, p := range leadPages {
		for _, pc := range []string{"p50", "p95", "p99"} {
			f := figure{key: p.key + "." + pc, label: "(f) " + p.label + ", " + pc, unit: "ms"}
			// p99 under 25 ms for the list, the search and the chips.
			if pc == "p99" && p.key != "f.sort" && p.key != "f.detail" {
				f.target = under(25, "ms")
			}
			figs = append(figs, f)
		}
	}
	return append(figs,
		figure{key: "f.export", label: "(f) full CSV export", unit: "s"},
		figure{key: "f.exportRSS", label: "(f) full CSV export: API peak RSS", unit: "MB"},
		// In constant memory: what every row would need is well beyond this.
		figure{key: "f.exportGrowth", label: "(f) full CSV export: API RSS growth", unit: "MB", target: under(64, "MB")},
		figure{key: "mail.duplicates", label: "emails received twice (same Message-ID)", target: none()},
		figure{key: "mail.lost", label: "emails lost (expected, never received)", target: none()},
	)
}

// beside returns figs with, after each figure of a scenario the pass
// measures, the same figure taken on that pass: key and ratio with its
// suffix, label with its label, the same target. The emails' counts are
// every pass's; the leads (f) are taken once, on the first pass.
func beside(figs []figure, p pass) []figure {
	out := make([]figure, 0, 2*len(figs))
	for _, f := range figs {
		out = append(out, f)
		scenario, _, _ := strings.Cut(f.key, ".")
		if scenario != "mail" && !p.cfg.has(scenario) {
			continue
		}
		f.key, f.label = f.key+p.suffix, f.label+p.label
		if f.vs != "" {
			f.vs += p.suffix
		}
		out = append(out, f)
	}
	return out
}

// run holds one run's figures by key; a figure the run could not take is
// missing.
type run map[string]float64

// row is one printed row.
type row struct {
	figure
	value, ratio summary
}

// rows summarizes the runs' figures.
func rows(figs []figure, runs []run) []row {
	out := make([]row, 0, len(figs))
	for _, f := range figs {
		var values, ratios []float64
		for _, r := range runs {
			v, ok := r[f.key]
			if !ok {
				continue
			}
			values = append(values, v)
			if b, ok := r[f.vs]; ok && f.vs != "" && b > 0 {
				ratios = append(ratios, v/b)
			}
		}
		out = append(out, row{figure: f, value: summarize(values), ratio: summarize(ratios)})
	}
	return out
}

// verdict is "met" or "missed" for a row with a target, judged on the
// median, "" for one without, "n/a" when no run took it.
func (r row) verdict() string {
	switch {
	case r.target == nil:
		return ""
	case r.value.Runs == 0 || (r.target.onRatio && r.ratio.Runs == 0):
		return "n/a"
	}
	v := r.value.Median
	if r.target.onRatio {
		v = r.ratio.Median
	}
	if r.target.ok(v) {
		return "met"
	}
	return "missed"
}

// printTable writes the table in Markdown, so that it can be pasted into
// docs/performance.md as it is.
func printTable(w io.Writer, rs []row, runs int) {
	fmt.Fprintln(w, "| figure | median | min | max | runs | ratio to bare | target | |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---|---|")
	for _, r := range rs {
		cells := []string{r.label, "n/a", "", "", fmt.Sprintf("%d/%d", r.value.Runs, runs), "", "", r.verdict()}
		if r.value.Runs > 0 {
			cells[1], cells[2], cells[3] = num(r.value.Median, r.unit), num(r.value.Min, r.unit), num(r.value.Max, r.unit)
		}
		if r.ratio.Runs > 0 {
			cells[5] = fmt.Sprintf("%.2fx (%.2f-%.2f)", r.ratio.Median, r.ratio.Min, r.ratio.Max)
		}
		if r.target != nil {
			cells[6] = r.target.text
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

// num prints a value with its unit and a precision that suits its size.
func num(v float64, unit string) string {
	if unit == "" {
		return fmt.Sprintf("%.0f", v)
	}
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f %s", v, unit)
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, unit)
	default:
		return fmt.Sprintf("%.2f %s", v, unit)
	}
}

// trim prints a limit without needless decimals.
func trim(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}
