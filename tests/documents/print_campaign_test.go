package documents

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dt "github.com/drumbeat-crm/drumbeat/documents/documentstest"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestCampaignPrintsAndMailsWordTemplates: the campaign's Print document
// action fills the folder's Word template for each participant, as DOCX by
// default and as PDF when the action asks; docx from a document without a
// Word template is skipped with the reason. Every file is on the contact's
// activities and in the campaign's print batch, whose print job holds them
// all in order. The same template attached to an email is filled for each
// recipient, and the first fill is the one kept for any retry.
func TestCampaignPrintsAndMailsWordTemplates(t *testing.T) {
	h := harness.New(t)
	template := dt.DOCX(dt.Heading("{{campaign_name}}")+dt.P(dt.R("Dear {{first_"), dt.R("name}} "), dt.SimpleField("MERGEFIELD last_name"), dt.R(", 5 € — “quoted”")), nil)
	folderID, docs := h.PrintFolder(map[string]any{}, wordDoc("Offer", template), map[string]any{"name": "Note", "body": "Hello {{nameFirst}}"})
	var camp map[string]any
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns", map[string]any{"name": "Wiosna €", "priority": "A",
		"manager_id": h.Manager.ID, "folder_id": folderID}, &camp).StatusCode)
	id := camp["id"].(string)

	def := domain.DefaultWorkflow()
	var p harness.Problem
	def.Statuses[1].Actions = []domain.Action{{Kind: domain.ActionPrint, DocumentID: docs["Offer"], Format: "xlsx"}, {Kind: domain.ActionEmail, Subject: "x", Format: "pdf"}}
	resp := h.Call("PUT", "/api/v1/campaigns/"+id+"/workflow", map[string]any{"statuses": def.Statuses}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "statuses[1].actions[0].format")
	assert.Equal(t, "statuses[1].actions[1].format", p.Errors[1].Field)
	def.Statuses[1].Actions = []domain.Action{
		{Kind: domain.ActionPrint, DocumentID: docs["Offer"]},
		{Kind: domain.ActionPrint, DocumentID: docs["Offer"], Format: "pdf"},
		{Kind: domain.ActionPrint, DocumentID: docs["Note"], Format: "docx"},
		{Kind: domain.ActionEmail, Subject: "Offer for {{first_name}}", Body: "See the letter.", Attachments: []string{docs["Offer"]}},
	}
	h.SetWorkflow(id, def)
	lukasz := uuid.NewString()
	require.NoError(t, h.Store.UpsertContact(t.Context(), domain.Contact{ID: lukasz, FirstName: "Łukasz", LastName: "Żółć", Email: "lukasz" + h.Suffix}))
	contacts := append([]string{lukasz}, h.Contacts(1)...)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": contacts}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	h.WaitStatuses(id, map[string]int{"Contacted": 2})

	var acts domain.Page[domain.Activity]
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/contacts/"+lukasz+"/activities", nil, &acts).StatusCode)
	files := map[string][]byte{}
	skipped := ""
	for _, a := range acts.Items {
		if a.Kind != "document" {
			continue
		}
		if r, ok := a.Details["skipped"].(string); ok {
			skipped = r
			continue
		}
		resp, data := download(h, a.Details["download"].(string))
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, a.Details["content_type"], resp.Header.Get("Content-Type"))
		files[resp.Header.Get("Content-Type")] = data
	}
	require.Len(t, files, 2, "%+v", acts.Items)
	assert.Equal(t, "Wiosna €\nDear Łukasz Żółć, 5 € — “quoted”\n", dt.DOCXText(t, files[domain.ContentTypeDOCX], "word/document.xml"))
	assert.Contains(t, dt.PDFText(t, files[domain.ContentTypePDF]), "Dear Łukasz Żółć, 5 € — “quoted”")
	assert.Contains(t, skipped, "no Word (.docx) template")

	b := h.WaitBatch(store.PrintBatchID(id))
	require.Equal(t, 4, b.Succeeded, "two files for each participant")
	var item map[string]string
	require.NoError(t, harness.DecodeJSON(b.Items[0].Result, &item))
	assert.Contains(t, item["download"], "/file")
	resp, job := download(h, "/api/v1/batch-processes/"+b.ID+"/output")
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", job)
	assert.Equal(t, domain.ContentTypeZip, resp.Header.Get("Content-Type"), "Word and PDF files together: a zip")
	names := dt.ZipFiles(t, job)
	require.Len(t, names, 4)
	for i, n := range names {
		assert.True(t, strings.HasPrefix(n, fmt.Sprintf("%04d - Offer - ", i+1)), n)
	}

	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		n := len(workertest.Inbox(t, h.Suffix))
		return n == 2, fmt.Sprint(n, " emails")
	})
	sent := map[string][]byte{}
	for _, m := range workertest.Inbox(t, h.Suffix) {
		sent[m.Subject] = mailAttachment(t, m.Raw, "Offer.docx")
	}
	require.NotNil(t, sent["Offer for Łukasz"], "%v", sent)
	assert.Contains(t, dt.DOCXText(t, sent["Offer for Łukasz"], "word/document.xml"), "Dear Łukasz Żółć,")
	assert.Contains(t, dt.DOCXText(t, sent["Offer for First0"], "word/document.xml"), "Dear First0 Last,")

	var key string
	var kept []byte
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT f.idem_key, f.content FROM outbox_files f JOIN outbox o USING (idem_key)
		WHERE o.to_addr = $1`, "lukasz"+h.Suffix).Scan(&key, &kept))
	assert.Equal(t, sent["Offer for Łukasz"], kept, "the attachment sent is the one kept")
	again, err := h.Store.KeepOutboxFile(t.Context(), key, docs["Offer"], []byte("a later fill"))
	require.NoError(t, err)
	assert.Equal(t, kept, again, "a retried send attaches the first fill")
}
