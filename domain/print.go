package domain

import (
	"path"
	"strings"
)

// Page sizes a letter prints on.
const (
	PageA4     = "A4"
	PageLetter = "Letter"
)

// PageSize returns the canonical spelling of a page size, case-insensitively.
func PageSize(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "a4":
		return PageA4, true
	case "letter":
		return PageLetter, true
	}
	return "", false
}

// Output formats of a print: a PDF letter or a filled Word document.
const (
	FormatPDF  = "pdf"
	FormatDOCX = "docx"
)

// Content types of the printed files.
const (
	ContentTypePDF  = "application/pdf"
	ContentTypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	ContentTypeZip  = "application/zip"
)

// validPrintFormat accepts pdf, docx (any case) or "" for the default.
func validPrintFormat(f string) bool {
	switch strings.ToLower(strings.TrimSpace(f)) {
	case "", FormatPDF, FormatDOCX:
		return true
	}
	return false
}

// MaxLogo is the largest logo a folder may carry.
const MaxLogo = 1 << 20

// IsWordTemplate reports whether a document's attachment is a DOCX file,
// which printing and emailing fill with merge fields.
func (d Document) IsWordTemplate() bool {
	return len(d.Attachment) > 0 && strings.EqualFold(path.Ext(d.AttachmentName), ".docx")
}

// PrintFormat decides what a print of the document produces: the format
// asked for, or by default the document's own (DOCX in, DOCX out; a PDF
// otherwise). A DOCX can only come from a Word template.
func (d Document) PrintFormat(asked string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(asked)) {
	case "":
		if d.IsWordTemplate() {
			return FormatDOCX, nil
		}
		return FormatPDF, nil
	case FormatPDF:
		return FormatPDF, nil
	case FormatDOCX:
		if !d.IsWordTemplate() {
			return "", &ValidationError{Fields: []FieldError{{Field: "format", Message: "docx needs a document whose attachment is a Word (.docx) template"}}}
		}
		return FormatDOCX, nil
	}
	return "", &ValidationError{Fields: []FieldError{{Field: "format", Message: "must be pdf or docx"}}}
}

// Validate checks a folder before it is stored.
func (f Folder) Validate() error {
	var v Validator
	v.Check(strings.TrimSpace(f.Name) != "", "name", "is required")
	v.MaxLen("name", f.Name, MaxName)
	v.MaxLen("logo_name", f.LogoName, MaxFileName)
	_, ok := PageSize(f.PageSize)
	v.Check(ok, "page_size", "must be A4 or Letter")
	if len(f.Logo) > 0 || f.LogoName != "" {
		ext := strings.ToLower(path.Ext(f.LogoName))
		v.Check(ext == ".png" || ext == ".jpg" || ext == ".jpeg", "logo_name", "must be a PNG or JPG file")
		v.Check(len(f.Logo) > 0, "logo", "is empty")
		v.Check(len(f.Logo) <= MaxLogo, "logo", "must be at most 1 MB")
	}
	return v.Err()
}
