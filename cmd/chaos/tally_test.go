package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestTallyCountsAgainstWhatWasExpected(t *testing.T) {
	var log bytes.Buffer
	tl := newTally(&log)
	now := time.Now()
	a, b, c := "p1"+recipientDomain, "p2"+recipientDomain, "p3"+recipientDomain
	tl.add(now, []string{a}, subjectFirst+" for P1", "m1")
	tl.add(now, []string{a}, subjectFirst+" for P1", "m1")    // repeat, same Message-ID
	tl.add(now, []string{a}, subjectFollowUp+" for P1", "m2") // delivered
	tl.add(now, []string{b}, subjectFirst+" for P2", "m3")
	tl.add(now, []string{b}, subjectFirst+" for P2", "m3b")           // the same email under a new Message-ID
	tl.add(now, []string{strings.ToUpper(c)}, "Something else", "m4") // not one of the run's emails
	tl.add(now, []string{"someone@elsewhere.test"}, subjectFirst, "x1")
	tl.add(now, []string{b}, subjectFollowUp+" for P2", "") // no Message-ID

	assert.Equal(t, 2, tl.delivered(kindFirst))
	assert.Equal(t, 2, tl.delivered(kindFollowUp))
	got := tl.summary([]string{a, b, c})
	assert.Equal(t, mailCounts{Expected: 6, Received: 7, Distinct: 6, Duplicates: 1, Lost: 2, Other: 2, Unrelated: 1,
		DuplicatesFirst: 1}, got)
	assert.Equal(t, 8, strings.Count(log.String(), "\n"), "every accepted message is logged")
	assert.Contains(t, log.String(), "\tm3b\t"+b+"\t")
}
