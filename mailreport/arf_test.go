package mailreport

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ARF builds a feedback report (RFC 5965) of the given Feedback-Type, with
// the extra fields given (Original-Rcpt-To, say), returning the complained-of
// message's headers: To (a provider may redact it) and, when messageID is
// not empty, Message-ID.
func ARF(feedbackType, messageID, to string, fields ...string) string {
	var b strings.Builder
	b.WriteString("From: staff@hotmail.example\r\n" +
		"To: abuse@drumbeat.local\r\n" +
		"Subject: complaint about message\r\n" +
		"Date: Tue, 01 Dec 2026 12:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=feedback-report; boundary=\"F\"\r\n\r\n" +
		"--F\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" +
		"This is an email abuse report for an email message received from IP 192.0.2.1.\r\n\r\n" +
		"--F\r\nContent-Type: message/feedback-report\r\n\r\n" +
		"Feedback-Type: " + feedbackType + "\r\n" +
		"User-Agent: SomeGenerator/1.0\r\n" +
		"Version: 1\r\n" +
		"Arrival-Date: Tue, 01 Dec 2026 11:58:00 +0000\r\n")
	for _, f := range fields {
		b.WriteString(f + "\r\n")
	}
	b.WriteString("\r\n--F\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n" +
		"From: Drumbeat <campaigns@drumbeat.local>\r\n" +
		"To: " + to + "\r\n")
	if messageID != "" {
		b.WriteString("Message-ID: <" + messageID + ">\r\n")
	}
	b.WriteString("Subject: Offer\r\n\r\nBuy now.\r\n--F--\r\n")
	return b.String()
}

func TestParseARFReadsTheComplaint(t *testing.T) {
	evs, kind, err := Parse(strings.NewReader(ARF("abuse", "m1@drumbeat.local", "redacted@hotmail.example",
		"Original-Rcpt-To: <Ann@Example.org>")))
	require.NoError(t, err)
	assert.Equal(t, KindARF, kind)
	require.Len(t, evs, 1)
	at := time.Date(2026, 12, 1, 11, 58, 0, 0, time.UTC)
	assert.Equal(t, domain.EmailEventInput{Type: domain.EventComplaint, MessageID: "m1@drumbeat.local", Address: "ann@example.org",
		Diagnostic: "feedback report: abuse (SomeGenerator/1.0)", OccurredAt: &at}, evs[0],
		"Original-Rcpt-To names the recipient, not the returned To")
	require.NoError(t, evs[0].Validate())
}

// Without Original-Rcpt-To the returned To may be redacted: the event names
// only the message, whose outbox row knows the address.
func TestParseARFTrustsTheMessageIDOverARedactedTo(t *testing.T) {
	evs, _, err := Parse(strings.NewReader(ARF("fraud", "m2@drumbeat.local", "redacted@hotmail.example")))
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, "m2@drumbeat.local", evs[0].MessageID)
	assert.Empty(t, evs[0].Address)
	require.NoError(t, evs[0].Validate())

	evs, _, err = Parse(strings.NewReader(ARF("abuse", "", "Bob <bob@example.org>")))
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, "bob@example.org", evs[0].Address, "with no Message-ID at all the returned To is all there is")
}

func TestParseARFIgnoresWhatIsNoComplaint(t *testing.T) {
	for _, typ := range []string{"not-spam", "auth-failure"} {
		evs, kind, err := Parse(strings.NewReader(ARF(typ, "m3@drumbeat.local", "c@example.org")))
		require.NoError(t, err, typ)
		assert.Equal(t, KindARF, kind)
		assert.Empty(t, evs, typ)
	}
}
