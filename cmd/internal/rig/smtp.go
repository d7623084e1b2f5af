package rig

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Accept is told of every message the SMTP server accepted: when, to whom,
// its subject and its Message-ID without angle brackets ("" when it has none).
type Accept func(at time.Time, rcpts []string, subject, messageID string)

// SMTPServer is a run's own SMTP server, in the calling process, so that it
// sees every accepted message and can be stopped and started again on the
// same port.
type SMTPServer struct {
	accept Accept
	// Addr is host:port once listening.
	Addr string

	mu   sync.Mutex
	srv  *smtp.Server
	done chan struct{}
}

// ListenSMTP starts the server on addr ("127.0.0.1:0" picks a port).
func ListenSMTP(addr string, accept Accept) (*SMTPServer, error) {
	s := &SMTPServer{accept: accept, Addr: addr}
	return s, s.Start()
}

// Start listens again on the server's address.
func (s *SMTPServer) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return errors.New("SMTP server already running")
	}
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("SMTP server: listen on %s: %w", s.Addr, err)
	}
	s.Addr = ln.Addr().String()
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{accept: s.accept}, nil
	}))
	srv.Domain = "rig-smtp.localhost"
	srv.MaxMessageBytes = 10 << 20
	srv.MaxRecipients = 100
	// As a mail server's own limits: an idle client is dropped after five minutes.
	srv.ReadTimeout = 5 * time.Minute
	srv.WriteTimeout = time.Minute
	srv.ErrorLog = log.New(io.Discard, "", 0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	s.srv, s.done = srv, done
	return nil
}

// Stop closes the listener and every open connection, as a server that
// goes down would.
func (s *SMTPServer) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv == nil {
		return
	}
	_ = s.srv.Close()
	<-s.done
	s.srv, s.done = nil, nil
}

// URL is the server's address as Drumbeat's SMTP_URL.
func (s *SMTPServer) URL() string { return "smtp://" + s.Addr }

// session is one SMTP transaction.
type session struct {
	accept Accept
	rcpts  []string
}

// Mail starts a transaction; any sender is accepted.
func (ss *session) Mail(string, *smtp.MailOptions) error {
	ss.rcpts = nil
	return nil
}

// Rcpt accepts any recipient.
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.rcpts = append(ss.rcpts, to)
	return nil
}

// Data reads the message and reports it; returning nil answers 250 OK.
func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	subject, id := "", ""
	if m, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		subject = m.Header.Get("Subject")
		id = strings.Trim(strings.TrimSpace(m.Header.Get("Message-Id")), "<>")
	}
	ss.accept(time.Now(), ss.rcpts, subject, id)
	return nil
}

// Reset forgets the transaction.
func (ss *session) Reset() { ss.rcpts = nil }

// Logout ends the session.
func (ss *session) Logout() error { return nil }
