package documents

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dt "github.com/drumbeat-crm/drumbeat/documents/documentstest"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

const polishLine = "Łukasz Żółć, 5 € — “quoted”"

// TestPrintLettersForLeads prints an HTML letter for two leads on the
// folder's Letter paper with its logo: each PDF reads back with its Polish
// letters, euro sign, dash and curly quotes, as formatted text (bold
// heading, bullet, link, no tags); each file is on the lead's activities
// and in the batch's items; the batch's one print job combines both, in order.
func TestPrintLettersForLeads(t *testing.T) {
	h := harness.New(t)
	lukasz := h.LeadBody("Łukasz", "Żółć")
	lukasz["email"] = "lukasz" + h.Suffix
	a := h.CreateLead(lukasz)
	b := h.CreateLead(h.LeadBody("Anna", "Nowak"))
	_, docs := h.PrintFolder(map[string]any{"page_size": "letter", "logo_name": "logo.png", "logo_base64": logoPNG(t)},
		map[string]any{"name": "Offer", "subject": "Offer for {{first_name}}",
			"body": `<h2>Hello</h2><p>Dear <b>{{first_name}} {{nameLast}}</b>, 5 € — “quoted”.</p><ul><li>{{salesConcept}}</li></ul>` +
				`<p><a href="https://example.org/o">Details</a></p>`})

	var batch domain.Batch
	resp := h.Call("POST", "/api/v1/leads/print", map[string]any{"lead_ids": []int64{a.ID, b.ID}, "document_id": docs["Offer"]}, &batch)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%+v", batch)
	done := h.WaitBatch(batch.ID)
	require.Equal(t, 2, done.Succeeded, "%+v", done.Items)

	var res map[string]string
	require.NoError(t, harness.DecodeJSON(done.Items[0].Result, &res))
	assert.Equal(t, domain.ContentTypePDF, res["content_type"])
	dl, pdf := download(h, res["download"])
	require.Equal(t, http.StatusOK, dl.StatusCode)
	assert.Equal(t, domain.ContentTypePDF, dl.Header.Get("Content-Type"))
	assert.Contains(t, dl.Header.Get("Content-Disposition"), "attachment")
	assert.Contains(t, dl.Header.Get("Content-Disposition"), "Offer%20-%20%C5%81ukasz", "the UTF-8 file name, RFC 2231-encoded")
	text := dt.PDFText(t, pdf)
	assert.Contains(t, text, "Offer for Łukasz")
	assert.Contains(t, text, "Dear "+polishLine+".")
	assert.Contains(t, text, "•Retirement Income")
	assert.NotContains(t, text, "<")
	assert.True(t, strings.HasSuffix(dt.PDFFonts(t, pdf)["Hello"], "B"), "the heading prints bold")
	assert.Equal(t, []string{"612x792"}, dt.PDFPageSizes(t, pdf), "the folder's Letter paper")
	assert.Equal(t, 1, dt.PDFImages(t, pdf), "the folder's logo")
	assert.Equal(t, []string{"https://example.org/o"}, dt.PDFLinks(t, pdf))
	old, same := download(h, "/api/v1/generated-documents/"+res["generated_document_id"]+"/pdf")
	assert.Equal(t, http.StatusOK, old.StatusCode, "the PDF download still works")
	assert.Equal(t, pdf, same)

	var acts domain.Page[domain.LeadActivity]
	require.Equal(t, http.StatusOK, h.Call("GET", harness.LeadPath(a.ID, "/activities"), nil, &acts).StatusCode)
	require.Len(t, acts.Items, 1)
	assert.Equal(t, "document", acts.Items[0].Kind)
	assert.Equal(t, "Offer for Łukasz", acts.Items[0].Subject)
	assert.Contains(t, acts.Items[0].Details, res["download"])

	resp, job := download(h, "/api/v1/batch-processes/"+batch.ID+"/output")
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", job)
	assert.Equal(t, domain.ContentTypePDF, resp.Header.Get("Content-Type"))
	assert.Len(t, dt.PDFPageSizes(t, job), 2, "one print job with both letters")
	all := dt.PDFText(t, job)
	assert.Less(t, strings.Index(all, "Offer for Łukasz"), strings.Index(all, "Offer for Anna"), "in the batch's order")

	// A batch still running has no print job yet; one that printed nothing has none.
	running := uuid.NewString()
	require.NoError(t, h.Store.CreateBatch(t.Context(), running, domain.BatchLeadPrint, map[string]string{}, []string{"1"}, h.Admin.ID))
	assert.Equal(t, http.StatusConflict, h.Call("GET", "/api/v1/batch-processes/"+running+"/output", nil, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("GET", "/api/v1/batch-processes/"+uuid.NewString()+"/output", nil, nil).StatusCode)
}

// TestPrintWordTemplates: a DOCX template with merge fields in every form
// Word writes them (a {{token}} split across runs, simple and complex
// MERGEFIELDs) is filled per lead, as DOCX by default or as PDF on request;
// docx from a document without a Word template, an unknown format, and a
// template with an unknown field are refused with 422 naming the problem.
func TestPrintWordTemplates(t *testing.T) {
	h := harness.New(t)
	lukasz := h.LeadBody("Łukasz", "Żółć")
	lukasz["email"], lukasz["company"] = "lukasz"+h.Suffix, "Żółć & Co"
	a := h.CreateLead(lukasz)
	b := h.CreateLead(h.LeadBody("Anna", "Nowak"))
	template := dt.DOCX(dt.Heading("Offer for {{company}}")+
		dt.P(dt.R("Dear {{fir"), dt.Bold("st_"), dt.R("name}} "), dt.SimpleField("MERGEFIELD nameLast"), dt.R(", 5 € — “quoted”"))+
		dt.P(dt.R("Concept: "), dt.ComplexField(" MERGE", "FIELD salesConcept ")), nil)
	folderID, docs := h.PrintFolder(map[string]any{}, wordDoc("Offer", template), map[string]any{"name": "Plain", "body": "Hi"})

	var p harness.Problem
	bad := wordDoc("Bad", dt.DOCX(dt.P(dt.R("Hi {{first_name}}"), dt.SimpleField("MERGEFIELD shoe_size")), nil))
	resp := h.Call("POST", "/api/v1/folders/"+folderID+"/documents", bad, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "attachment")
	assert.Contains(t, p.Errors[0].Message, "unknown merge field shoe_size")
	resp = h.Call("POST", "/api/v1/folders/"+folderID+"/documents", wordDoc("Broken", []byte("not a zip")), &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "attachment")

	ids := []int64{a.ID, b.ID}
	for _, c := range []struct{ doc, format string }{{docs["Plain"], "docx"}, {docs["Offer"], "odt"}} {
		resp = h.Call("POST", "/api/v1/leads/print", map[string]any{"lead_ids": ids, "document_id": c.doc, "format": c.format}, &p)
		harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "format")
	}

	var batch domain.Batch
	require.Equal(t, http.StatusAccepted, h.Call("POST", "/api/v1/leads/print", map[string]any{"lead_ids": ids, "document_id": docs["Offer"]}, &batch).StatusCode)
	done := h.WaitBatch(batch.ID)
	require.Equal(t, 2, done.Succeeded, "%+v", done.Items)
	var res map[string]string
	require.NoError(t, harness.DecodeJSON(done.Items[0].Result, &res))
	dl, docx := download(h, res["download"])
	require.Equal(t, http.StatusOK, dl.StatusCode)
	assert.Equal(t, domain.ContentTypeDOCX, dl.Header.Get("Content-Type"))
	assert.Contains(t, dl.Header.Get("Content-Disposition"), ".docx")
	assert.Equal(t, "Offer for Żółć & Co\nDear Łukasz Żółć, 5 € — “quoted”\nConcept: Retirement Income\n", dt.DOCXText(t, docx, "word/document.xml"))
	notPDF, _ := download(h, "/api/v1/generated-documents/"+res["generated_document_id"]+"/pdf")
	assert.Equal(t, http.StatusNotFound, notPDF.StatusCode, "a Word file is no PDF")
	resp, zipped := download(h, "/api/v1/batch-processes/"+batch.ID+"/output")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.ContentTypeZip, resp.Header.Get("Content-Type"))
	assert.Equal(t, []string{"0001 - Offer - Łukasz Żółć.docx", "0002 - Offer - Anna Nowak.docx"}, dt.ZipFiles(t, zipped))
	assert.Contains(t, dt.DOCXText(t, dt.ZipEntry(t, zipped, "0002 - Offer - Anna Nowak.docx"), "word/document.xml"), "Dear Anna Nowak,")

	require.Equal(t, http.StatusAccepted, h.Call("POST", "/api/v1/leads/print", map[string]any{"lead_ids": ids, "document_id": docs["Offer"], "format": "PDF"}, &batch).StatusCode)
	done = h.WaitBatch(batch.ID)
	require.Equal(t, 2, done.Succeeded, "%+v", done.Items)
	require.NoError(t, harness.DecodeJSON(done.Items[1].Result, &res))
	_, pdf := download(h, res["download"])
	text := dt.PDFText(t, pdf)
	assert.Contains(t, text, "Dear Anna Nowak, 5 € — “quoted”")
	assert.Contains(t, text, "Concept: Retirement Income")
	assert.True(t, strings.HasSuffix(dt.PDFFonts(t, pdf)["Offer for"], "B"), "Word's Heading 1 prints bold: %v", dt.PDFFonts(t, pdf))
}

