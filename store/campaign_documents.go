package store

import (
	"context"
	"crypto/sha1"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// GetDocuments reads documents with their attachments; unknown ids are left out.
func (s *Store) GetDocuments(ctx context.Context, ids []string) ([]domain.Document, error) {
	rows, err := s.pool.Query(ctx, q("documents_by_ids"), ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Document, error) { return scanDocument(r) })
}

// PrintBatchID is the id of the batch process that lists the PDFs printed by
// a campaign's campaign-wide start (one per campaign, derived from its id).
func PrintBatchID(campaignID string) string {
	return uuid.NewHash(sha1.New(), uuid.NameSpaceURL, []byte("drumbeat:campaign-print:"+campaignID), 5).String()
}

// ensurePrintBatch creates the campaign's print batch process if needed and
// returns its id.
func ensurePrintBatch(ctx context.Context, tx pgx.Tx, c domain.Campaign) (string, error) {
	id := PrintBatchID(c.ID)
	_, err := tx.Exec(ctx, q("ensure_print_batch"), id, domain.BatchPrintCampaignDocument,
		map[string]string{"campaign_id": c.ID})
	return id, err
}

// FinishPrintBatch marks the campaign's print batch completed once its
// campaign-wide start has gone through every participant.
func (s *Store) FinishPrintBatch(ctx context.Context, campaignID string) error {
	_, err := s.pool.Exec(ctx, q("finish_print_batch"), PrintBatchID(campaignID))
	return err
}

// ParticipantIDs lists every participant id of a campaign, in id order.
func (s *Store) ParticipantIDs(ctx context.Context, campaignID string) ([]string, error) {
	rows, err := s.pool.Query(ctx, q("participant_ids"), campaignID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// DocumentEmailItem is one participant a campaign document is emailed to.
type DocumentEmailItem struct {
	Seq           int
	ParticipantID string
}

// DocumentEmailOutcome is what happened for one item: a queued outbox key, or
// the reason nothing was sent.
type DocumentEmailOutcome struct {
	Seq    int
	Key    string
	To     string
	Reason string
}

// QueueDocumentEmails queues, in one transaction, a campaign document as an
// email (subject and body merged for each participant, its attachment file
// attached) to each item's participant, keyed by the batch item, and records
// it on the contact's activities.
func (s *Store) QueueDocumentEmails(ctx context.Context, c domain.Campaign, doc domain.Document, batchID string, items []DocumentEmailItem) ([]DocumentEmailOutcome, error) {
	var out []DocumentEmailOutcome
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		out = nil
		var ids []string
		for _, it := range items {
			if domain.IsUUID(it.ParticipantID) {
				ids = append(ids, it.ParticipantID)
			}
		}
		rows, err := tx.Query(ctx, q("lock_participants_by_ids"), c.ID, ids)
		if err != nil {
			return err
		}
		ps, err := pgx.CollectRows(rows, scanLocked)
		if err != nil {
			return err
		}
		byID := map[string]lockedParticipant{}
		for _, p := range ps {
			byID[p.ID] = p
		}
		attach := []string{}
		if len(doc.Attachment) > 0 {
			attach = append(attach, doc.ID)
		}
		batch := &pgx.Batch{}
		for _, it := range items {
			o := DocumentEmailOutcome{Seq: it.Seq}
			p, ok := byID[it.ParticipantID]
			switch {
			case !ok:
				o.Reason = "not a participant of this campaign"
			case p.Email == "":
				o.Reason = "the contact has no email address"
			default:
				o.Key, o.To = domain.BatchKey(batchID, it.Seq), p.Email
				values := domain.MergeValues(p.contact(), c.Name)
				email := domain.RenderEmail(doc.Subject, doc.Body, values)
				if email.Subject == "" {
					email.Subject = doc.Name
				}
				queueOutbox(batch, outboxRow{key: o.Key, campaignID: c.ID, participantID: p.ID, contactID: p.ContactID,
					to: p.Email, email: email, attach: attach})
				batch.Queue(q("insert_activity"), o.Key, p.ContactID, c.ID, p.ID, "email", nullable(p.OwnerID), email.Subject,
					map[string]any{"to": p.Email, "body": email.Text, "document_id": doc.ID, "batch_id": batchID}, nil)
			}
			out = append(out, o)
		}
		if batch.Len() == 0 {
			return nil
		}
		return tx.SendBatch(ctx, batch).Close()
	})
	return out, err
}
