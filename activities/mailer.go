package activities

import "context"

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
	// FromName and FromAddress override the mailer's sender (MAIL_FROM)
	// when set; ReplyTo adds a Reply-To.
	FromName    string
	FromAddress string
	ReplyTo     string
	// Unsubscribe is the recipient's one-click unsubscribe URL: sent as
	// List-Unsubscribe with List-Unsubscribe-Post (RFC 8058) when set.
	Unsubscribe string
}

// Attachment is a file sent with an email.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Mailer delivers emails. Send calls report once for every email, as soon
// as that email's outcome is known: nil when the server accepted it. report
// may be called from several goroutines at once, and a connection sends no
// other message until report returned, so a caller that records each outcome
// in report has at most one unrecorded accepted message per connection. Once
// ctx is done no further email is started: those left get ctx's error.
type Mailer interface {
	Send(ctx context.Context, emails []Email, report func(i int, err error))
}

// PermanentError marks a delivery refused for good: by the server (5xx) or
// before it was tried (a bad address or attachment).
type PermanentError struct {
	Err error
	// Recipient is set when the server refused the recipient's address
	// itself (a 5xx to RCPT TO, or an enhanced status 5.1.x): a hard bounce.
	Recipient bool
}

// Error implements error.
func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *PermanentError) Unwrap() error { return e.Err }
