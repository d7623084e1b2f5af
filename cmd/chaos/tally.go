package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// The two emails every participant gets, told apart by their subjects.
const (
	kindFirst    = "first"     // sent by Contacted
	kindFollowUp = "follow-up" // sent by Responded, 30 s after the change
)

// Subjects of the run's emails (merge tokens follow them) and the domain
// of its recipients.
const (
	subjectFirst    = "Chaos first"
	subjectFollowUp = "Chaos follow-up"
	recipientDomain = "@chaos.example"
)

// kindOf tells which of the run's emails a subject belongs to ("" for none).
func kindOf(subject string) string {
	switch {
	case strings.HasPrefix(subject, subjectFirst):
		return kindFirst
	case strings.HasPrefix(subject, subjectFollowUp):
		return kindFollowUp
	}
	return ""
}

// emailKey names one email the run expects: its recipient and its kind.
type emailKey struct{ to, kind string }

// tally counts what the SMTP server accepted. It is the run's only source
// of truth for delivery: the outbox is not consulted.
type tally struct {
	mu        sync.Mutex
	log       io.Writer
	received  int
	unrelated int
	noID      int
	ids       map[string]int
	emails    map[emailKey]map[string]bool
	perKind   map[string]int
	dupKind   map[string]int
}

func newTally(log io.Writer) *tally {
	return &tally{log: log, ids: map[string]int{}, emails: map[emailKey]map[string]bool{}, perKind: map[string]int{}, dupKind: map[string]int{}}
}

// add records one accepted message and logs its Message-ID. Messages for
// recipients outside the run are logged and otherwise ignored.
func (t *tally) add(at time.Time, rcpts []string, subject, messageID string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	to := ""
	for _, r := range rcpts {
		if strings.HasSuffix(strings.ToLower(r), recipientDomain) {
			to = strings.ToLower(r)
			break
		}
	}
	fmt.Fprintf(t.log, "%s\t%s\t%s\t%s\n", at.UTC().Format(time.RFC3339Nano), messageID, strings.Join(rcpts, ","), subject)
	if to == "" {
		t.unrelated++
		return
	}
	t.received++
	if messageID == "" {
		// Without a Message-ID nobody can recognise a repeat: each such
		// message counts as distinct (and shows up as "other").
		t.noID++
		messageID = fmt.Sprintf("(no Message-ID #%d)", t.noID)
	}
	t.ids[messageID]++
	key := emailKey{to: to, kind: kindOf(subject)}
	if t.ids[messageID] > 1 {
		t.dupKind[key.kind]++
	}
	if t.emails[key] == nil {
		t.emails[key] = map[string]bool{}
		if key.kind != "" {
			t.perKind[key.kind]++
		}
	}
	t.emails[key][messageID] = true
}

// delivered counts the distinct expected emails of a kind received so far.
func (t *tally) delivered(kind string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.perKind[kind]
}

// mailCounts is what the SMTP server saw, against what the run expected.
type mailCounts struct {
	Expected int
	// Received counts every accepted message for the run's recipients.
	Received int
	// Distinct counts their distinct Message-IDs.
	Distinct int
	// Duplicates are messages received again with a Message-ID already seen.
	Duplicates int
	// Lost are expected emails of which no message arrived.
	Lost int
	// Other are distinct Message-IDs beyond one per expected email: the same
	// email again under a new Message-ID, or a message the run did not ask for.
	Other int
	// Unrelated are messages for recipients outside the run (not counted).
	Unrelated int
	// DuplicatesFirst and DuplicatesFollowUp split Duplicates by email.
	DuplicatesFirst, DuplicatesFollowUp int
}

// summary compares what arrived with the two emails expected per recipient.
func (t *tally) summary(recipients []string) mailCounts {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := mailCounts{Expected: 2 * len(recipients), Received: t.received, Distinct: len(t.ids), Unrelated: t.unrelated}
	c.Duplicates = c.Received - c.Distinct
	c.DuplicatesFirst, c.DuplicatesFollowUp = t.dupKind[kindFirst], t.dupKind[kindFollowUp]
	delivered := 0
	for _, r := range recipients {
		for _, kind := range []string{kindFirst, kindFollowUp} {
			if len(t.emails[emailKey{to: strings.ToLower(r), kind: kind}]) == 0 {
				c.Lost++
			} else {
				delivered++
			}
		}
	}
	c.Other = c.Distinct - delivered
	return c
}
