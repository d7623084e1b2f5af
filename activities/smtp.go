package activities

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wneessen/go-mail"
)

// DefaultMaxIdle is how long a pooled SMTP connection may sit unused before
// it is closed instead of reused: servers close idle connections (421 Idle
// timeout), often after a minute or less.
const DefaultMaxIdle = 30 * time.Second

// SMTPMailer delivers over a pool of reusable SMTP connections (go-mail). At
// most poolSize messages are in flight at once, whatever the number of
// concurrent Send calls, so a process that dies leaves at most poolSize
// accepted messages unrecorded.
type SMTPMailer struct {
	host string
	opts []mail.Option
	from string
	// MaxIdle bounds how long an idle connection is kept for reuse
	// (0: DefaultMaxIdle). Set it before the first Send.
	MaxIdle time.Duration
	// Pacer, when set, spaces the messages out (EMAIL_RATE, see SendRate):
	// each one waits for it once it holds a connection slot, so the moment
	// it waited for is the moment it goes. Set it before the first Send.
	Pacer Pacer
	// slots holds one token per message in flight.
	slots chan struct{}
	idle  chan pooledConn
}

// pooledConn is an idle connection and when it was last used.
type pooledConn struct {
	c     *mail.Client
	since time.Time
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
	// No NOOP before each message and no NOOP and RSET after it: a pooled
	// connection that died while idle fails at MAIL, before the server could
	// have taken anything, and deliver tries that message once more on a
	// fresh connection; a transaction that ended with the data's 250 needs
	// no reset (RFC 5321, 4.1.4). Four round trips a message instead of seven.
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(15 * time.Second), mail.WithHELO("drumbeat.local"),
		mail.WithoutNoop(), mail.WithoutRset()}
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
	return &SMTPMailer{host: host, opts: opts, from: from,
		slots: make(chan struct{}, poolSize), idle: make(chan pooledConn, poolSize)}, nil
}

// Close closes the pooled connections.
func (m *SMTPMailer) Close() {
	for {
		select {
		case p := <-m.idle:
			_ = p.c.Close()
		default:
			return
		}
	}
}

// Send implements Mailer: each email goes out on a pooled connection as soon
// as one of the pool's slots is free, and is reported while its slot is held.
func (m *SMTPMailer) Send(ctx context.Context, emails []Email, report func(i int, err error)) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for i := range emails {
		err := m.acquire(ctx)
		if err == nil && m.Pacer != nil {
			if err = m.Pacer.Wait(ctx, len(emails)-i); err != nil {
				<-m.slots
			}
		}
		if err != nil {
			for ; i < len(emails); i++ {
				report(i, err)
			}
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-m.slots }()
			report(i, m.deliver(ctx, emails[i]))
		}()
	}
}

// acquire takes a slot, unless ctx is done (which wins over a free slot).
func (m *SMTPMailer) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case m.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// deliver sends one email. A send that fails on a reused connection before
// the server took the message's data (the server closed the connection
// while it was idle, say) is tried once more on a fresh connection; a
// failure after the data went out is not, since the server may have
// accepted the message.
func (m *SMTPMailer) deliver(ctx context.Context, e Email) error {
	msg, err := m.message(e)
	if err != nil {
		return err
	}
	c, reused, err := m.take(ctx)
	if err != nil {
		return err
	}
	err = c.Send(msg)
	if err != nil && reused && !msg.IsDelivered() && beforeData(err) {
		_ = c.Close()
		if c, err = m.dial(ctx); err != nil {
			return err
		}
		err = c.Send(msg)
	}
	if err != nil {
		// Whatever the server said, this connection is in doubt.
		_ = c.Close()
		if msg.IsDelivered() {
			return nil // accepted; only the reset after it failed
		}
		var se *mail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
			return &PermanentError{Err: err, Recipient: se.Reason == mail.ErrSMTPRcptTo || strings.HasPrefix(se.EnhancedStatusCode(), "5.1.")}
		}
		return err
	}
	m.put(c)
	return nil
}

// beforeData reports whether a send failed before the server could have
// accepted the message: checking the connection, MAIL, RCPT, DATA or while
// writing the content (the server never saw its end).
func beforeData(err error) bool {
	var se *mail.SendError
	if !errors.As(err, &se) {
		return false
	}
	switch se.Reason {
	case mail.ErrConnCheck, mail.ErrSMTPMailFrom, mail.ErrSMTPRcptTo, mail.ErrSMTPData, mail.ErrWriteContent:
		return se.ErrorCode() < 500
	}
	return false
}

// take returns an idle connection that was not idle too long (and so is
// reused), or a fresh one.
func (m *SMTPMailer) take(ctx context.Context) (*mail.Client, bool, error) {
	maxIdle := m.MaxIdle
	if maxIdle <= 0 {
		maxIdle = DefaultMaxIdle
	}
	for {
		select {
		case p := <-m.idle:
			if time.Since(p.since) > maxIdle {
				_ = p.c.Close()
				continue
			}
			return p.c, true, nil
		default:
			c, err := m.dial(ctx)
			return c, false, err
		}
	}
}

func (m *SMTPMailer) dial(ctx context.Context) (*mail.Client, error) {
	c, err := mail.NewClient(m.host, m.opts...)
	if err != nil {
		return nil, err
	}
	if err := c.DialWithContext(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// put returns a connection to the pool, or closes it when the pool is full.
func (m *SMTPMailer) put(c *mail.Client) {
	select {
	case m.idle <- pooledConn{c: c, since: time.Now()}:
	default:
		_ = c.Close()
	}
}

// message builds the go-mail message of an email; a bad address or
// attachment is a permanent error. The envelope sender stays MAIL_FROM's
// address whatever the From header says, so bounces come back to the
// mailbox the deployment watches.
func (m *SMTPMailer) message(e Email) (*mail.Msg, error) {
	msg := mail.NewMsg()
	def, err := netmail.ParseAddress(m.from)
	if err != nil {
		return nil, &PermanentError{Err: fmt.Errorf("sender %q: %w", m.from, err)}
	}
	name, addr := def.Name, def.Address
	if e.FromName != "" {
		name = e.FromName
	}
	if e.FromAddress != "" {
		addr = e.FromAddress
	}
	if err := msg.EnvelopeFrom(def.Address); err != nil {
		return nil, &PermanentError{Err: fmt.Errorf("sender %q: %w", def.Address, err)}
	}
	if _, err := netmail.ParseAddress(addr); err != nil {
		return nil, &PermanentError{Err: fmt.Errorf("sender %q: %w", addr, err)}
	}
	msg.FromMailAddress(&netmail.Address{Name: name, Address: addr})
	if e.ReplyTo != "" {
		if err := msg.ReplyTo(e.ReplyTo); err != nil {
			return nil, &PermanentError{Err: fmt.Errorf("reply-to %q: %w", e.ReplyTo, err)}
		}
	}
	if err := msg.To(e.To); err != nil {
		return nil, &PermanentError{Err: fmt.Errorf("recipient %q: %w", e.To, err)}
	}
	if e.Unsubscribe != "" {
		msg.SetListUnsubscribe(e.Unsubscribe)
		msg.SetListUnsubscribePost()
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
			return nil, &PermanentError{Err: fmt.Errorf("attachment %q: %w", f.Name, err)}
		}
	}
	return msg, nil
}
