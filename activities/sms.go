package activities

import (
	"context"
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

// sendSMS delivers the unsent text messages among keys (see sendClaimed).
func (a *Activities) sendSMS(ctx context.Context, keys []string) (int, error) {
	return sendClaimed(ctx, a, outboxSender[store.SMSMessage]{
		box:     store.SMSOutbox,
		claim:   a.Store.ClaimSMS,
		key:     func(m store.SMSMessage) string { return m.Key },
		deliver: a.deliverSMS,
	}, keys)
}

// sendParticipantSMS delivers the participants' unsent text messages.
func (a *Activities) sendParticipantSMS(ctx context.Context, participantIDs []string) (int, error) {
	if len(participantIDs) == 0 {
		return 0, nil
	}
	keys, err := a.Store.UnsentParticipantSMS(ctx, participantIDs)
	if err != nil {
		return 0, err
	}
	return a.sendSMS(ctx, keys)
}

// deliverSMS sends claimed text messages one by one, recording each outcome
// as it arrives.
func (a *Activities) deliverSMS(ctx context.Context, c store.Claim, msgs []store.SMSMessage) (delivery, error) {
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	o := &outcomes{a: a, box: store.SMSOutbox, c: c, stop: stop}
	for _, m := range msgs {
		if m.Suppressed != "" { // final already: its contact refuses contact
			continue
		}
		err := sctx.Err()
		if err == nil {
			err = a.smsSender().SendSMS(sctx, SMS{Key: m.Key, To: m.To, Body: m.Body})
		}
		o.record(ctx, m.Key, err)
	}
	return o.result()
}

// idsOf lists the ids of ps.
func idsOf(ps []domain.Participant) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}
