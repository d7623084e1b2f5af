package leads

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/activities"
	dt "github.com/drumbeat-crm/drumbeat/documents/documentstest"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// TestLeadBatchEmail: a rich-text email with merge tokens, an image and an
// attachment to selected leads, with a result per lead.
func TestLeadBatchEmail(t *testing.T) {
	h := harness.New(t)
	var ids []int64
	for _, n := range []string{"Ada", "Ben", "Cy"} {
		b := h.LeadBody(n, "Mail")
		b["company"], b["address_city"] = n+" Ltd", "Oslo"
		ids = append(ids, h.CreateLead(b).ID)
	}
	noConsent := h.LeadBody("Nils", "Noconsent")
	noConsent["consent_to_contact"] = false
	phoneOnly := h.LeadBody("Pia", "Phone")
	delete(phoneOnly, "email")
	phoneOnly["phone"] = "555 0100"
	ids = append(ids, h.CreateLead(noConsent).ID, h.CreateLead(phoneOnly).ID)
	brochure := h.Document("Brochure", "", "", "brochure.pdf", []byte("%PDF-1.4 Our offer"))
	notes := h.Document("Notes", "", "", "notes.txt", []byte("plain"))
	png := base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\nfake"))
	body := `<p>Dear <b>{{nameFirst}} {{nameLast}}</b> of {{company}} in {{addressCity}},</p><p>{{favouriteColour}}</p><img src="data:image/png;base64,` + png + `">`

	var p harness.Problem
	// An unknown variable is refused when the email is saved, naming it.
	resp := h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": ids, "subject": "Offer", "body": body}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	require.Len(t, p.Errors, 1)
	assert.Equal(t, "body", p.Errors[0].Field)
	assert.Contains(t, p.Errors[0].Message, "unknown variable {{favouriteColour}}")
	body = strings.Replace(body, "<p>{{favouriteColour}}</p>", "<p>{{ source_type | default \"our offer\" | upper }}</p>", 1)

	resp = h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": ids, "subject": "Hi", "body": `<img src="data:image/gif;base64,` + png + `">`}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": ids, "subject": "Hi", "body": "x",
		"attachment_document_ids": []string{notes, uuid.NewString()}}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Len(t, p.Errors, 2)
	assert.Empty(t, workertest.Inbox(t, h.Suffix))

	var b domain.Batch
	resp = h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": ids, "subject": "Offer for {{nameFirst}}", "body": body,
		"attachment_document_ids": []string{brochure}}, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%+v", b)
	done := h.WaitBatch(b.ID)
	assert.Equal(t, domain.BatchCompleted, done.Status)
	assert.Equal(t, domain.BatchLeadEmail, done.Type)
	assert.Equal(t, 3, done.Succeeded)
	assert.Equal(t, 1, done.Skipped)
	assert.Equal(t, 1, done.Failed)
	assert.Equal(t, "suppressed: no_consent", done.Items[3].Message, "consent is checked when the email is claimed")
	assert.Contains(t, done.Items[4].Message, "no email")

	inbox := workertest.Inbox(t, h.Suffix)
	require.Len(t, inbox, 3)
	subjects := map[string]workertest.Message{}
	for _, m := range inbox {
		subjects[m.Subject] = m
	}
	ada, ok := subjects["Offer for Ada"]
	require.True(t, ok, "%v", subjects)
	assert.Contains(t, ada.Text, "Dear Ada Mail of Ada Ltd in Oslo,")
	assert.Contains(t, ada.Text, "CONFERENCE", "filters apply")
	assert.Contains(t, ada.Raw, "text/html")
	assert.Contains(t, ada.Raw, "<b>Ada Mail</b>")
	assert.Contains(t, ada.Raw, "image/png")
	assert.Contains(t, ada.Raw, `brochure.pdf`)
	assert.Equal(t, domain.MessageID(domain.BatchKey(b.ID, 1)), ada.MessageID)
}

