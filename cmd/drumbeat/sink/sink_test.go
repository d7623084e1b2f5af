package sink

import (
	"encoding/json"
	"io"
	"net/http"
	"net/smtp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func startSink(t *testing.T) *Sink {
	t.Helper()
	s, err := Start("127.0.0.1:0", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	return s
}

func send(t *testing.T, s *Sink, from string, to []string, msg string) {
	t.Helper()
	msg = strings.ReplaceAll(msg, "\n", "\r\n")
	require.NoError(t, smtp.SendMail(s.SMTPAddr(), nil, from, to, []byte(msg)))
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		require.Contains(t, resp.Header.Get("Content-Type"), "application/json")
		require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
	}
	return resp.StatusCode
}

func getBody(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestPlainMessageRoundTrip(t *testing.T) {
	s := startSink(t)
	send(t, s, "bounce@drumbeat.test", []string{"Alice@Example.com", "bcc@example.com"}, `From: "Drumbeat" <news@drumbeat.test>
To: Alice <alice@example.com>
Subject: =?UTF-8?Q?Caf=C3=A9_news?=
Message-ID: <campaign-1.step-2@drumbeat.test>
Date: Mon, 02 Jan 2006 15:04:05 +0000
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hello Alice,=0Ayour caf=C3=A9 awaits.
`)

	var list []Message
	require.Equal(t, http.StatusOK, getJSON(t, s.HTTPURL()+"/api/messages", &list))
	require.Len(t, list, 1)
	m := list[0]
	assert.Equal(t, 1, m.ID)
	assert.Equal(t, "news@drumbeat.test", m.From)
	assert.Equal(t, []string{"Alice@Example.com", "bcc@example.com"}, m.To)
	assert.Equal(t, "Café news", m.Subject)
	assert.Equal(t, "campaign-1.step-2@drumbeat.test", m.MessageID)
	assert.True(t, m.Date.Equal(time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)), m.Date)
	assert.Contains(t, m.Text, "Hello Alice,\nyour café awaits.")
	assert.Contains(t, m.Raw, "Content-Transfer-Encoding: quoted-printable")

	var one Message
	require.Equal(t, http.StatusOK, getJSON(t, s.HTTPURL()+"/api/messages/1", &one))
	assert.Equal(t, m, one)
	assert.Equal(t, http.StatusNotFound, getJSON(t, s.HTTPURL()+"/api/messages/42", &one))
	assert.Equal(t, http.StatusNotFound, getJSON(t, s.HTTPURL()+"/api/messages/abc", &one))

	direct := s.Messages()
	require.Len(t, direct, 1)
	assert.Equal(t, m.Subject, direct[0].Subject)
	assert.True(t, m.Date.Equal(direct[0].Date))
}

func TestMultipartMessage(t *testing.T) {
	s := startSink(t)
	send(t, s, "news@drumbeat.test", []string{"bob@example.com"}, `From: news@drumbeat.test
To: bob@example.com
Subject: Multipart
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/html; charset=utf-8

<p>Hello <b>Bob</b></p>
--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

SGVsbG8gQm9iLAp0aGlzIGlzIHRoZSBwbGFpbiBwYXJ0Lg==
--inner--
--outer
Content-Type: text/plain; name="terms.txt"
Content-Disposition: attachment; filename="terms.txt"

attachment text
--outer--
`)
	msgs := s.Messages()
	require.Len(t, msgs, 1)
	assert.Equal(t, "Multipart", msgs[0].Subject)
	assert.Equal(t, "Hello Bob,\nthis is the plain part.", msgs[0].Text)
	assert.True(t, time.Since(msgs[0].Date) < time.Minute, "missing Date falls back to arrival time")
}

func TestHTMLOnlyFallback(t *testing.T) {
	s := startSink(t)
	send(t, s, "news@drumbeat.test", []string{"carol@example.com"}, `From: news@drumbeat.test
Subject: Html only
Content-Type: multipart/alternative; boundary=b1

--b1
Content-Type: text/html; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

<p>Gr=FC=DFe</p>
--b1--
`)
	msgs := s.Messages()
	require.Len(t, msgs, 1)
	assert.Equal(t, "<p>Grüße</p>", strings.TrimSpace(msgs[0].Text))
}

