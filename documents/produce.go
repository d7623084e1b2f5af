package documents

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // logos may be JPEG
	_ "image/png"  // or PNG
	"strings"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Print is one letter to produce for one recipient.
type Print struct {
	Doc    domain.Document
	Folder domain.Folder
	// Values are the recipient's merge values (domain.MergeValues or
	// domain.LeadMergeValues).
	Values map[string]string
	// Format is domain.FormatPDF or domain.FormatDOCX, as decided by
	// Doc.PrintFormat.
	Format string
	// Recipient names the file ("Jane Doe").
	Recipient string
}

// File is a produced file.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// fileNameCleaner keeps path separators and quotes out of file names.
var fileNameCleaner = strings.NewReplacer("/", "-", `\`, "-", `"`, "'", "\x00", "")

// Produce makes the file a print of the document gives the recipient. A
// Word template is filled and kept as a DOCX, or its text laid out as a PDF;
// any other document prints its subject (as the title) and body, HTML or
// plain text, as a PDF. The page size is the document's, else the folder's;
// the folder's logo heads the PDF.
func Produce(p Print) (File, error) {
	name := fileNameCleaner.Replace(strings.TrimSpace(p.Doc.Name + " - " + p.Recipient))
	if p.Format == domain.FormatDOCX {
		if !p.Doc.IsWordTemplate() {
			return File{}, fmt.Errorf("the document has no Word template")
		}
		data, err := FillDOCX(p.Doc.Attachment, p.Values)
		return File{Name: name + ".docx", ContentType: domain.ContentTypeDOCX, Data: data}, err
	}
	l := Letter{PageSize: p.Doc.PageSize, Logo: p.Folder.Logo, LogoType: p.Folder.LogoType}
	if l.PageSize == "" {
		l.PageSize = p.Folder.PageSize
	}
	if p.Doc.IsWordTemplate() {
		filled, err := FillDOCX(p.Doc.Attachment, p.Values)
		if err == nil {
			l.Blocks, err = DOCXBlocks(filled)
		}
		if err != nil {
			return File{}, err
		}
	} else {
		l.Title = Title(p.Doc, p.Values)
		l.Blocks = BodyBlocks(p.Doc.Body, p.Values)
	}
	data, err := RenderPDF(l)
	return File{Name: name + ".pdf", ContentType: domain.ContentTypePDF, Data: data}, err
}

// Title is a printed document's title for the recipient: its merged
// subject, or its name when it has none.
func Title(d domain.Document, values map[string]string) string {
	if t := domain.Merge(d.Subject, values); strings.TrimSpace(t) != "" {
		return t
	}
	return d.Name
}

// BodyBlocks merges and lays out a document body, HTML (values escaped) or
// plain text.
func BodyBlocks(body string, values map[string]string) []Block {
	if LooksLikeHTML(body) {
		return HTMLBlocks(domain.MergeHTML(body, values))
	}
	return TextBlocks(domain.Merge(body, values))
}

// CheckDocument validates a document before it is stored: the domain's
// rules and, for a Word template, that it opens and that every merge field
// in it is one Drumbeat knows (an unknown one is named in the answer).
func CheckDocument(d domain.Document) error {
	if err := d.Validate(); err != nil || !d.IsWordTemplate() {
		return err
	}
	var v domain.Validator
	fields, err := DOCXFields(d.Attachment)
	if err != nil {
		v.Add("attachment", "is not a valid Word (.docx) document")
		return v.Err()
	}
	var unknown []string
	for _, f := range fields {
		t, err := domain.ParseMerge("{{" + f + "}}")
		if err != nil {
			v.Add("attachment", "merge field {{%s}}: template syntax error: %s", f, err.(*domain.TemplateError).Message)
			continue
		}
		for _, name := range t.Names() {
			if !domain.DocumentScope.Has(name) {
				unknown = append(unknown, name)
			}
		}
	}
	if len(unknown) > 0 {
		v.Add("attachment", "unknown merge field %s (known: %s)", strings.Join(unknown, ", "), strings.Join(domain.MergeFieldNames(), ", "))
	}
	return v.Err()
}

// CheckFolder validates a folder before it is stored: the domain's rules and
// a logo that decodes as the image its name says and prints.
func CheckFolder(f domain.Folder) error {
	if err := f.Validate(); err != nil || len(f.Logo) == 0 {
		return err
	}
	var v domain.Validator
	_, format, err := image.DecodeConfig(bytes.NewReader(f.Logo))
	switch {
	case err != nil:
		v.Add("logo", "is not a PNG or JPEG image")
	case "image/"+format != f.LogoType:
		v.Add("logo", "is a %s image, not what its name says", strings.ToUpper(format))
	default:
		if _, err := RenderPDF(Letter{Logo: f.Logo, LogoType: f.LogoType}); err != nil {
			v.Add("logo", "cannot be printed: %v", err)
		}
	}
	return v.Err()
}
