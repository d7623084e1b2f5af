// Package smtptest runs a real SMTP server (go-smtp) inside a test process
// and keeps the Message-ID of every message it accepted, so a test counts
// deliveries where they arrive rather than in the outbox. It can close idle
// connections the way production servers do ("421 Idle timeout") and freeze
// while delivering, like a connection whose sender was killed after the
// server took the message but before the sender heard back.
package smtptest

import (
	"errors"
	"io"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Options tunes a Server.
type Options struct {
	// IdleTimeout closes a connection that sends no command for that long,
	// with "421 Idle timeout" (0: never).
	IdleTimeout time.Duration
}

// Server is a running SMTP server; it stops with the test.
type Server struct {
	srv  *smtp.Server
	addr string

	mu          sync.Mutex
	ids         []string
	arrivals    []time.Time
	opened      int
	ended       int
	freezeAfter int
	frozen      int
	onData      func()
	thaw        chan struct{}
	thawOnce    sync.Once
}

// Start listens on a free port of 127.0.0.1 and serves until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s := &Server{addr: ln.Addr().String(), thaw: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		s.opened++
		s.mu.Unlock()
		return &session{s: s}, nil
	}))
	s.srv.Domain = "smtptest.localhost"
	s.srv.ReadTimeout = opts.IdleTimeout
	s.srv.ErrorLog = quiet{}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			t.Logf("smtptest: serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		s.Thaw()
		_ = s.srv.Close()
	})
	return s
}

// URL is the server's address as an SMTP_URL.
func (s *Server) URL() string { return "smtp://" + s.addr }

// Counts returns how many times each Message-ID arrived.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, id := range s.ids {
		out[id]++
	}
	return out
}

// Arrivals returns when each message was taken, in order of arrival.
func (s *Server) Arrivals() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.arrivals...)
}

// Received is the number of messages accepted, duplicates included.
func (s *Server) Received() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ids)
}

// Sessions returns how many connections were opened and how many of them
// have ended.
func (s *Server) Sessions() (opened, ended int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened, s.ended
}

// OnData sets a function run before each message is taken (nil: none).
func (s *Server) OnData(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onData = f
}

// FreezeAfter makes every message after the n-th one taken (and counted)
// but never answered, until Thaw or the end of the test: its sender waits
// for a reply that does not come.
func (s *Server) FreezeAfter(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.freezeAfter = n
}

// StopFreezing answers every later message again; those frozen stay frozen.
func (s *Server) StopFreezing() { s.FreezeAfter(0) }

// Frozen is the number of messages taken and waiting for their answer.
func (s *Server) Frozen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.frozen
}

// Thaw answers the frozen messages.
func (s *Server) Thaw() { s.thawOnce.Do(func() { close(s.thaw) }) }

// take records a message and tells whether to freeze before answering.
func (s *Server) take(raw []byte) (freeze bool) {
	id := ""
	if m, err := mail.ReadMessage(strings.NewReader(string(raw))); err == nil {
		id = strings.Trim(m.Header.Get("Message-Id"), "<> ")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids = append(s.ids, id)
	s.arrivals = append(s.arrivals, time.Now())
	if s.freezeAfter > 0 && len(s.ids) > s.freezeAfter {
		s.frozen++
		return true
	}
	return false
}

// session is one connection's SMTP session: every sender and recipient is
// accepted.
type session struct{ s *Server }

func (ss *session) Mail(string, *smtp.MailOptions) error { return nil }
func (ss *session) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (ss *session) Reset()                               {}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	hook := ss.s.onData
	ss.s.mu.Unlock()
	if hook != nil {
		hook()
	}
	if ss.s.take(raw) {
		<-ss.s.thaw
	}
	return nil
}

func (ss *session) Logout() error {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	ss.s.ended++
	return nil
}

// quiet drops go-smtp's own log lines.
type quiet struct{}

func (quiet) Printf(string, ...any) {}
func (quiet) Println(...any)        {}
