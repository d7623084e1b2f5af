package store

import (
	"context"
	"crypto/sha1"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/documents"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// loadPrintFolder reads the folder a campaign prints from (page size and
// logo) when any of the actions prints; otherwise, or without a folder, it
// returns the zero folder (A4, no logo).
func loadPrintFolder(ctx context.Context, tx pgx.Tx, folderID string, actions []domain.Action) (domain.Folder, error) {
	if folderID == "" || !hasPrint(actions) {
		return domain.Folder{}, nil
	}
	var f domain.Folder
	err := tx.QueryRow(ctx, q("print_folder"), folderID).Scan(&f.ID, &f.Name, &f.PageSize, &f.LogoName, &f.LogoType, &f.Logo, &f.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.Folder{}, nil
	}
	return f, err
}

// queuePrint queues a print action: the document's file for the participant
// (a filled Word template or a PDF letter, in the action's format), on the
// contact's activities and in the campaign's print batch. A document that is
// missing, or cannot give the format asked, is recorded as skipped.
func queuePrint(batch *pgx.Batch, w transitionWork, a domain.Action, key string, values map[string]string, docs actionDocs) {
	p := w.participant
	skip := func(subject, reason string) {
		batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, "document",
			nullable(p.OwnerID), subject, map[string]any{"skipped": reason}, nil)
	}
	doc, ok := docs[a.DocumentID]
	if !ok {
		skip(domain.Merge(a.Subject, values), "the document is not in the campaign's folder")
		return
	}
	title := documents.Title(doc, values)
	format, err := doc.PrintFormat(a.Format)
	if err != nil {
		skip(title, "cannot print as "+a.Format+": the document has no Word (.docx) template")
		return
	}
	file, err := documents.Produce(documents.Print{Doc: doc, Folder: w.folder, Values: values, Format: format,
		Recipient: w.contact.FirstName + " " + w.contact.LastName})
	if err != nil {
		skip(title, fmt.Sprintf("the document could not be printed: %v", err))
		return
	}
	batch.Queue(q("insert_generated_document"), key, doc.ID, p.ContactID, nil, w.campaign.ID, nullable(w.printBatch),
		file.Name, file.Data, file.ContentType)
	batch.Queue(q("insert_print_activity"), key, p.ContactID, w.campaign.ID, p.ID, nullable(p.OwnerID), title)
	if w.printBatch != "" {
		batch.Queue(q("insert_print_batch_item"), w.printBatch, p.ID, key)
	}
}

// SaveLeadPrint stores a file printed for a lead under the batch item's key
// and lists it on the lead's activities (with an audit entry), in one
// transaction; a retried item keeps the first file and adds nothing.
func (s *Store) SaveLeadPrint(ctx context.Context, key string, g domain.GeneratedDocument, data []byte, subject, userID string) (string, error) {
	var id string
	err := s.execTx(ctx, func(tx pgx.Tx) (err error) {
		if id, err = saveGeneratedDocument(ctx, tx, key, g, data); err != nil {
			return err
		}
		actID := uuid.NewHash(sha1.New(), uuid.NameSpaceURL, []byte("drumbeat:lead-print:"+key), 5).String()
		details := fmt.Sprintf("Printed %s: /api/v1/generated-documents/%s/file", g.FileName, id)
		var inserted string
		err = tx.QueryRow(ctx, q("insert_printed_lead_activity"), actID, *g.LeadID, subject, details, nullable(userID)).Scan(&inserted)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, *g.LeadID, "activity", "create", userID, nil,
			map[string]any{"id": actID, "kind": "document", "subject": subject, "details": details})
	})
	return id, err
}

// BatchFiles are the files a print batch produced, in item order.
func (s *Store) BatchFiles(ctx context.Context, batchID string) ([]documents.File, error) {
	rows, err := s.pool.Query(ctx, q("batch_files"), batchID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (documents.File, error) {
		var f documents.File
		err := r.Scan(&f.Name, &f.ContentType, &f.Data)
		return f, err
	})
}

