package activities

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// SMS is one text message to deliver.
type SMS struct {
	Key  string
	To   string
	Body string
}

// SMSSender delivers text messages: a gateway plugs in here. A
// *PermanentError fails the message for good; any other error is retried.
type SMSSender interface {
	SendSMS(ctx context.Context, m SMS) error
}

// RecordingSMSSender is the sender used when no gateway is configured: it
// accepts every message, whose keyed sms_outbox row is the record of it.
type RecordingSMSSender struct {
	Log *slog.Logger
}

// SendSMS implements SMSSender.
func (r RecordingSMSSender) SendSMS(_ context.Context, m SMS) error {
	if r.Log != nil {
		r.Log.Info("text message recorded", "key", m.Key, "to", m.To)
	}
	return nil
}

func (a *Activities) smsSender() SMSSender {
	if a.SMS != nil {
		return a.SMS
	}
	return RecordingSMSSender{Log: a.log()}
}

// sendSMS delivers the participants' pending text messages and marks each
// one; a sent key is never sent again, so a retry repeats nothing.
func (a *Activities) sendSMS(ctx context.Context, participantIDs []string) (int, error) {
	if len(participantIDs) == 0 {
		return 0, nil
	}
	msgs, err := a.Store.PendingSMS(ctx, participantIDs)
	if err != nil {
		return 0, err
	}
	sent, retry := 0, 0
	var lastErr error
	for _, m := range msgs {
		err := a.smsSender().SendSMS(ctx, SMS(m))
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
