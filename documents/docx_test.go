package documents_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/documents"
	dt "github.com/drumbeat-crm/drumbeat/documents/documentstest"
	"github.com/drumbeat-crm/drumbeat/domain"
)

var jane = map[string]string{"nameFirst": "Łukasz", "nameLast": "Żółć", "campaignName": "Spring <5 €>", "emailAddress": ""}

// wordTemplate has every kind of merge field: a {{token}} Word split over
// three runs, one in a single run, a simple MERGEFIELD, a complex one whose
// instruction is split over runs (with a \b switch), one for a value the
// recipient lacks, a field that is no merge field (PAGE), and a header.
func wordTemplate() []byte {
	body := dt.Heading("Letter for {{campaign_name}}") +
		dt.P(dt.R("Dear {{fir"), dt.Bold("st_na"), dt.R("me}} "), dt.SimpleField(`MERGEFIELD nameLast \* Upper`), dt.R(",")) +
		dt.P(dt.R("Greetings from "), dt.ComplexField(" MERGE", `FIELD  "campaignName" \b "the " `), dt.R(" team.")) +
		dt.P(dt.R("Email: ["), dt.ComplexField(" MERGEFIELD emailAddress "), dt.R("] page "), dt.ComplexField(" PAGE "))
	return dt.DOCX(body, map[string]string{"word/header1.xml": dt.Header(dt.P(dt.R("{{nameFirst}} {{ nameLast }}")))})
}

// TestFillDOCX fills every kind of field for one recipient and keeps the
// rest of the document; the result opens as a Word document.
func TestFillDOCX(t *testing.T) {
	out, err := documents.FillDOCX(wordTemplate(), jane)
	require.NoError(t, err)
	text := dt.DOCXText(t, out, "word/document.xml")
	assert.Equal(t, "Letter for Spring <5 €>\nDear Łukasz ŻÓŁĆ,\nGreetings from the Spring <5 €> team.\nEmail: [] page «result»\n", text)
	assert.Equal(t, "Łukasz Żółć\n", dt.DOCXText(t, out, "word/header1.xml"))
	for _, left := range []string{"MERGEFIELD", "{{", "«field»"} {
		assert.NotContains(t, text, left)
	}
	again, err := documents.FillDOCX(wordTemplate(), jane)
	require.NoError(t, err)
	assert.Equal(t, out, again, "the same template and values give the same file")
	other, err := documents.FillDOCX(wordTemplate(), map[string]string{"nameFirst": "Anna"})
	require.NoError(t, err)
	assert.Contains(t, dt.DOCXText(t, other, "word/document.xml"), "Dear Anna ,", "a value the recipient lacks prints empty")
}

// TestDOCXFields lists the fields a template uses; a template naming an
// unknown field, or a file that is no DOCX, is refused naming the problem.
func TestDOCXFields(t *testing.T) {
	fields, err := documents.DOCXFields(wordTemplate())
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"campaign_name", "first_name", "nameLast", "campaignName", "emailAddress", "nameFirst"}, fields)

	doc := domain.Document{Name: "Letter", AttachmentName: "letter.docx", Attachment: wordTemplate()}
	assert.NoError(t, documents.CheckDocument(doc))
	doc.Attachment = dt.DOCX(dt.P(dt.R("Hi {{first_name}}, your {{shoe_size}}"), dt.SimpleField("MERGEFIELD Loyalty_Tier")), nil)
	err = documents.CheckDocument(doc)
	var ve *domain.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	require.Len(t, ve.Fields, 1)
	assert.Equal(t, "attachment", ve.Fields[0].Field)
	assert.Contains(t, ve.Fields[0].Message, "unknown merge field Loyalty_Tier, shoe_size (known: ")
	assert.NotContains(t, ve.Fields[0].Message, "first_name,")
	doc.Attachment = []byte("PK not really")
	require.True(t, errors.As(documents.CheckDocument(doc), &ve))
	assert.Contains(t, ve.Fields[0].Message, "not a valid Word")
	_, err = documents.FillDOCX([]byte("plain"), jane)
	assert.ErrorIs(t, err, documents.ErrNotWord)
}

