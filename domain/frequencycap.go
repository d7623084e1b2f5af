package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// FrequencyCap is at most Max marketing emails to one contact in any
// rolling Period, across every campaign and drip campaign (FREQUENCY_CAP,
// e.g. "3/7d"). The zero value is no cap.
type FrequencyCap struct {
	Max    int
	Period time.Duration
}

// Over-cap choices of a campaign or drip campaign: a message past the cap is
// deferred to the first moment the cap allows it (the default), or skipped.
const (
	OverCapDefer = "defer"
	OverCapSkip  = "skip"
)

// NormalizeOverCap spells an over-cap choice in lower case, "defer" when empty.
func NormalizeOverCap(s string) string {
	if s = strings.ToLower(strings.TrimSpace(s)); s == "" {
		return OverCapDefer
	}
	return s
}

// CheckOverCap records an error for an over-cap choice that is neither defer nor skip.
func CheckOverCap(v *Validator, s string) {
	v.Check(s == OverCapDefer || s == OverCapSkip, "over_cap", "must be defer or skip")
}

var capRe = regexp.MustCompile(`^([1-9][0-9]{0,5})/([1-9][0-9]{0,4})([hdw])$`)

// ParseFrequencyCap reads "N/<count><unit>": N emails per count hours (h),
// days (d) or weeks (w), as in "3/7d" or "1/12h".
func ParseFrequencyCap(s string) (FrequencyCap, error) {
	m := capRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return FrequencyCap{}, fmt.Errorf("%q is not a frequency cap: want N/<count><h|d|w>, such as 3/7d", s)
	}
	n, _ := strconv.Atoi(m[1])
	count, _ := strconv.Atoi(m[2])
	unit := map[string]time.Duration{"h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[3]]
	return FrequencyCap{Max: n, Period: time.Duration(count) * unit}, nil
}

// Set reports whether the cap limits anything.
func (c FrequencyCap) Set() bool { return c.Max > 0 && c.Period > 0 }

// String spells the cap as it is configured ("3 in 7 days").
func (c FrequencyCap) String() string {
	if !c.Set() {
		return "none"
	}
	n, unit := int(c.Period/time.Hour), "hour"
	if n%24 == 0 {
		n, unit = n/24, "day"
	}
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d in %d %s", c.Max, n, unit)
}

// Allows decides one more email to a contact at now, given the times of the
// emails it received (or is being sent) in the period before now, oldest
// first. When the cap is full it returns false and the first moment one
// more is allowed: when enough of those leave the period.
func (c FrequencyCap) Allows(recent []time.Time, now time.Time) (bool, time.Time) {
	if !c.Set() {
		return true, now
	}
	var inPeriod []time.Time
	for _, t := range recent {
		if t.After(now.Add(-c.Period)) {
			inPeriod = append(inPeriod, t)
		}
	}
	if len(inPeriod) < c.Max {
		return true, now
	}
	return false, inPeriod[len(inPeriod)-c.Max].Add(c.Period)
}
