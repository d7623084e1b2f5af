package activities

import (
	"context"
	"errors"

	"github.com/drumbeat-crm/drumbeat/documents"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// attachmentSet holds the files that go with a batch of messages: each
// document's file, and each message's own filled copy of a Word template.
type attachmentSet struct {
	docs map[string]Attachment
	// filled is by message key, then document id.
	filled map[string]map[string]Attachment
}

// For lists the files that go with a message, in the order it names them.
func (s attachmentSet) For(m store.OutboxMessage) []Attachment {
	var out []Attachment
	for _, id := range m.AttachmentIDs {
		if f, ok := s.filled[m.Key][id]; ok {
			out = append(out, f)
		} else if f, ok := s.docs[id]; ok {
			out = append(out, f)
		}
	}
	return out
}

// fillWordAttachments fills the Word templates the messages attach with
// each recipient's merge values (a campaign participant's contact and
// campaign, or a lead), the same fields as the email's own text. The first
// fill of each message is kept under the message's key, so a retried send
// attaches exactly the same file even if the recipient changed meanwhile.
func (a *Activities) fillWordAttachments(ctx context.Context, msgs []store.OutboxMessage, docs []domain.Document) (map[string]map[string]Attachment, error) {
	words := map[string]domain.Document{}
	for _, d := range docs {
		if d.IsWordTemplate() {
			words[d.ID] = d
		}
	}
	var keys []string
	for _, m := range msgs {
		for _, id := range m.AttachmentIDs {
			if _, ok := words[id]; ok {
				keys = append(keys, m.Key)
				break
			}
		}
	}
	out := map[string]map[string]Attachment{}
	if len(keys) == 0 {
		return out, nil
	}
	who, err := a.Store.OutboxRecipients(ctx, keys)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if _, ok := who[m.Key]; !ok {
			continue
		}
		values, err := a.recipientValues(ctx, who[m.Key])
		if err != nil {
			return nil, err
		}
		for _, id := range m.AttachmentIDs {
			d, ok := words[id]
			if !ok {
				continue
			}
			data, err := documents.FillDOCX(d.Attachment, values)
			if err != nil { // a template stored before templates were checked: sent as it is
				a.log().Warn("word attachment not filled", "key", m.Key, "document", id, "error", err)
				continue
			}
			if data, err = a.Store.KeepOutboxFile(ctx, m.Key, id, data); err != nil {
				return nil, err
			}
			if out[m.Key] == nil {
				out[m.Key] = map[string]Attachment{}
			}
			out[m.Key][id] = Attachment{Name: d.AttachmentName, ContentType: d.AttachmentType, Data: data}
		}
	}
	return out, nil
}

// recipientValues are the merge values of an email's recipient; one that
// no longer exists has none (its fields print empty).
func (a *Activities) recipientValues(ctx context.Context, r store.OutboxRecipient) (map[string]string, error) {
	switch {
	case r.LeadID != nil:
		l, err := a.Store.GetLead(ctx, *r.LeadID)
		if errors.Is(err, domain.ErrNotFound) {
			return nil, nil
		}
		return domain.LeadMergeValues(l), err
	case r.ContactID != "":
		c, err := a.Store.GetContact(ctx, r.ContactID)
		if errors.Is(err, domain.ErrNotFound) {
			return nil, nil
		}
		return domain.MergeValues(c, r.CampaignName), err
	}
	return nil, nil
}
