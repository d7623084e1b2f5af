package domain

import (
	"encoding/base64"
	"html"
	"path"
	"regexp"
	"strings"
)

// MaxEmailImage is the largest image a batch email body may embed.
const MaxEmailImage = 2 << 20

// emailAttachmentTypes are the files a batch email may carry: Word, PDF, CSV.
var emailAttachmentTypes = map[string]bool{".doc": true, ".docx": true, ".pdf": true, ".csv": true}

// EmailAttachmentAllowed reports whether a file may be attached to a batch email.
func EmailAttachmentAllowed(name string) bool {
	return emailAttachmentTypes[strings.ToLower(path.Ext(name))]
}

// LeadEmail is a batch email to leads: a subject and a rich-text (HTML)
// body with merge tokens, and attachments (document ids).
type LeadEmail struct {
	Subject       string   `json:"subject"`
	Body          string   `json:"body"`
	AttachmentIDs []string `json:"attachment_document_ids"`
}

var (
	imgTagRe = regexp.MustCompile(`(?is)<img\b[^>]*>`)
	srcRe    = regexp.MustCompile(`(?is)\bsrc\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))`)
	dataRe   = regexp.MustCompile(`(?is)^data:([a-z0-9.+/-]+);base64,(.*)$`)
)

// Validate checks a batch email: subject and body present, every image of
// the body a JPG, JPEG or PNG of at most 2 MB, the rest of the body at most
// MaxBody, at most 10 attachments.
func (e LeadEmail) Validate() error {
	var v Validator
	v.Check(strings.TrimSpace(e.Subject) != "", "subject", "is required")
	v.MaxLen("subject", e.Subject, MaxSubject)
	v.Check(strings.TrimSpace(e.Body) != "", "body", "is required")
	v.Template("subject", e.Subject, LeadScope)
	v.Template("body", e.Body, LeadScope)
	images := 0 // bytes of embedded images, which have their own limit
	for _, tag := range imgTagRe.FindAllString(e.Body, -1) {
		m := srcRe.FindStringSubmatch(tag)
		if m == nil {
			v.Add("body", "an image has no source")
			continue
		}
		src := strings.TrimSpace(m[2] + m[3] + m[4])
		if d := dataRe.FindStringSubmatch(src); d != nil {
			images += len(src)
			typ := strings.ToLower(d[1])
			v.Check(typ == "image/png" || typ == "image/jpeg" || typ == "image/jpg", "body", "images must be JPG, JPEG or PNG (found %s)", typ)
			raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(d[2]), ""))
			v.Check(err == nil, "body", "an embedded image is not valid base64")
			v.Check(len(raw) <= MaxEmailImage, "body", "images must be at most 2 MB")
			continue
		}
		ext := strings.ToLower(path.Ext(strings.SplitN(strings.SplitN(src, "?", 2)[0], "#", 2)[0]))
		v.Check(ext == ".jpg" || ext == ".jpeg" || ext == ".png", "body", "images must be JPG, JPEG or PNG (found %q)", src)
	}
	v.Check(len(e.Body)-images <= MaxBody, "body", "must be at most %d bytes besides its embedded images", MaxBody)
	v.Check(len(e.AttachmentIDs) <= MaxAttachments, "attachment_document_ids", "at most %d attachments", MaxAttachments)
	for _, id := range e.AttachmentIDs {
		v.Check(IsUUID(id), "attachment_document_ids", "%q is not a document id", id)
	}
	return v.Err()
}

var (
	blockRe = regexp.MustCompile(`(?i)<\s*(br|/p|/div|/li|/h[1-6]|/tr)\s*/?>`)
	tagRe   = regexp.MustCompile(`(?s)<[^>]*>`)
	blankRe = regexp.MustCompile(`\n{3,}`)
)

// HTMLText is the plain-text alternative of an HTML body.
func HTMLText(body string) string {
	s := blockRe.ReplaceAllString(body, "\n")
	s = tagRe.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(blankRe.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}
