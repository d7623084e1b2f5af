package activities

import (
	"context"
	"fmt"
	"log/slog"
)

// SMS is one text message to deliver.
type SMS struct {
	Key  string
	To   string
	Body string
}

// SMSSender delivers text messages. A gateway implementation plugs in here;
// the sms_outbox table already records every message under its key.
type SMSSender interface {
	SendSMS(ctx context.Context, m SMS) error
}

// LogSMSSender "delivers" a message by logging it: the message itself is
// kept in the sms_outbox table, marked sent.
type LogSMSSender struct {
	Log *slog.Logger
}

// SendSMS implements SMSSender.
func (s LogSMSSender) SendSMS(ctx context.Context, m SMS) error {
	log := s.Log
	if log == nil {
		log = slog.Default()
	}
	log.InfoContext(ctx, "sms sent", "key", m.Key, "to", m.To, "chars", len(m.Body))
	return nil
}

func (a *Activities) smsSender() SMSSender {
	if a.SMS != nil {
		return a.SMS
	}
	return LogSMSSender{Log: a.log()}
}

// sendSMS delivers the pending messages among keys and marks each one sent;
// an already sent key is skipped, so a retry never sends twice.
func (a *Activities) sendSMS(ctx context.Context, keys []string) (int, error) {
	if len(keys) == 0 {
		return 0, nil
	}
	msgs, err := a.Store.PendingSMS(ctx, keys)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range msgs {
		if err := a.smsSender().SendSMS(ctx, SMS{Key: m.Key, To: m.To, Body: m.Body}); err != nil {
			_ = a.Store.MarkSMSError(ctx, m.Key, err.Error())
			return sent, fmt.Errorf("sms %s not delivered yet: %w", m.Key, err)
		}
		if err := a.Store.MarkSMSSent(context.WithoutCancel(ctx), m.Key); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}
