package activities

import (
	"context"
	"errors"
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// marketingEmail is the message a claimed outbox row becomes, with its
// files: its sender and its recipient's unsubscribe link, in the body and in
// the List-Unsubscribe headers. Every email Drumbeat sends is a marketing
// email (none is transactional), so every one carries the link. The link is
// derived from the row alone, so a retried send carries the same one.
func (a *Activities) marketingEmail(m store.OutboxMessage, files []Attachment) Email {
	link := a.Unsubscribe.URL(domain.UnsubscribeToken{ContactID: m.ContactID, LeadID: m.LeadID, Address: m.To,
		CampaignID: m.CampaignID, DripCampaignID: m.DripCampaignID, BatchID: m.BatchID})
	body, html := domain.WithUnsubscribeLink(m.Body, m.HTML, link)
	e := Email{Key: m.Key, To: m.To, Subject: m.Subject, Body: body, MessageID: m.MessageID, HTML: html,
		FromName: m.FromName, FromAddress: m.FromAddress, ReplyTo: m.ReplyTo, Unsubscribe: link, Attachments: files}
	return e
}

// recordRefusal records the server's refusal of a recipient's address as a
// hard bounce, which suppresses the address. The outbox row is already
// failed; a bounce that cannot be written is logged, and the next message to
// the address is refused and recorded again.
func (a *Activities) recordRefusal(ctx context.Context, e Email, sendErr error) {
	var perm *PermanentError
	if !errors.As(sendErr, &perm) || !perm.Recipient {
		return
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	in := domain.EmailEventInput{Type: domain.EventHardBounce, Address: e.To, MessageID: e.MessageID, Diagnostic: sendErr.Error()}
	in.Normalize()
	if _, err := a.Store.RecordEmailEvent(wctx, store.EmailEventRecord{Input: in, Source: "smtp", Key: "smtp/" + e.Key,
		At: time.Now()}); err != nil {
		a.log().Error("record a refused recipient as a hard bounce", "key", e.Key, "error", err)
	}
}
