package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
)

// subjectPrefix starts the subject of every email of the benchmark: then
// the kind ("r2/first": run 2's Contacted email) and the merged name.
const subjectPrefix = "Bench "

// subject is the subject of a kind of email.
func subject(kind string) string { return subjectPrefix + kind + " for {{nameFirst}}" }

// kindOf tells which kind of email a subject belongs to ("" for none).
func kindOf(subject string) string {
	rest, ok := strings.CutPrefix(subject, subjectPrefix)
	if !ok {
		return ""
	}
	kind, _, _ := strings.Cut(rest, " ")
	return kind
}

// mailbox is what the benchmark's SMTP server accepted: for each kind, the
// distinct Message-IDs in the order they first arrived, and when.
type mailbox struct {
	mu     sync.Mutex
	log    io.Writer
	seen   map[string]bool
	kinds  map[string]*arrivals
	repeat map[string]int
}

// arrivals are the distinct messages of one kind.
type arrivals struct {
	at  []time.Time
	ids map[string]time.Time
}

func newMailbox(log io.Writer) *mailbox {
	return &mailbox{log: log, seen: map[string]bool{}, kinds: map[string]*arrivals{}, repeat: map[string]int{}}
}

// add records one accepted message; a Message-ID seen before counts as a
// repeat and nothing more.
func (m *mailbox) add(at time.Time, rcpts []string, subject, id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintf(m.log, "%s\t%s\t%s\t%s\n", at.UTC().Format(time.RFC3339Nano), id, strings.Join(rcpts, ","), subject)
	kind := kindOf(subject)
	if m.seen[id] {
		m.repeat[kind]++
		return
	}
	if id != "" {
		m.seen[id] = true
	}
	a := m.kinds[kind]
	if a == nil {
		a = &arrivals{ids: map[string]time.Time{}}
		m.kinds[kind] = a
	}
	a.at = append(a.at, at)
	a.ids[id] = at
}

// count is how many distinct messages of a kind arrived.
func (m *mailbox) count(kind string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if a := m.kinds[kind]; a != nil {
		return len(a.at)
	}
	return 0
}

// nth returns when the first and the n-th distinct message of a kind
// arrived (n from 1); ok is false until n have.
func (m *mailbox) nth(kind string, n int) (first, nth time.Time, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.kinds[kind]
	if a == nil || len(a.at) < n || n < 1 {
		return time.Time{}, time.Time{}, false
	}
	return a.at[0], a.at[n-1], true
}

// arrived returns when each distinct message of a kind arrived, by Message-ID.
func (m *mailbox) arrived(kind string) map[string]time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]time.Time{}
	if a := m.kinds[kind]; a != nil {
		for id, at := range a.ids {
			out[id] = at
		}
	}
	return out
}

// repeats counts the messages of the given kinds (every kind when none is
// given) that arrived again under a Message-ID already seen.
func (m *mailbox) repeats(kinds ...string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for k, c := range m.repeat {
		if len(kinds) == 0 || slices.Contains(kinds, k) {
			n += c
		}
	}
	return n
}
