package activities

import (
	"context"
	"errors"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// attachmentCache holds the files of documents already read during one send.
type attachmentCache map[string]Attachment

// attachments reads the files of the documents an outbox message names.
// A document deleted since the message was queued is left out.
func (a *Activities) attachments(ctx context.Context, cache attachmentCache, docIDs []string) ([]Attachment, error) {
	var out []Attachment
	for _, id := range docIDs {
		att, ok := cache[id]
		if !ok {
			d, err := a.Store.GetDocument(ctx, id)
			if errors.Is(err, domain.ErrNotFound) {
				a.log().Warn("attachment document is gone", "document", id)
				cache[id] = Attachment{}
				continue
			}
			if err != nil {
				return nil, err
			}
			att = Attachment{Name: d.AttachmentName, ContentType: d.AttachmentType, Data: d.Attachment}
			cache[id] = att
		}
		if len(att.Data) > 0 {
			out = append(out, att)
		}
	}
	return out, nil
}
