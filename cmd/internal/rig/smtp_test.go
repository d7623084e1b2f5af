package rig

import (
	"fmt"
	"net/smtp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The SMTP server accepts mail and reports each message with its subject
// and its Message-ID without angle brackets, refuses connections while
// stopped and takes mail again on the same port once started.
func TestSMTPServerStopsAndComesBack(t *testing.T) {
	var mu sync.Mutex
	var got []string
	s, err := ListenSMTP("127.0.0.1:0", func(_ time.Time, rcpts []string, subject, id string) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, fmt.Sprintf("%v|%s|%s", rcpts, subject, id))
	})
	require.NoError(t, err)
	t.Cleanup(s.Stop)
	send := func(id string) error {
		msg := fmt.Sprintf("From: run@drumbeat.test\r\nTo: p1@rig.example\r\nSubject: Hello P1\r\nMessage-ID: <%s>\r\n\r\nhello\r\n", id)
		return smtp.SendMail(s.Addr, nil, "run@drumbeat.test", []string{"p1@rig.example"}, []byte(msg))
	}
	addr := s.Addr
	require.NoError(t, send("a@drumbeat"))
	s.Stop()
	assert.Error(t, send("b@drumbeat"), "nothing listens while stopped")
	require.NoError(t, s.Start())
	assert.Equal(t, addr, s.Addr, "same port")
	require.NoError(t, send("c@drumbeat"))
	assert.Equal(t, []string{"[p1@rig.example]|Hello P1|a@drumbeat", "[p1@rig.example]|Hello P1|c@drumbeat"}, got)
	assert.Equal(t, "smtp://"+addr, s.URL())
}
