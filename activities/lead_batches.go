package activities

import (
	"context"
	"encoding/json"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

func init() {
	RegisterBatchHandler(domain.BatchLeadEmail, BatchHandlerFunc(emailLeads))
	RegisterBatchHandler(domain.BatchLeadPrint, BatchHandlerFunc(printForLeads))
}

// emailLeads queues one merged email per lead under the item's key, then
// delivers the page's pending ones. A retried page finds the rows queued and
// the delivered ones sent, so every email goes out once.
func emailLeads(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	var e domain.LeadEmail
	if err := json.Unmarshal(b.Params, &e); err != nil {
		return nil, &domain.ValidationError{Fields: []domain.FieldError{{Field: "params", Message: err.Error()}}}
	}
	results := map[int]domain.ItemResult{}
	var keys []string
	keySeq := map[string]int{}
	for _, it := range items {
		l, res, err := itemLead(ctx, a, it)
		switch {
		case err != nil:
			return nil, err
		case res != nil:
			results[it.Seq] = *res
			continue
		case l.Email == "":
			results[it.Seq] = domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: "the lead has no email address"}
			continue
		}
		// Consent and the suppression list are checked when the email is
		// claimed for sending, as on every send path (suppressedItem).
		email := domain.RenderEmail(e.Subject, e.Body, domain.LeadMergeValues(l))
		key := domain.BatchKey(b.ID, it.Seq)
		m := store.OutboxMessage{To: l.Email, Subject: email.Subject, Body: email.Text, HTML: email.HTML,
			AttachmentIDs: e.AttachmentIDs, BatchID: b.ID}
		if err := a.Store.QueueLeadEmail(ctx, key, l.ID, m); err != nil {
			return nil, err
		}
		keys = append(keys, key)
		keySeq[key] = it.Seq
	}
	if _, err := a.send(ctx, keys); err != nil {
		return nil, err
	}
	states, err := a.Store.OutboxStates(ctx, keys)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		seq, st := keySeq[k], states[k]
		r, suppressed := heldItem(seq, st)
		switch {
		case suppressed:
			results[seq] = r
		case st.Status == "sent":
			results[seq] = domain.ItemResult{Seq: seq, Status: domain.ItemSucceeded, Result: map[string]string{"message_id": st.MessageID}}
		default:
			results[seq] = domain.ItemResult{Seq: seq, Status: domain.ItemFailed, Message: "the mail server refused the email: " + st.LastError}
		}
	}
	out := make([]domain.ItemResult, 0, len(items))
	for _, it := range items {
		out = append(out, results[it.Seq])
	}
	return out, nil
}
