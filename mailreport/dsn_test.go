package mailreport

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// DSN builds a Postfix-style delivery status notification about the
// message with the given Message-ID, with one recipient block per entry of
// recipients (address, action, status), returning the message's headers as
// text/rfc822-headers.
func DSN(messageID string, recipients ...[3]string) string {
	var b strings.Builder
	b.WriteString("From: MAILER-DAEMON@mx.example.net\r\n" +
		"To: campaigns@drumbeat.local\r\n" +
		"Subject: Undelivered Mail Returned to Sender\r\n" +
		"Date: Tue, 01 Dec 2026 10:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"\r\n\r\n" +
		"--B1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" +
		"I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n" +
		"--B1\r\nContent-Type: message/delivery-status\r\n\r\n" +
		"Reporting-MTA: dns; mx.example.net\r\n" +
		"Arrival-Date: Tue, 01 Dec 2026 09:59:00 +0000\r\n")
	for _, r := range recipients {
		b.WriteString("\r\nFinal-Recipient: rfc822; " + r[0] + "\r\n" +
			"Original-Recipient: rfc822;" + r[0] + "\r\n" +
			"Action: " + r[1] + "\r\n" +
			"Status: " + r[2] + "\r\n" +
			"Diagnostic-Code: smtp; 550 " + r[2] + " mailbox\r\n    unavailable\r\n")
	}
	b.WriteString("\r\n--B1\r\nContent-Type: text/rfc822-headers\r\n\r\n" +
		"From: Drumbeat <campaigns@drumbeat.local>\r\n" +
		"To: someone@example.org\r\n" +
		"Message-ID: <" + messageID + ">\r\n" +
		"Subject: Offer\r\n\r\n" +
		"--B1--\r\n")
	return b.String()
}

func TestParseDSNReadsEachFailedRecipient(t *testing.T) {
	raw := DSN("abc123@drumbeat.local",
		[3]string{"Gone@Example.org", "failed", "5.1.1"},
		[3]string{"full@example.org", "failed", "4.2.2"},
		[3]string{"later@example.org", "delayed", "4.4.1"},
		[3]string{"fine@example.org", "delivered", "2.0.0"})
	evs, err := parseDSN(strings.NewReader(raw))
	require.NoError(t, err)
	require.Len(t, evs, 2, "delayed and delivered recipients are not bounces")
	assert.Equal(t, domain.EventHardBounce, evs[0].Type)
	assert.Equal(t, "gone@example.org", evs[0].Address, "normalized")
	assert.Equal(t, "abc123@drumbeat.local", evs[0].MessageID, "from the returned headers, without <>")
	assert.Equal(t, "5.1.1 smtp; 550 5.1.1 mailbox unavailable", evs[0].Diagnostic, "folded lines joined")
	require.NotNil(t, evs[0].OccurredAt)
	assert.Equal(t, time.Date(2026, 12, 1, 9, 59, 0, 0, time.UTC), *evs[0].OccurredAt, "the arrival date")
	assert.Equal(t, domain.EventSoftBounce, evs[1].Type, "a 4.x.x failure is a soft bounce")
	for _, ev := range evs {
		assert.NoError(t, ev.Validate())
	}
}

func TestParseDSNFallsBackToInReplyTo(t *testing.T) {
	raw := strings.Replace(DSN("x@y", [3]string{"gone@example.org", "failed", "5.1.1"}), "Message-ID: <x@y>\r\n", "", 1)
	raw = "In-Reply-To: <orig@drumbeat.local>\r\n" + raw
	evs, err := parseDSN(strings.NewReader(raw))
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, "orig@drumbeat.local", evs[0].MessageID)
}

func TestParseDSNRefusesWhatIsNoReport(t *testing.T) {
	_, err := parseDSN(strings.NewReader("From: a@b.c\r\nSubject: hello\r\n\r\nJust a note.\r\n"))
	assert.True(t, errors.Is(err, ErrNotReport), "%v", err)
	_, err = parseDSN(strings.NewReader("this is : not\x00 a message"))
	assert.Error(t, err)
	_, err = parseDSN(strings.NewReader("Content-Type: multipart/report; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nno end"))
	assert.Error(t, err)
}

// parseDSN is Parse for a report that must be a DSN.
func parseDSN(r *strings.Reader) ([]domain.EmailEventInput, error) {
	evs, kind, err := Parse(r)
	if err == nil && kind != KindDSN {
		return nil, errors.New("not read as a DSN: " + kind)
	}
	return evs, err
}
