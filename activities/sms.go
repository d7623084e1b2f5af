package activities

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// SMS is one text message to deliver.
type SMS struct {
	Key  string
	To   string
	Body string
}

// SMSSender delivers text messages: a gateway plugs in here. A
// *PermanentError fails the message for good; any other error is retried.
// The keyed sms_outbox table records every message whatever the sender.
type SMSSender interface {
	SendSMS(ctx context.Context, m SMS) error
}

// LogSMSSender is the sender used when no gateway is configured: it accepts
// every message and logs it; the message's sms_outbox row is its record.
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

// sendSMS delivers the pending messages among keys.
func (a *Activities) sendSMS(ctx context.Context, keys []string) (int, error) {
	if len(keys) == 0 {
		return 0, nil
	}
	msgs, err := a.Store.PendingSMS(ctx, keys)
	if err != nil {
		return 0, err
	}
	return a.deliverSMS(ctx, msgs)
}

// sendParticipantSMS delivers the participants' pending text messages.
func (a *Activities) sendParticipantSMS(ctx context.Context, participantIDs []string) (int, error) {
	if len(participantIDs) == 0 {
		return 0, nil
	}
	msgs, err := a.Store.PendingParticipantSMS(ctx, participantIDs)
	if err != nil {
		return 0, err
	}
	return a.deliverSMS(ctx, msgs)
}

// deliverSMS sends each message and marks it; a sent key is never sent
// again, so a retry repeats nothing. It fails (for a retry) when any
// delivery failed for a passing reason.
func (a *Activities) deliverSMS(ctx context.Context, msgs []store.SMSMessage) (int, error) {
	sent, retry := 0, 0
	var lastErr error
	for _, m := range msgs {
		err := a.smsSender().SendSMS(ctx, SMS{Key: m.Key, To: m.To, Body: m.Body})
		var perm *PermanentError
		switch {
		case err == nil:
			if err := a.Store.MarkSMS(context.WithoutCancel(ctx), m.Key, true); err != nil {
				return sent, err
			}
			sent++
		case errors.As(err, &perm):
			if err := a.Store.MarkSMS(ctx, m.Key, false); err != nil {
				return sent, err
			}
		default:
			retry++
			lastErr = err
			_ = a.Store.MarkSMSError(ctx, m.Key, err.Error())
		}
	}
	if retry > 0 {
		return sent, fmt.Errorf("%d of %d text messages not delivered yet: %w", retry, len(msgs), lastErr)
	}
	return sent, nil
}

// idsOf lists the ids of ps.
func idsOf(ps []domain.Participant) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}
