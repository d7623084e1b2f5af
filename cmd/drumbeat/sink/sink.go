// Package sink is a small SMTP server that accepts every message (but those
// to RefusedPrefix addresses), keeps it in memory and shows it through an
// HTTP inbox. Drumbeat uses it in tests and in
// the local stack so outgoing mail travels over real SMTP without leaving the
// machine.
package sink

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// maxMessageBytes bounds the size of one accepted message.
const maxMessageBytes = 32 << 20

// Message is one mail received by the sink.
type Message struct {
	// ID numbers messages from 1 in the order they arrived.
	ID int `json:"id"`
	// From is the address of the From header, or the envelope sender when
	// the header is missing or cannot be parsed.
	From string `json:"from"`
	// To lists the envelope recipients (RCPT TO), so blind copies are
	// included.
	To []string `json:"to"`
	// Subject is the decoded Subject header.
	Subject string `json:"subject"`
	// MessageID is the Message-ID header without its angle brackets.
	MessageID string `json:"message_id"`
	// Date is the Date header, or the time of arrival when it is missing.
	Date time.Time `json:"date"`
	// Raw is the message exactly as it was transmitted.
	Raw string `json:"raw"`
	// Text is the decoded body with "\n" line endings: the plain text part
	// of a multipart message, otherwise the first text part found.
	Text string `json:"text"`
}

// Sink is a running SMTP server with its HTTP inbox.
type Sink struct {
	smtpServer *smtp.Server
	httpServer *http.Server
	smtpLn     net.Listener
	httpLn     net.Listener
	served     sync.WaitGroup

	mu       sync.Mutex
	messages []Message
	nextID   int

	closeOnce sync.Once
	closeErr  error
}

// Start listens on smtpAddr for SMTP and on httpAddr for the HTTP inbox and
// serves both in the background. Addresses such as "127.0.0.1:0" pick free
// ports; SMTPAddr and HTTPURL tell which were chosen.
func Start(smtpAddr, httpAddr string) (*Sink, error) {
	s := &Sink{nextID: 1}
	smtpLn, err := net.Listen("tcp", smtpAddr)
	if err != nil {
		return nil, fmt.Errorf("sink: listen smtp %s: %w", smtpAddr, err)
	}
	httpLn, err := net.Listen("tcp", httpAddr)
	if err != nil {
		_ = smtpLn.Close()
		return nil, fmt.Errorf("sink: listen http %s: %w", httpAddr, err)
	}
	s.smtpLn, s.httpLn = smtpLn, httpLn

	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{sink: s}, nil
	}))
	srv.Domain = "drumbeat-sink.localhost"
	srv.MaxMessageBytes = maxMessageBytes
	srv.MaxRecipients = 10000
	srv.ReadTimeout = 5 * time.Minute
	srv.WriteTimeout = 5 * time.Minute
	srv.EnableSMTPUTF8 = true
	srv.ErrorLog = slogAdapter{}
	s.smtpServer = srv

	s.httpServer = &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 10 * time.Second,
	}

	s.served.Add(2)
	go func() {
		defer s.served.Done()
		if err := srv.Serve(smtpLn); err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			slog.Warn("sink smtp server stopped", "err", err)
		}
	}()
	go func() {
		defer s.served.Done()
		if err := s.httpServer.Serve(httpLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Warn("sink http server stopped", "err", err)
		}
	}()
	return s, nil
}

// SMTPAddr returns the host:port the SMTP server listens on.
func (s *Sink) SMTPAddr() string { return s.smtpLn.Addr().String() }

// HTTPURL returns the base URL of the HTTP inbox, without a trailing slash.
func (s *Sink) HTTPURL() string { return "http://" + s.httpLn.Addr().String() }

// Messages returns a copy of every message received so far, oldest first.
func (s *Sink) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.messages))
	for i, m := range s.messages {
		m.To = append([]string(nil), m.To...)
		out[i] = m
	}
	return out
}

// message returns the message with the given id.
func (s *Sink) message(id int) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.messages {
		if m.ID == id {
			m.To = append([]string(nil), m.To...)
			return m, true
		}
	}
	return Message{}, false
}

// clear forgets every stored message. IDs keep counting up.
func (s *Sink) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = nil
}

// add stores a received message and assigns its ID.
func (s *Sink) add(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m.ID = s.nextID
	s.nextID++
	s.messages = append(s.messages, m)
}

// Close stops both servers and waits for them to finish. It is safe to call
// more than once.
func (s *Sink) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var errs []error
		if err := s.httpServer.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("sink: http shutdown: %w", err))
		}
		if err := s.smtpServer.Close(); err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, fmt.Errorf("sink: smtp close: %w", err))
		}
		s.served.Wait()
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// session collects one SMTP transaction.
type session struct {
	sink *Sink
	from string
	to   []string
}

// Mail records the envelope sender; no authentication is required.
func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	ss.to = nil
	return nil
}

// RefusedPrefix starts the local part of the addresses the sink refuses
// for good, as a server refuses a mailbox that does not exist (550 5.1.1),
// so bounces can be tried against it.
const RefusedPrefix = "bounce-"

// Rcpt records an envelope recipient; every address is accepted except
// those whose local part starts with RefusedPrefix.
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.HasPrefix(strings.ToLower(to), RefusedPrefix) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
	}
	ss.to = append(ss.to, to)
	return nil
}

// Data reads the message and stores it.
func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := parseMessage(string(raw), time.Now())
	if m.From == "" {
		m.From = ss.from
	}
	m.To = append([]string(nil), ss.to...)
	ss.sink.add(m)
	return nil
}

// Reset forgets the current transaction.
func (ss *session) Reset() {
	ss.from = ""
	ss.to = nil
}

// Logout ends the session.
func (ss *session) Logout() error { return nil }

// slogAdapter sends go-smtp's own error log to slog at debug level.
type slogAdapter struct{}

// Printf logs a formatted line.
func (slogAdapter) Printf(format string, v ...any) {
	slog.Debug("sink smtp", "msg", strings.TrimSpace(fmt.Sprintf(format, v...)))
}

// Println logs a line.
func (slogAdapter) Println(v ...any) {
	slog.Debug("sink smtp", "msg", strings.TrimSpace(fmt.Sprintln(v...)))
}
