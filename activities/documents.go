package activities

import (
	"context"
	"encoding/json"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// DocumentEmailParams are the parameters of an "Email Campaign Document"
// batch process; its items are participant ids.
type DocumentEmailParams struct {
	CampaignID string `json:"campaign_id"`
	DocumentID string `json:"document_id"`
}

func init() {
	RegisterBatchHandler(domain.BatchEmailCampaignDocument, BatchHandlerFunc(emailDocumentPage))
}

// emailDocumentPage queues the document for the page's participants in one
// transaction (keyed by batch item), then sends the page over the SMTP pool.
// A participant that is gone or has no address is a failed item; a message
// the server refuses for good is a failed item with the server's answer.
func emailDocumentPage(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	var params DocumentEmailParams
	if err := json.Unmarshal(b.Params, &params); err != nil {
		return nil, &domain.ValidationError{Fields: []domain.FieldError{{Field: "params", Message: err.Error()}}}
	}
	c, err := a.Store.GetCampaign(ctx, params.CampaignID)
	if err != nil {
		return nil, err
	}
	doc, err := a.Store.GetDocument(ctx, params.DocumentID)
	if err != nil {
		return nil, err
	}
	page := make([]store.DocumentEmailItem, len(items))
	for i, it := range items {
		page[i] = store.DocumentEmailItem{Seq: it.Seq, ParticipantID: it.ItemID}
	}
	outcomes, err := a.Store.QueueDocumentEmails(ctx, c, doc, b.ID, page)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, o := range outcomes {
		if o.Key != "" {
			keys = append(keys, o.Key)
		}
	}
	if _, err := a.send(ctx, keys); err != nil {
		return nil, err
	}
	states, err := a.Store.OutboxStates(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make([]domain.ItemResult, len(outcomes))
	for i, o := range outcomes {
		st := states[o.Key]
		r, suppressed := heldItem(o.Seq, st)
		switch {
		case o.Reason != "":
			out[i] = domain.ItemResult{Seq: o.Seq, Status: domain.ItemFailed, Message: o.Reason}
		case suppressed:
			out[i] = r
		case st.Status == "sent":
			out[i] = domain.ItemResult{Seq: o.Seq, Status: domain.ItemSucceeded, Message: "sent to " + o.To,
				Result: map[string]string{"to": o.To}}
		default:
			out[i] = domain.ItemResult{Seq: o.Seq, Status: domain.ItemFailed, Message: "not delivered: " + st.LastError}
		}
	}
	return out, nil
}
