package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// SendWindow is when a campaign's, drip campaign's or audience's emails may
// reach a contact, on the contact's own clock: the listed days of the week,
// from FromHour (inclusive) to ToHour (exclusive), in the contact's time
// zone. A message due outside it waits until it opens.
type SendWindow struct {
	// Days are "mon" ... "sun".
	Days     []string `json:"days"`
	FromHour int      `json:"from_hour"`
	ToHour   int      `json:"to_hour"`
}

// weekdays spells the days a window lists, in time.Weekday order.
var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Normalize spells the days in lower case, each once, Monday first.
func (w *SendWindow) Normalize() {
	if w == nil {
		return
	}
	var days, odd []string
	for _, d := range append(slices.Clone(weekdays[1:]), weekdays[0]) {
		for _, in := range w.Days {
			if strings.EqualFold(strings.TrimSpace(in), d) && !slices.Contains(days, d) {
				days = append(days, d)
			}
		}
	}
	for _, in := range w.Days { // what is not a day stays, for Check to name
		if !slices.Contains(weekdays, strings.ToLower(strings.TrimSpace(in))) {
			odd = append(odd, in)
		}
	}
	w.Days = append(days, odd...)
}

// Check records the window's problems under field (a nil window is none:
// any time).
func (w *SendWindow) Check(v *Validator, field string) {
	if w == nil {
		return
	}
	v.Check(len(w.Days) > 0, field+".days", "list at least one day (mon, tue, wed, thu, fri, sat, sun)")
	for i, d := range w.Days {
		v.Check(slices.Contains(weekdays, d), fmt.Sprintf("%s.days[%d]", field, i), "must be one of mon, tue, wed, thu, fri, sat, sun")
	}
	v.Check(w.FromHour >= 0 && w.FromHour <= 23, field+".from_hour", "must be from 0 to 23")
	v.Check(w.ToHour >= 1 && w.ToHour <= 24, field+".to_hour", "must be from 1 to 24")
	v.Check(w.FromHour < w.ToHour, field+".to_hour", "must be after from_hour (a window ends on the day it opens)")
}

func (w *SendWindow) hasDay(d time.Weekday) bool { return slices.Contains(w.Days, weekdays[d]) }

// Contains reports whether t falls inside the window on the clock of loc. A
// nil window contains every moment.
func (w *SendWindow) Contains(t time.Time, loc *time.Location) bool {
	if w == nil {
		return true
	}
	l := t.In(loc)
	return w.hasDay(l.Weekday()) && l.Hour() >= w.FromHour && l.Hour() < w.ToHour
}

// Next returns the first moment at or after t inside the window on the
// clock of loc: t itself when it is inside. The opening hour is read on the
// local clock of each day, so a window from 9 opens at 9 before and after a
// daylight-saving change; an hour the change skips opens the window when the
// clock jumps past it, and an hour that happens twice opens it the first
// time. The answer is in UTC. A window that lists no day (refused when
// saved) never opens: the zero time.
func (w *SendWindow) Next(t time.Time, loc *time.Location) time.Time {
	return w.next(t, loc).UTC()
}

func (w *SendWindow) next(t time.Time, loc *time.Location) time.Time {
	if w.Contains(t, loc) {
		return t
	}
	if len(w.Days) == 0 {
		return time.Time{}
	}
	l := t.In(loc)
	for d := 0; d <= 7; d++ {
		day := time.Date(l.Year(), l.Month(), l.Day()+d, 12, 0, 0, 0, loc)
		if !w.hasDay(day.Weekday()) {
			continue
		}
		open := wallClock(day.Year(), day.Month(), day.Day(), w.FromHour, loc)
		end := wallClock(day.Year(), day.Month(), day.Day(), w.ToHour, loc)
		if end.After(t) {
			if open.Before(t) {
				return t
			}
			return open
		}
	}
	return time.Time{}
}

// wallClock is the first moment whose local clock in loc reads at least
// hour:00 on the given day (hour 24 is the next midnight). time.Date alone
// may answer either side of a daylight-saving change for an hour the change
// skips or repeats.
func wallClock(y int, m time.Month, d, hour int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, hour, 0, 0, 0, loc)
	want := time.Date(y, m, d, hour, 0, 0, 0, time.UTC) // the wall clock, as a comparable value
	wall := func(u time.Time) time.Time {
		l := u.In(loc)
		return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
	}
	switch got := wall(t); {
	case got.Before(want):
		// In a skipped hour, answered before the change: the change itself.
		_, end := t.ZoneBounds()
		return end
	case got.After(want):
		// In a skipped hour, answered after the change: its start.
		start, _ := t.ZoneBounds()
		return start
	}
	// An hour that happens twice: take the earlier one.
	for _, back := range []time.Duration{time.Hour, 30 * time.Minute} {
		if e := t.Add(-back); wall(e).Equal(want) {
			return e
		}
	}
	return t
}

// TimeZone returns the location of an IANA zone name, or def for "".
func TimeZone(name string, def *time.Location) *time.Location {
	if name == "" {
		return def
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return def
}

// ValidTimeZone reports whether name is an IANA time zone (not "Local", the
// zone of whichever machine reads it).
func ValidTimeZone(name string) bool {
	if name == "" || name == "Local" {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// TimeZoneField records an error for a time zone that is set and unknown.
func (v *Validator) TimeZoneField(field, name string) {
	v.Check(name == "" || ValidTimeZone(name), field, "must be an IANA time zone such as Europe/Paris or America/New_York")
}
