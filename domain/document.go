package domain

import (
	"path"
	"strings"
	"time"
)

// Folder is a Document Manager folder. Its page size (PageA4 or PageLetter)
// and optional logo (a PNG or JPEG) apply to the letters printed from its
// documents.
type Folder struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	PageSize  string    `json:"page_size"`
	LogoName  string    `json:"logo_name,omitempty"`
	LogoType  string    `json:"logo_type,omitempty"`
	Logo      []byte    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Document is a template document: a subject and a body with merge tokens,
// and an optional attachment file. PageSize overrides the folder's page size
// ("": the folder's).
type Document struct {
	ID             string     `json:"id"`
	FolderID       string     `json:"folder_id"`
	Name           string     `json:"name"`
	Subject        string     `json:"subject"`
	Body           string     `json:"body"`
	AttachmentName string     `json:"attachment_name,omitempty"`
	AttachmentType string     `json:"attachment_type,omitempty"`
	Attachment     []byte     `json:"-"`
	PageSize       string     `json:"page_size,omitempty"`
	DueDate        *time.Time `json:"due_date,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// MaxAttachment is the largest attachment a document may carry.
const MaxAttachment = 5 << 20

// attachmentTypes are the attachment formats Drumbeat accepts: Word, PDF and
// CSV documents, and JPG/PNG images.
var attachmentTypes = map[string]string{
	".doc": "application/msword", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".pdf": "application/pdf", ".csv": "text/csv", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
	".txt": "text/plain",
}

// AttachmentType returns the MIME type for an attachment file name, or "" if
// the format is not accepted.
func AttachmentType(name string) string {
	return attachmentTypes[strings.ToLower(path.Ext(name))]
}

// Validate checks a document before it is stored.
func (d Document) Validate() error {
	var v Validator
	v.Check(strings.TrimSpace(d.Name) != "", "name", "is required")
	v.MaxLen("name", d.Name, MaxName)
	v.MaxLen("subject", d.Subject, MaxSubject)
	v.MaxBytes("body", d.Body, MaxBody)
	v.Template("subject", d.Subject, DocumentScope)
	v.Template("body", d.Body, DocumentScope)
	v.MaxLen("attachment_name", d.AttachmentName, MaxFileName)
	if len(d.Attachment) > 0 || d.AttachmentName != "" {
		v.Check(AttachmentType(d.AttachmentName) != "", "attachment_name", "must be a Word, PDF, CSV, text, JPG or PNG file")
		v.Check(len(d.Attachment) <= MaxAttachment, "attachment", "must be at most 5 MB")
		v.Check(len(d.Attachment) > 0, "attachment", "is empty")
	}
	if d.PageSize != "" {
		_, ok := PageSize(d.PageSize)
		v.Check(ok, "page_size", "must be A4 or Letter")
	}
	return v.Err()
}

// GeneratedDocument is a file produced for one recipient by a print action or
// a batch print: a PDF or a DOCX, as Type (its content type) says.
type GeneratedDocument struct {
	ID         string    `json:"id"`
	DocumentID string    `json:"document_id,omitempty"`
	ContactID  string    `json:"contact_id,omitempty"`
	LeadID     *int64    `json:"lead_id,omitempty"`
	CampaignID string    `json:"campaign_id,omitempty"`
	BatchID    string    `json:"batch_id,omitempty"`
	FileName   string    `json:"file_name"`
	Type       string    `json:"content_type"`
	Size       int       `json:"size"`
	CreatedAt  time.Time `json:"created_at"`
}
