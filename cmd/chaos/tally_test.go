package main

import (
	"bytes"
	"fmt"
	"net/smtp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// The run's SMTP server accepts mail, refuses connections while stopped and
// takes mail again on the same port once started.
func TestSMTPServerStopsAndComesBack(t *testing.T) {
	tl := newTally(&bytes.Buffer{})
	s, err := listenSMTP("127.0.0.1:0", tl)
	require.NoError(t, err)
	t.Cleanup(s.stop)
	send := func(id string) error {
		to := "p1" + recipientDomain
		msg := fmt.Sprintf("From: run@drumbeat.test\r\nTo: %s\r\nSubject: %s for P1\r\nMessage-ID: <%s>\r\n\r\nhello\r\n", to, subjectFirst, id)
		return smtp.SendMail(s.addr, nil, "run@drumbeat.test", []string{to}, []byte(msg))
	}
	addr := s.addr
	require.NoError(t, send("a@drumbeat"))
	s.stop()
	assert.Error(t, send("b@drumbeat"), "nothing listens while stopped")
	require.NoError(t, s.start())
	assert.Equal(t, addr, s.addr, "same port")
	require.NoError(t, send("a@drumbeat"))
	got := tl.summary([]string{"p1" + recipientDomain})
	assert.Equal(t, 2, got.Received)
	assert.Equal(t, 1, got.Distinct, "the Message-ID is read without its angle brackets")
	assert.Equal(t, 1, got.Duplicates)
	assert.Equal(t, 1, got.Lost, "the follow-up never came")
}
