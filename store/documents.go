package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CreateFolder stores a Document Manager folder.
func (s *Store) CreateFolder(ctx context.Context, f domain.Folder) error {
	_, err := s.pool.Exec(ctx, q("insert_folder"), f.ID, f.Name, f.PageSize, f.LogoName, f.LogoType, f.Logo)
	return err
}

// GetFolder reads one folder.
func (s *Store) GetFolder(ctx context.Context, id string) (domain.Folder, error) {
	var f domain.Folder
	err := s.pool.QueryRow(ctx, q("get_folder"), id).Scan(&f.ID, &f.Name, &f.PageSize, &f.LogoName, &f.LogoType, &f.Logo, &f.CreatedAt)
	return f, notFound(err)
}

// CreateDocument stores a document in its folder.
func (s *Store) CreateDocument(ctx context.Context, d domain.Document) error {
	_, err := s.pool.Exec(ctx, q("insert_document"), d.ID, d.FolderID, d.Name, d.Subject, d.Body,
		d.AttachmentName, d.AttachmentType, d.Attachment, d.DueDate, d.PageSize)
	if isForeignKeyViolation(err) {
		return domain.ErrNotFound
	}
	return err
}

func scanDocument(r pgx.Row) (domain.Document, error) {
	var d domain.Document
	err := r.Scan(&d.ID, &d.FolderID, &d.Name, &d.Subject, &d.Body, &d.AttachmentName, &d.AttachmentType,
		&d.Attachment, &d.DueDate, &d.CreatedAt, &d.UpdatedAt, &d.PageSize)
	return d, notFound(err)
}

// GetDocument reads one document with its attachment.
func (s *Store) GetDocument(ctx context.Context, id string) (domain.Document, error) {
	return scanDocument(s.pool.QueryRow(ctx, q("get_document"), id))
}

// FolderDocuments lists a folder's documents (without attachment bytes).
func (s *Store) FolderDocuments(ctx context.Context, folderID string) ([]domain.Document, error) {
	rows, err := s.pool.Query(ctx, q("list_folder_documents"), folderID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Document, error) { return scanDocument(r) })
}

// saveGeneratedDocument stores a generated file (of type g.Type) under its
// idempotency key in the transaction and returns its id; saving the same
// key again returns the first one's id.
func saveGeneratedDocument(ctx context.Context, tx pgx.Tx, key string, g domain.GeneratedDocument, data []byte) (string, error) {
	if g.Type == "" {
		g.Type = domain.ContentTypePDF
	}
	if _, err := tx.Exec(ctx, q("insert_generated_document"), key, nullable(g.DocumentID), nullable(g.ContactID),
		g.LeadID, nullable(g.CampaignID), nullable(g.BatchID), g.FileName, data, g.Type); err != nil {
		return "", err
	}
	var id string
	err := tx.QueryRow(ctx, q("generated_document_by_key"), key).Scan(&id)
	return id, err
}

// SaveGeneratedDocument stores a generated file under its idempotency key
// and returns its id; saving the same key again returns the first one's id.
func (s *Store) SaveGeneratedDocument(ctx context.Context, key string, g domain.GeneratedDocument, data []byte) (string, error) {
	var id string
	err := s.execTx(ctx, func(tx pgx.Tx) (err error) {
		id, err = saveGeneratedDocument(ctx, tx, key, g, data)
		return err
	})
	return id, err
}

// GetGeneratedDocument reads a generated file and its description.
func (s *Store) GetGeneratedDocument(ctx context.Context, id string) (domain.GeneratedDocument, []byte, error) {
	var g domain.GeneratedDocument
	var data []byte
	err := s.pool.QueryRow(ctx, q("get_generated_document"), id).Scan(&g.ID, &g.DocumentID, &g.ContactID, &g.LeadID,
		&g.CampaignID, &g.BatchID, &g.FileName, &g.Type, &g.Size, &g.CreatedAt, &data)
	return g, data, notFound(err)
}