// TestProduce: a Word template prints as a filled DOCX or as a PDF of its
// text; a plain document prints its subject and body; the file is named
// after the document and the recipient.
func TestProduce(t *testing.T) {
	word := domain.Document{Name: "Offer", AttachmentName: "offer.docx", Attachment: wordTemplate()}
	folder := domain.Folder{PageSize: domain.PageLetter}
	f, err := documents.Produce(documents.Print{Doc: word, Folder: folder, Values: jane, Format: domain.FormatDOCX, Recipient: "Łukasz Żółć"})
	require.NoError(t, err)
	assert.Equal(t, "Offer - Łukasz Żółć.docx", f.Name)
	assert.Equal(t, domain.ContentTypeDOCX, f.ContentType)
	assert.Contains(t, dt.DOCXText(t, f.Data, "word/document.xml"), "Dear Łukasz ŻÓŁĆ,")

	f, err = documents.Produce(documents.Print{Doc: word, Folder: folder, Values: jane, Format: domain.FormatPDF, Recipient: "Łukasz Żółć"})
	require.NoError(t, err)
	assert.Equal(t, "Offer - Łukasz Żółć.pdf", f.Name)
	text := dt.PDFText(t, f.Data)
	assert.Contains(t, text, "Letter for Spring <5 €>")
	assert.Contains(t, text, "Dear Łukasz ŻÓŁĆ,")
	assert.True(t, strings.HasSuffix(dt.PDFFonts(t, f.Data)["Letter for Spring <5 €>"], "B"), "Heading 1 prints bold")
	assert.Equal(t, []string{"612x792"}, dt.PDFPageSizes(t, f.Data), "the folder's Letter size")

	plain := domain.Document{Name: "Note/1", Subject: "For {{nameFirst}}", Body: "<p>Hello <b>{{nameFirst}}</b> from {{campaignName}}</p>", PageSize: domain.PageA4}
	f, err = documents.Produce(documents.Print{Doc: plain, Folder: folder, Values: jane, Format: domain.FormatPDF, Recipient: "Ł Ż"})
	require.NoError(t, err)
	assert.Equal(t, "Note-1 - Ł Ż.pdf", f.Name)
	text = dt.PDFText(t, f.Data)
	assert.Contains(t, text, "For Łukasz")
	assert.Contains(t, text, "Hello Łukasz from Spring <5 €>", "values are text, not markup")
	assert.Equal(t, []string{"595x842"}, dt.PDFPageSizes(t, f.Data), "the document's own size wins")
	_, err = documents.Produce(documents.Print{Doc: plain, Format: domain.FormatDOCX})
	assert.Error(t, err)
}

// TestPrintFormat: the default follows the document; docx needs a Word template.
func TestPrintFormat(t *testing.T) {
	word := domain.Document{AttachmentName: "a.DOCX", Attachment: []byte("x")}
	pdfDoc := domain.Document{AttachmentName: "a.pdf", Attachment: []byte("x")}
	for _, c := range []struct {
		doc       domain.Document
		asked     string
		want      string
		wantError bool
	}{
		{word, "", domain.FormatDOCX, false}, {word, "PDF", domain.FormatPDF, false}, {word, "docx", domain.FormatDOCX, false},
		{pdfDoc, "", domain.FormatPDF, false}, {pdfDoc, "docx", "", true}, {domain.Document{}, "docx", "", true}, {word, "odt", "", true},
	} {
		got, err := c.doc.PrintFormat(c.asked)
		assert.Equal(t, c.want, got, "%s %q", c.doc.AttachmentName, c.asked)
		assert.Equal(t, c.wantError, err != nil, "%s %q", c.doc.AttachmentName, c.asked)
	}
}