// TestFolderPrintSettings: a folder's page size and logo, and a document's
// page size, are checked at upload; nothing invalid is stored.
func TestFolderPrintSettings(t *testing.T) {
	h := harness.New(t)
	var p harness.Problem
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": "F", "page_size": "B5"}, "page_size"},
		{map[string]any{"name": "F", "logo_name": "logo.gif", "logo_base64": logoPNG(t)}, "logo_name"},
		{map[string]any{"name": "F", "logo_name": "logo.png", "logo_base64": "bm90IGFuIGltYWdl"}, "logo"},
		{map[string]any{"name": "F", "logo_name": "logo.jpg", "logo_base64": logoPNG(t)}, "logo"},
		{map[string]any{"name": "F", "logo_name": "logo.png", "logo_base64": base64.StdEncoding.EncodeToString(make([]byte, 1100<<10))}, "logo"},
	} {
		resp := h.Call("POST", "/api/v1/folders", c.body, &p)
		harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, c.field)
	}
	var n int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), "SELECT count(*) FROM folders").Scan(&n))
	assert.Zero(t, n)

	var f domain.Folder
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/folders", map[string]any{"name": "F", "page_size": "LETTER",
		"logo_name": "logo.png", "logo_base64": logoPNG(t)}, &f).StatusCode)
	assert.Equal(t, domain.PageLetter, f.PageSize)
	assert.Equal(t, "image/png", f.LogoType)
	resp := h.Call("POST", "/api/v1/folders/"+f.ID+"/documents", map[string]any{"name": "D", "page_size": "B5"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "page_size")
	var d domain.Document
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/folders/"+f.ID+"/documents", map[string]any{"name": "D", "page_size": "a4"}, &d).StatusCode)
	assert.Equal(t, domain.PageA4, d.PageSize)
}
