package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSummarizeAndPercentile(t *testing.T) {
	assert.Equal(t, summary{Median: 2, Min: 1, Max: 7, Runs: 3}, summarize([]float64{7, 1, 2}))
	assert.Equal(t, summary{Median: 2.5, Min: 1, Max: 7, Runs: 4}, summarize([]float64{7, 1, 2, 3}))
	assert.Zero(t, summarize(nil).Runs)
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(101-i)*time.Second)
	}
	assert.Equal(t, 50*time.Second, percentile(d, 50))
	assert.Equal(t, 99*time.Second, percentile(d, 99))
	assert.Equal(t, 100*time.Second, percentile(d, 100))
	assert.Equal(t, time.Second, percentile(d[99:], 99), "one value is every percentile")
	assert.Zero(t, percentile(nil, 50))
	assert.Equal(t, 250.0, perSecond(1000, 4*time.Second))
	assert.Zero(t, perSecond(1000, 0))
}

// Each row is judged on its median: the value against a limit, or its ratio
// to the bare Temporal figure of the same run; a run that did not take a
// figure is left out, and a figure no run took is n/a.
func TestRowsJudgeTheMedian(t *testing.T) {
	runs := []run{
		{"a.starts": 100, "b.readyRate": 90, "b.nth": 2, "d.p99": 30},
		{"a.starts": 200, "b.readyRate": 100, "b.nth": 5},
		{"a.starts": 100, "b.readyRate": 70, "b.nth": 3},
	}
	byKey := map[string]row{}
	for _, r := range rows(figures(10000), runs) {
		byKey[r.key] = r
	}
	assert.Equal(t, summary{Median: 3, Min: 2, Max: 5, Runs: 3}, byKey["b.nth"].value)
	assert.Equal(t, "met", byKey["b.nth"].verdict(), "3 s is within 3.3 s")
	assert.Equal(t, summary{Median: 0.7, Min: 0.5, Max: 0.9, Runs: 3}, byKey["b.readyRate"].ratio)
	assert.Equal(t, "missed", byKey["b.readyRate"].verdict(), "0.7x is under 0.8x")
	assert.Equal(t, 1, byKey["d.p99"].value.Runs)
	assert.Equal(t, "missed", byKey["d.p99"].verdict())
	assert.Equal(t, "n/a", byKey["e.complete"].verdict())
	assert.Equal(t, "", byKey["a.starts"].verdict(), "no target")
	edge := rows(figures(10000), []run{{"d.p99": 10, "mail.duplicates": 0, "mail.lost": 1}})
	for _, r := range edge {
		switch r.key {
		case "d.p99", "mail.lost":
			assert.Equal(t, "missed", r.verdict(), r.key)
		case "mail.duplicates":
			assert.Equal(t, "met", r.verdict(), r.key)
		}
	}
}

// The targets scale with N as the issue sets them: the Nth email within
// 3.3 s up to 10,000 and within 30 s at 100,000; a batch within 10 s per
// 10,000.
func TestTargetsFollowN(t *testing.T) {
	text := func(n int, key string) string {
		for _, f := range figures(n) {
			if f.key == key {
				return f.target.text
			}
		}
		return ""
	}
	assert.Equal(t, "≤ 3.3 s", text(50, "b.nth"))
	assert.Equal(t, "≤ 3.3 s", text(10000, "b.nth"))
	assert.Equal(t, "≤ 30 s", text(100000, "b.nth"))
	assert.Equal(t, "≤ 10 s", text(10000, "c.done"))
	assert.Equal(t, "≤ 100 s", text(100000, "c.done"))
	assert.Equal(t, "≥ 8000 msg/s", text(10000, "b.rate"))
	assert.Equal(t, "≥ 0.5x bare", text(10000, "c.rate"))
	assert.Equal(t, "< 10 s", text(10000, "d.p99"), "under 10 s: 10 s itself misses")
	assert.Equal(t, "< 1 s", text(100000, "e.cancel"))
	assert.Equal(t, "< 500 MB", text(100000, "g.worker"))
	assert.Equal(t, "0", text(100000, "mail.lost"))
	assert.Equal(t, "< 25 ms", text(10000, "f.stale.p99"))
	assert.Equal(t, "< 25 ms", text(10000, "f.search2.p99"))
	assert.Equal(t, "< 64 MB", text(10000, "f.exportGrowth"))
	for _, f := range figures(10000) {
		if f.key == "f.detail.p99" || f.key == "f.list.p95" {
			assert.Nil(t, f.target, "the issue sets no target for %s", f.key)
		}
	}
}

func TestPrintTable(t *testing.T) {
	var buf bytes.Buffer
	printTable(&buf, rows(figures(10000), []run{{"a.starts": 367.4, "b.readyRate": 250, "b.nth": 2.84}, {}}), 2)
	lines := strings.Split(buf.String(), "\n")
	require.Len(t, lines, len(figures(10000))+3)
	assert.Contains(t, buf.String(), "| (a) bare Temporal: workflows started | 367 /s | 367 /s | 367 /s | 1/2 |  |  |  |\n")
	assert.Contains(t, buf.String(), "| (b) campaign start: Nth email accepted | 2.84 s | 2.84 s | 2.84 s | 1/2 |  | ≤ 3.3 s | met |\n")
	assert.Contains(t, buf.String(), "| 250 /s | 250 /s | 250 /s | 1/2 | 0.68x (0.68-0.68) | ≥ 0.8x bare | missed |\n")
	assert.Contains(t, buf.String(), "| (e) stage move: cancel (API) | n/a |  |  | 0/2 |  | < 1 s | n/a |\n")
}

// With a second pass, each figure it takes is printed right after the same
// figure of the first, with its own ratio to its own bare Temporal.
func TestBesidePutsEachPassRowNextToTheFirst(t *testing.T) {
	p := pass{store: "postgres", suffix: "@pg", label: ", Temporal on PostgreSQL", cfg: config{Scenarios: []string{"a", "b"}}}
	figs := beside(figures(10000), p)
	var keys []string
	for _, f := range figs {
		keys = append(keys, f.key)
	}
	assert.Equal(t, []string{"a.starts", "a.starts@pg", "a.done", "a.done@pg"}, keys[:4])
	assert.Contains(t, keys, "f.export")
	assert.NotContains(t, keys, "f.export@pg", "the leads are measured once")
	assert.NotContains(t, keys, "c.done@pg", "only the scenarios the pass measures")
	assert.Contains(t, keys, "mail.lost@pg")
	byKey := map[string]row{}
	for _, r := range rows(figs, []run{{"a.starts": 100, "b.readyRate": 90, "a.starts@pg": 50, "b.readyRate@pg": 30}}) {
		byKey[r.key] = r
	}
	assert.Equal(t, "(b) campaign start: workflows running and drained, Temporal on PostgreSQL", byKey["b.readyRate@pg"].label)
	assert.Equal(t, 0.9, byKey["b.readyRate"].ratio.Median)
	assert.Equal(t, 0.6, byKey["b.readyRate@pg"].ratio.Median, "to bare Temporal on the same server")
	assert.Equal(t, "missed", byKey["b.readyRate@pg"].verdict(), "the same target")
}