func TestToFilterAndClear(t *testing.T) {
	s := startSink(t)
	for _, to := range []string{"a@example.com", "b@example.com", "A@EXAMPLE.com"} {
		send(t, s, "news@drumbeat.test", []string{to}, "From: news@drumbeat.test\nSubject: for "+to+"\n\nbody\n")
	}
	var list []Message
	require.Equal(t, http.StatusOK, getJSON(t, s.HTTPURL()+"/api/messages?to=a@Example.COM", &list))
	require.Len(t, list, 2)
	assert.Equal(t, "for a@example.com", list[0].Subject)
	assert.Equal(t, "for A@EXAMPLE.com", list[1].Subject)

	require.Equal(t, http.StatusOK, getJSON(t, s.HTTPURL()+"/api/messages?to=nobody@example.com", &list))
	assert.Empty(t, list)
	assert.NotNil(t, list, "an empty result is a JSON array, not null")

	req, err := http.NewRequest(http.MethodDelete, s.HTTPURL()+"/api/messages", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Empty(t, s.Messages())

	send(t, s, "news@drumbeat.test", []string{"a@example.com"}, "Subject: after clear\n\nx\n")
	msgs := s.Messages()
	require.Len(t, msgs, 1)
	assert.Equal(t, 4, msgs[0].ID, "ids are never reused")
	assert.Equal(t, "news@drumbeat.test", msgs[0].From, "envelope sender when From header is missing")
}

func TestHTMLPagesEscape(t *testing.T) {
	s := startSink(t)
	send(t, s, "news@drumbeat.test", []string{"dan@example.com"}, "From: news@drumbeat.test\nSubject: <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n")

	code, body := getBody(t, s.HTTPURL()+"/")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `href="/messages/1"`)
	assert.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
	assert.Contains(t, body, "dan@example.com")
	assert.NotContains(t, body, "<script>")

	code, body = getBody(t, s.HTTPURL()+"/messages/1")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, "&lt;img src=x onerror=alert(2)&gt;")
	assert.NotContains(t, body, "<img")

	code, _ = getBody(t, s.HTTPURL()+"/messages/9")
	assert.Equal(t, http.StatusNotFound, code)
	code, _ = getBody(t, s.HTTPURL()+"/nowhere")
	assert.Equal(t, http.StatusNotFound, code)
}

func TestConcurrentSendersAndClose(t *testing.T) {
	s, err := Start("127.0.0.1:0", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := "Subject: n" + string(rune('a'+i)) + "\r\n\r\nbody\r\n"
			assert.NoError(t, smtp.SendMail(s.SMTPAddr(), nil, "x@drumbeat.test", []string{"y@example.com"}, []byte(msg)))
		}()
	}
	wg.Wait()
	assert.Len(t, s.Messages(), 20)
	ids := map[int]bool{}
	for _, m := range s.Messages() {
		ids[m.ID] = true
	}
	assert.Len(t, ids, 20)

	smtpAddr := s.SMTPAddr()
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "Close is idempotent")
	err = smtp.SendMail(smtpAddr, nil, "x@drumbeat.test", []string{"y@example.com"}, []byte("Subject: late\r\n\r\nx\r\n"))
	assert.Error(t, err, "SMTP port is closed")
}

// TestRefusesBounceAddresses: a recipient whose local part starts with
// RefusedPrefix is refused for good (550 5.1.1) and nothing is stored.
func TestRefusesBounceAddresses(t *testing.T) {
	s := startSink(t)
	err := smtp.SendMail(s.SMTPAddr(), nil, "news@drumbeat.test", []string{"Bounce-Ray@example.com"}, []byte("Subject: x\r\n\r\nhi\r\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "550")
	assert.Contains(t, err.Error(), "5.1.1")
	assert.Empty(t, s.Messages())
	send(t, s, "news@drumbeat.test", []string{"ray@example.com"}, "Subject: x\n\nhi\n")
	assert.Len(t, s.Messages(), 1)
}
