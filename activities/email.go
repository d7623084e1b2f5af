package activities

import (
	"context"
	"slices"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/metrics"
	"github.com/drumbeat-crm/drumbeat/store"
)

// SendEmailsInput lists outbox keys to deliver.
type SendEmailsInput struct {
	Keys []string
}

// SendEmailsResult counts what was delivered.
type SendEmailsResult struct {
	Sent   int
	Failed int
}

// SendEmails delivers the outbox messages among the keys not sent yet. A
// sent key is skipped and a key another sender holds is waited for, so a
// retry or a concurrent caller never sends twice.
func (a *Activities) SendEmails(ctx context.Context, in SendEmailsInput) (SendEmailsResult, error) {
	sent, err := a.send(ctx, in.Keys)
	return SendEmailsResult{Sent: sent}, err
}

// send delivers the unsent emails among keys (see sendClaimed) and marks
// each one sent as soon as the server accepted it.
func (a *Activities) send(ctx context.Context, keys []string) (int, error) {
	return sendClaimed(ctx, a, outboxSender[store.OutboxMessage]{
		box:     store.EmailOutbox,
		claim:   a.Store.ClaimEmails,
		key:     func(m store.OutboxMessage) string { return m.Key },
		deliver: a.deliverEmails,
	}, keys)
}

// deliverEmails sends claimed emails over the SMTP pool, recording each
// outcome as it arrives. A failure to record stops it and every other send
// of the worker (see sendGroup).
func (a *Activities) deliverEmails(ctx context.Context, c store.Claim, msgs []store.OutboxMessage) (delivery, error) {
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	o := &outcomes{a: a, box: store.EmailOutbox, c: c, stop: stop}
	// Those the claim found suppressed are final already: counted, not sent.
	msgs = slices.DeleteFunc(slices.Clone(msgs), func(m store.OutboxMessage) bool {
		if m.Suppressed != "" {
			metrics.EmailSuppressed()
		}
		return m.Suppressed != ""
	})
	// Those outside their send window or past the frequency cap wait.
	ready, err := a.holdBack(ctx, c, msgs)
	if err != nil {
		a.handBack(ctx, c, msgs)
		return delivery{}, err
	}
	msgs = ready
	files, err := a.attachments(ctx, msgs)
	if err != nil {
		a.handBack(ctx, c, msgs)
		return delivery{}, err
	}
	emails := make([]Email, len(msgs))
	for i, m := range msgs {
		emails[i] = a.marketingEmail(m, files.For(m))
	}
	a.Mailer.Send(sctx, emails, func(i int, err error) {
		o.record(ctx, emails[i].Key, err)
		a.recordRefusal(ctx, emails[i], err)
	})
	return o.result()
}

// handBack returns the claim on messages that could not be sent for a
// reason of this sender's (their files, PostgreSQL), so they are pending again.
func (a *Activities) handBack(ctx context.Context, c store.Claim, msgs []store.OutboxMessage) {
	keys := make([]string, len(msgs))
	for i, m := range msgs {
		keys[i] = m.Key
	}
	_ = a.Store.Release(context.WithoutCancel(ctx), store.EmailOutbox, c, keys, "", false)
}

// DelayedEmailInput is a delayed email whose timer fired (participant
// workflows recorded before delayed emails became due outbox rows).
type DelayedEmailInput struct {
	CampaignID    string
	ParticipantID string
	Transition    int
	Index         int
	Action        domain.Action
}

// SendDelayedEmail records and delivers a delayed email, unless the
// participant has left the status that scheduled it.
func (a *Activities) SendDelayedEmail(ctx context.Context, in DelayedEmailInput) (SendEmailsResult, error) {
	c, err := a.Store.GetCampaign(ctx, in.CampaignID)
	if err != nil {
		return SendEmailsResult{}, permanent(err)
	}
	key, err := a.Store.QueueDelayedEmail(ctx, c, in.ParticipantID, in.Transition, in.Index, in.Action)
	if err != nil || key == "" {
		return SendEmailsResult{}, permanent(err)
	}
	return a.SendEmails(ctx, SendEmailsInput{Keys: []string{key}})
}

// attachments loads, once each, the attachment files of the documents the
// messages name, and each message's filled copy of a Word template; a
// document without an attachment file adds nothing.
func (a *Activities) attachments(ctx context.Context, msgs []store.OutboxMessage) (attachmentSet, error) {
	var ids []string
	seen := map[string]bool{}
	for _, m := range msgs {
		for _, id := range m.AttachmentIDs {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	out := map[string]Attachment{}
	if len(ids) == 0 {
		return attachmentSet{docs: out}, nil
	}
	docs, err := a.Store.GetDocuments(ctx, ids)
	if err != nil {
		return attachmentSet{}, err
	}
	for _, d := range docs {
		if len(d.Attachment) > 0 {
			out[d.ID] = Attachment{Name: d.AttachmentName, ContentType: d.AttachmentType, Data: d.Attachment}
		}
	}
	filled, err := a.fillWordAttachments(ctx, msgs, docs)
	return attachmentSet{docs: out, filled: filled}, err
}