// TestLeadBatchEmailSurvivesWorkerRestart stops the worker in the middle of a
// batch email and lets another worker on the same task queue finish it:
// every lead gets exactly one email.
func TestLeadBatchEmailSurvivesWorkerRestart(t *testing.T) {
	h := harness.New(t)
	var items []string
	for i := 0; i < 12; i++ {
		items = append(items, fmt.Sprint(h.CreateLead(h.LeadBody(fmt.Sprintf("R%02d", i), "Restart")).ID))
	}
	// The first worker delivers a page and then hangs before it can record
	// the page's results, until the worker is stopped under it.
	gate := &gateMailer{Mailer: h.Worker.Acts.Mailer, after: 4, blocked: make(chan struct{})}
	h.Worker.Acts.Mailer = gate
	ctx := t.Context()
	id := uuid.NewString()
	require.NoError(t, h.Store.CreateBatch(ctx, id, domain.BatchLeadEmail, domain.LeadEmail{Subject: "Hello {{nameFirst}}", Body: "<p>Hi</p>"}, items, h.Admin.ID))
	_, err := h.Worker.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: domain.BatchWorkflowID(id), TaskQueue: h.Worker.TaskQueue},
		workflows.BatchWorkflowName, workflows.BatchInput{BatchID: id, PageSize: 2})
	require.NoError(t, err)
	select {
	case <-gate.blocked:
	case <-time.After(20 * time.Second):
		t.Fatal("the batch did not reach its third page")
	}
	h.Worker.Worker.Stop()
	b, err := h.Store.GetBatch(ctx, id)
	require.NoError(t, err)
	require.Equal(t, 4, b.Done(), "two pages were recorded before the worker stopped")
	require.Len(t, workertest.Inbox(t, h.Suffix), 6, "the third page was delivered but not recorded")
	workertest.StartOn(t, h.Worker.Client, h.Store, h.Worker.TaskQueue, 7)
	done := h.WaitBatch(id)
	assert.Equal(t, domain.BatchCompleted, done.Status)
	assert.Equal(t, 12, done.Succeeded)
	perLead := map[string]int{}
	for _, m := range workertest.Inbox(t, h.Suffix) {
		perLead[strings.Join(m.To, ",")]++
	}
	assert.Len(t, perLead, 12)
	for to, n := range perLead {
		assert.Equal(t, 1, n, "emails to %s", to)
	}
}

// gateMailer delivers through Mailer, and once at least after emails went
// out it signals blocked and hangs until its activity is cancelled.
type gateMailer struct {
	activities.Mailer
	after   int
	sent    atomic.Int64
	once    sync.Once
	blocked chan struct{}
}

func (g *gateMailer) Send(ctx context.Context, emails []activities.Email, report func(int, error)) {
	g.Mailer.Send(ctx, emails, report)
	if g.sent.Add(int64(len(emails))) > int64(g.after) {
		hang := false
		g.once.Do(func() { hang = true })
		if hang {
			close(g.blocked)
			<-ctx.Done()
		}
	}
}

// TestLeadBatchPrint: one merged PDF per lead, kept and downloadable; an
// unknown token of a document saved before templates were checked stays
// visible.
func TestLeadBatchPrint(t *testing.T) {
	h := harness.New(t)
	a := h.CreateLead(h.LeadBody("Paula", "Print"))
	b := h.CreateLead(h.LeadBody("Peter", "Print"))
	doc := h.Document("Welcome letter", "Welcome {{nameFirst}}", "Dear {{nameFirst}} {{nameLast}}, about {{salesConcept}}.", "", nil)
	_, err := h.Store.Pool().Exec(t.Context(), "UPDATE documents SET body = body || ' {{shoeSize}}' WHERE id = $1", doc)
	require.NoError(t, err)
	var p harness.Problem
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", "/api/v1/leads/print", map[string]any{"lead_ids": []int64{a.ID}, "document_id": uuid.NewString()}, &p).StatusCode)
	var batch domain.Batch
	resp := h.Call("POST", "/api/v1/leads/print", map[string]any{"lead_ids": []int64{a.ID, b.ID, 5555555}, "document_id": doc}, &batch)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%+v", batch)
	done := h.WaitBatch(batch.ID)
	assert.Equal(t, 2, done.Succeeded)
	assert.Equal(t, 1, done.Failed)
	var res map[string]string
	require.NoError(t, harness.DecodeJSON(done.Items[0].Result, &res))
	req, _ := http.NewRequest("GET", h.Server.URL+res["download"], nil)
	req.Header.Set("Authorization", "Bearer "+h.Token)
	dl, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer dl.Body.Close()
	require.Equal(t, http.StatusOK, dl.StatusCode)
	assert.Equal(t, "application/pdf", dl.Header.Get("Content-Type"))
	pdf := dt.PDFText(t, []byte(harness.ReadAll(t, dl)))
	assert.Contains(t, pdf, "Dear Paula Print, about Retirement Income. {{shoeSize}}")
	assert.Contains(t, pdf, "Welcome Paula")
	var n int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), "SELECT count(*) FROM generated_documents WHERE batch_id = $1 AND lead_id IS NOT NULL", batch.ID).Scan(&n))
	assert.Equal(t, 2, n)
	var docs domain.Page[domain.GeneratedDocument]
	require.Equal(t, http.StatusOK, h.Call("GET", harness.LeadPath(b.ID, "/documents"), nil, &docs).StatusCode)
	require.Len(t, docs.Items, 1)
	assert.Equal(t, "Welcome letter - Peter Print.pdf", docs.Items[0].FileName)
	assert.Equal(t, doc, docs.Items[0].DocumentID)
	assert.Equal(t, http.StatusNotFound, h.Call("GET", harness.LeadPath(5555555, "/documents"), nil, nil).StatusCode)
}
