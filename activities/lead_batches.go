package activities

import (
	"context"
	"encoding/json"
	"strings"

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
		values := domain.LeadMergeValues(l)
		html := domain.MergeHTML(e.Body, values)
		key := domain.BatchKey(b.ID, it.Seq)
		m := store.OutboxMessage{To: l.Email, Subject: domain.Merge(e.Subject, values), Body: domain.HTMLText(html), HTML: html,
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
		r, suppressed := suppressedItem(seq, st)
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

// printForLeads renders the batch's document for each lead as one merged
// PDF, kept under the item's key (a retried page keeps the first PDF).
func printForLeads(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	var p struct {
		DocumentID string `json:"document_id"`
	}
	if err := json.Unmarshal(b.Params, &p); err != nil {
		return nil, &domain.ValidationError{Fields: []domain.FieldError{{Field: "params", Message: err.Error()}}}
	}
	doc, err := a.Store.GetDocument(ctx, p.DocumentID)
	if err != nil {
		return nil, err
	}
	out := make([]domain.ItemResult, 0, len(items))
	for _, it := range items {
		l, res, err := itemLead(ctx, a, it)
		if err != nil {
			return nil, err
		}
		if res != nil {
			out = append(out, *res)
			continue
		}
		values := domain.LeadMergeValues(l)
		title := doc.Name
		if doc.Subject != "" {
			title = domain.Merge(doc.Subject, values)
		}
		pdf := domain.RenderPDF(title, domain.Merge(doc.Body, values))
		leadID := l.ID
		name := strings.NewReplacer("/", "-", `\`, "-").Replace(doc.Name + " - " + l.FirstName + " " + l.LastName + ".pdf")
		id, err := a.Store.SaveGeneratedDocument(ctx, domain.BatchKey(b.ID, it.Seq),
			domain.GeneratedDocument{DocumentID: doc.ID, LeadID: &leadID, BatchID: b.ID, FileName: name}, pdf)
		if err != nil {
			return nil, err
		}
		out = append(out, domain.ItemResult{Seq: it.Seq, Status: domain.ItemSucceeded,
			Result: map[string]string{"generated_document_id": id, "download": "/api/v1/generated-documents/" + id + "/pdf"}})
	}
	return out, nil
}