// BatchFileCount counts the files a batch produced.
func (s *Store) BatchFileCount(ctx context.Context, batchID string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, q("batch_file_count"), batchID).Scan(&n)
	return n, err
}

// BatchOutput is a batch's combined print job and how many files it holds.
type BatchOutput struct {
	Files int
	documents.File
}

// GetBatchOutput reads a batch's stored print job (domain.ErrNotFound: none yet).
func (s *Store) GetBatchOutput(ctx context.Context, batchID string) (BatchOutput, error) {
	var o BatchOutput
	err := s.pool.QueryRow(ctx, q("get_batch_output"), batchID).Scan(&o.Files, &o.Name, &o.ContentType, &o.Data)
	return o, notFound(err)
}

// SaveBatchOutput stores (or replaces) a batch's combined print job.
func (s *Store) SaveBatchOutput(ctx context.Context, batchID string, o BatchOutput) error {
	_, err := s.pool.Exec(ctx, q("save_batch_output"), batchID, o.Files, o.Name, o.ContentType, o.Data)
	return err
}

// OutboxRecipient is who an outgoing email is for.
type OutboxRecipient struct {
	ContactID    string
	LeadID       *int64
	CampaignName string
}

// OutboxRecipients reads who each outgoing email is for, by key.
func (s *Store) OutboxRecipients(ctx context.Context, keys []string) (map[string]OutboxRecipient, error) {
	rows, err := s.pool.Query(ctx, q("outbox_recipients"), keys)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]OutboxRecipient{}
	for rows.Next() {
		var key string
		var r OutboxRecipient
		if err := rows.Scan(&key, &r.ContactID, &r.LeadID, &r.CampaignName); err != nil {
			return nil, err
		}
		out[key] = r
	}
	return out, rows.Err()
}

// KeepOutboxFile stores the filled copy of an email's attachment under the
// email's key unless one is kept already, and returns the kept one: every
// retry of the send attaches the first fill.
func (s *Store) KeepOutboxFile(ctx context.Context, key, documentID string, data []byte) ([]byte, error) {
	var kept []byte
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, q("insert_outbox_file"), key, documentID, data); err != nil {
			return err
		}
		return tx.QueryRow(ctx, q("get_outbox_file"), key, documentID).Scan(&kept)
	})
	return kept, err
}

// BatchPrintJob returns a finished batch's combined print job, building it
// the first time it is asked for (and again when the batch has gained
// letters since): one PDF of every letter in item order when all are PDFs,
// otherwise a zip of every file, numbered in order. A batch still running
// answers a conflict; one that printed nothing, not found.
func (s *Store) BatchPrintJob(ctx context.Context, batchID string) (BatchOutput, error) {
	b, err := s.GetBatch(ctx, batchID)
	if err != nil {
		return BatchOutput{}, err
	}
	if b.Status != domain.BatchCompleted && b.Status != domain.BatchFailed {
		return BatchOutput{}, &domain.ConflictError{Reason: "the batch is still " + string(b.Status) + ": its print job is ready when it has finished"}
	}
	n, err := s.BatchFileCount(ctx, batchID)
	if err != nil {
		return BatchOutput{}, err
	}
	if n == 0 {
		return BatchOutput{}, domain.ErrNotFound
	}
	if kept, err := s.GetBatchOutput(ctx, batchID); err == nil && kept.Files == n {
		return kept, nil
	} else if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return BatchOutput{}, err
	}
	files, err := s.BatchFiles(ctx, batchID)
	if err != nil {
		return BatchOutput{}, err
	}
	job, err := documents.PrintJob(b.Type+" "+b.ID[:8], files)
	if err != nil {
		return BatchOutput{}, err
	}
	out := BatchOutput{Files: len(files), File: job}
	return out, s.SaveBatchOutput(ctx, batchID, out)
}
