package activities

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/wneessen/go-mail"
)

// Email is one message to deliver.
type Email struct {
	Key       string
	To        string
	Subject   string
	Body      string
	MessageID string
	// HTML, when set, is sent as an alternative to the plain-text Body.
	HTML string
	// Attachments go with the message as files (none: a plain text message).
	Attachments []Attachment
}

// Attachment is a file sent with an email.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Mailer delivers emails. Send returns one error per email, in order: nil
// when the server accepted it.
type Mailer interface {
	Send(ctx context.Context, emails []Email) []error
}

// PermanentError marks a delivery the server refused for good (5xx).
type PermanentError struct{ Err error }

// Error implements error.
func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *PermanentError) Unwrap() error { return e.Err }

// SMTPMailer delivers over a pool of reusable SMTP connections (go-mail).
type SMTPMailer struct {
	host     string
	opts     []mail.Option
	from     string
	poolSize int
	idle     chan *mail.Client
}

// NewSMTPMailer parses an SMTP URL (smtp://[user:pass@]host:port, with
// ?tls=none|starttls|tls, default none) and prepares a pool of poolSize
// connections, dialled on first use.
func NewSMTPMailer(rawURL, from string, poolSize int) (*SMTPMailer, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return nil, fmt.Errorf("SMTP_URL %q: want smtp://host:port", rawURL)
	}
	host, portStr, err := net.SplitHostPort(u.Host)
	if err != nil {
		return nil, fmt.Errorf("SMTP_URL %q: %w", rawURL, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, fmt.Errorf("SMTP_URL %q: bad port", rawURL)
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(15 * time.Second), mail.WithHELO("drumbeat.local")}
	switch tls := u.Query().Get("tls"); {
	case u.Scheme == "smtps" || tls == "tls":
		opts = append(opts, mail.WithSSLPort(false))
	case tls == "starttls":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(u.User.Username()), mail.WithPassword(pass))
	}
	if poolSize <= 0 {
		poolSize = 4
	}
	return &SMTPMailer{host: host, opts: opts, from: from, poolSize: poolSize, idle: make(chan *mail.Client, poolSize)}, nil
}

// Close closes the pooled connections.
func (m *SMTPMailer) Close() {
	for {
		select {
		case c := <-m.idle:
			_ = c.Close()
		default:
			return
		}
	}
}

func (m *SMTPMailer) conn(ctx context.Context) (*mail.Client, error) {
	select {
	case c := <-m.idle:
		return c, nil
	default:
	}
	c, err := mail.NewClient(m.host, m.opts...)
	if err != nil {
		return nil, err
	}
	if err := c.DialWithContext(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

func (m *SMTPMailer) release(c *mail.Client) {
	select {
	case m.idle <- c:
	default:
		_ = c.Close()
	}
}

// Send delivers the emails over up to poolSize connections in parallel.
func (m *SMTPMailer) Send(ctx context.Context, emails []Email) []error {
	errs := make([]error, len(emails))
	next := make(chan int)
	var wg sync.WaitGroup
	workers := min(m.poolSize, len(emails))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c *mail.Client
			for i := range next {
				errs[i] = m.sendOne(ctx, &c, emails[i])
			}
			if c != nil {
				m.release(c)
			}
		}()
	}
	for i := range emails {
		next <- i
	}
	close(next)
	wg.Wait()
	return errs
}

// sendOne delivers one email on *c, dialling (once more after a broken
// connection) as needed.
func (m *SMTPMailer) sendOne(ctx context.Context, c **mail.Client, e Email) error {
	msg := mail.NewMsg()
	if err := msg.From(m.from); err != nil {
		return &PermanentError{fmt.Errorf("sender %q: %w", m.from, err)}
	}
	if err := msg.To(e.To); err != nil {
		return &PermanentError{fmt.Errorf("recipient %q: %w", e.To, err)}
	}
	msg.Subject(e.Subject)
	msg.SetMessageIDWithValue(e.MessageID)
	msg.SetDate()
	msg.SetGenHeader("X-Drumbeat-Key", e.Key)
	msg.SetBodyString(mail.TypeTextPlain, e.Body)
	if e.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, e.HTML)
	}
	for _, f := range e.Attachments {
		var opts []mail.FileOption
		if f.ContentType != "" {
			opts = append(opts, mail.WithFileContentType(mail.ContentType(f.ContentType)))
		}
		if err := msg.AttachReader(f.Name, bytes.NewReader(f.Data), opts...); err != nil {
			return &PermanentError{fmt.Errorf("attachment %q: %w", f.Name, err)}
		}
	}
	var err error
	for attempt := 0; attempt < 2; attempt++ {
		if *c == nil {
			if *c, err = m.conn(ctx); err != nil {
				return err
			}
		}
		if err = (*c).Send(msg); err == nil {
			return nil
		}
		var se *mail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
			return &PermanentError{err}
		}
		_ = (*c).Close()
		*c = nil
	}
	return err
}
