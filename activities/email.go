package activities

import (
	"context"
	"errors"
	"fmt"

	"github.com/drumbeat-crm/drumbeat/domain"
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

// SendEmails delivers the still-pending outbox messages among the keys. An
// already sent key is skipped, so a retry never sends twice.
func (a *Activities) SendEmails(ctx context.Context, in SendEmailsInput) (SendEmailsResult, error) {
	sent, err := a.send(ctx, in.Keys)
	return SendEmailsResult{Sent: sent}, err
}

// send delivers the pending messages among keys and marks each one sent. It
// fails (for a retry) when any delivery failed for a passing reason.
func (a *Activities) send(ctx context.Context, keys []string) (int, error) {
	if len(keys) == 0 {
		return 0, nil
	}
	msgs, err := a.Store.PendingOutbox(ctx, keys)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	files, err := a.attachments(ctx, msgs)
	if err != nil {
		return 0, err
	}
	emails := make([]Email, len(msgs))
	for i, m := range msgs {
		emails[i] = Email{Key: m.Key, To: m.To, Subject: m.Subject, Body: m.Body, MessageID: m.MessageID, HTML: m.HTML}
		emails[i].Attachments = files.For(m)
	}
	errs := a.Mailer.Send(ctx, emails)
	sent, retry := 0, 0
	var lastErr error
	for i, e := range emails {
		var perm *PermanentError
		switch {
		case errs[i] == nil:
			if err := a.Store.MarkSent(context.WithoutCancel(ctx), e.Key); err != nil {
				return sent, err
			}
			sent++
		case errors.As(errs[i], &perm):
			a.log().Warn("email refused", "key", e.Key, "to", e.To, "error", errs[i])
			if err := a.Store.MarkSendError(ctx, e.Key, errs[i].Error(), true); err != nil {
				return sent, err
			}
		default:
			retry++
			lastErr = errs[i]
			_ = a.Store.MarkSendError(ctx, e.Key, errs[i].Error(), false)
		}
	}
	if retry > 0 {
		return sent, fmt.Errorf("%d of %d emails not delivered yet: %w", retry, len(emails), lastErr)
	}
	return sent, nil
}

// DelayedEmailInput is a delayed email whose timer fired.
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
