package main

import (
	"math"
	"slices"
	"time"
)

// summary is the median, minimum and maximum of a figure over the runs.
type summary struct {
	Median, Min, Max float64
	Runs             int
}

// summarize summarizes values; Runs is 0 when there are none.
func summarize(values []float64) summary {
	if len(values) == 0 {
		return summary{}
	}
	v := slices.Clone(values)
	slices.Sort(v)
	s := summary{Min: v[0], Max: v[len(v)-1], Runs: len(v)}
	if len(v)%2 == 1 {
		s.Median = v[len(v)/2]
	} else {
		s.Median = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return s
}

// percentile returns the p-th percentile (0 < p <= 100) of durations by the
// nearest-rank method: the smallest value with at least p % of the values
// at or below it.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

// perSecond is n events over d, as a rate.
func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
