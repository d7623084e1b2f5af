package harness

import (
	"fmt"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// WaitInbox waits until the address received n messages and returns them.
func (h *Harness) WaitInbox(address string, n int) []workertest.Message {
	h.T.Helper()
	var got []workertest.Message
	workertest.Eventually(h.T, 60*time.Second, func() (bool, string) {
		got = workertest.Inbox(h.T, address)
		return len(got) >= n, fmt.Sprintf("%d of %d messages to %s", len(got), n, address)
	})
	return got
}

// UnsubscribeToken checks that a message offers one-click unsubscribe
// (RFC 8058 headers, the same link in its text) and returns the token of
// its link.
func UnsubscribeToken(t *testing.T, m workertest.Message) string {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(m.Raw))
	require.NoError(t, err)
	header := msg.Header.Get("List-Unsubscribe")
	require.True(t, strings.HasPrefix(header, "<"+workertest.Unsubscribe.BaseURL+"/u/") && strings.HasSuffix(header, ">"),
		"List-Unsubscribe: %q", header)
	assert.Equal(t, "List-Unsubscribe=One-Click", msg.Header.Get("List-Unsubscribe-Post"))
	link := strings.Trim(header, "<>")
	assert.Contains(t, m.Text, "unsubscribe: "+link, "the link is in the text")
	return strings.TrimPrefix(link, workertest.Unsubscribe.BaseURL+"/u/")
}
