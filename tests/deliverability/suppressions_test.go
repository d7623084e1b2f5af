package deliverability

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/metrics"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestSuppressionList: adding (case-insensitive, 409 twice), finding,
// paging, removing, CSV import (all or nothing) and export, and who may
// do what.
func TestSuppressionList(t *testing.T) {
	h := harness.New(t)
	_, reader := h.User("Reader")
	_, marketer := h.User("Marketer", domain.PrivMarketing)
	var s domain.Suppression
	resp := h.CallAs(marketer, "POST", "/api/v1/suppressions", map[string]any{"address": " Zoe.Quit" + strings.ToUpper(h.Suffix) + " ",
		"source": "phone call"}, &s)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "zoe.quit"+h.Suffix, s.Address, "stored lower-cased")
	assert.Equal(t, domain.SuppressManual, s.Reason)
	var p harness.Problem
	resp = h.CallAs(marketer, "POST", "/api/v1/suppressions", map[string]any{"address": "ZOE.quit" + h.Suffix}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "manual")
	for _, bad := range []map[string]any{{"address": "not an address"}, {"address": ""}, {"address": "a" + h.Suffix, "reason": "bored"}} {
		resp = h.CallAs(marketer, "POST", "/api/v1/suppressions", bad, &p)
		harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "")
	}
	resp = h.CallAs(marketer, "POST", "/api/v1/suppressions", `{"address": 7}`, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "address")
	resp = h.CallAs(reader, "POST", "/api/v1/suppressions", map[string]any{"address": "r" + h.Suffix}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")

	for i := range 4 {
		resp = h.CallAs(marketer, "POST", "/api/v1/suppressions", map[string]any{"address": fmt.Sprintf("p%d%s", i, h.Suffix),
			"reason": "complaint"}, nil)
		require.Equal(t, http.StatusCreated, resp.StatusCode)
	}
	// Any signed-in user may look addresses up, page by page, newest first.
	var seen []string
	cursor := ""
	for {
		var page harness.SuppressionPage
		resp = h.CallAs(reader, "GET", "/api/v1/suppressions?limit=2&q="+url.QueryEscape(h.Suffix)+"&cursor="+url.QueryEscape(cursor), nil, &page)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		for _, it := range page.Items {
			seen = append(seen, it.Address)
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	assert.Equal(t, []string{"p3" + h.Suffix, "p2" + h.Suffix, "p1" + h.Suffix, "p0" + h.Suffix, "zoe.quit" + h.Suffix}, seen)
	assert.Len(t, h.Suppressions("ZOE.QUIT"), 1, "search is case-insensitive")
	resp = h.Call("GET", "/api/v1/suppressions?cursor=bogus", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "cursor")

	resp = h.CallAs(marketer, "DELETE", "/api/v1/suppressions?address="+url.QueryEscape("P0"+h.Suffix), nil, nil)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	resp = h.CallAs(marketer, "DELETE", "/api/v1/suppressions?address="+url.QueryEscape("p0"+h.Suffix), nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.CallAs(reader, "DELETE", "/api/v1/suppressions?address="+url.QueryEscape("p1"+h.Suffix), nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")

	// Import: one bad line refuses the whole file.
	bad := "address,reason,source\nnew1" + h.Suffix + ",manual,file\nnot-an-address,manual,file\nnew2" + h.Suffix + ",lazy,file\n"
	resp = h.CallAs(marketer, "POST", "/api/v1/suppressions/import", bad, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "lines[3].address")
	assert.Contains(t, fieldsOf(p), "lines[4].reason")
	assert.Empty(t, h.Suppressions("new1"), "nothing imported")
	resp = h.CallAs(marketer, "POST", "/api/v1/suppressions/import", "email\nx"+h.Suffix+"\n", &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "file")
	good := "\ufeffAddress,Source\nNew1" + h.Suffix + ",\"'=HYPERLINK(\"\"x\"\")\"\nnew2" + h.Suffix + ",\nnew1" + h.Suffix + ",again\np1" + h.Suffix + ",\n"
	var imported struct{ Rows, Added, AlreadyListed int }
	resp = h.CallAs(marketer, "POST", "/api/v1/suppressions/import", good, &imported)
	require.Equal(t, http.StatusOK, resp.StatusCode, harness.ReadAll(t, resp))
	assert.Equal(t, 3, imported.Rows, "the same address twice counts once")
	assert.Equal(t, 2, imported.Added)
	resp = h.CallAs(reader, "POST", "/api/v1/suppressions/import", good, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")

	// Export: every entry, a formula cell quoted, and it imports back as it was.
	resp = h.CallAs(reader, "GET", "/api/v1/suppressions/export.csv", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")
	resp = h.CallAs(marketer, "GET", "/api/v1/suppressions/export.csv", nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/csv; charset=utf-8", resp.Header.Get("Content-Type"))
	recs, err := csv.NewReader(bytes.NewReader([]byte(harness.ReadAll(t, resp)))).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"address", "reason", "source", "created_at"}, recs[0])
	sources := map[string]string{}
	for _, r := range recs[1:] {
		sources[r[0]] = r[2]
	}
	assert.Equal(t, `'=HYPERLINK("x")`, sources["new1"+h.Suffix], "a formula is written with its apostrophe")
	assert.Equal(t, "phone call", sources["zoe.quit"+h.Suffix])
	got := h.Suppressions("new1")
	require.Len(t, got, 1)
	assert.Equal(t, `=HYPERLINK("x")`, got[0].Source, "the import read the apostrophe off again")
}

func fieldsOf(p harness.Problem) []string {
	var out []string
	for _, f := range p.Errors {
		out = append(out, f.Field)
	}
	return out
}

// TestSuppressedAtSendTime: the list and consent are checked when each
// email is claimed, on every path, whenever the message was queued. A
// suppressed or non-consenting recipient's message ends suppressed, is not
// sent, and the batch item or the activity says why; the others go out.
func TestSuppressedAtSendTime(t *testing.T) {
	h := harness.New(t)
	ann, bob, cat := h.NewContact("Ann", nil), h.NewContact("Bob", nil), h.NewContact("Cat", nil)
	resp := h.Call("POST", "/api/v1/suppressions", map[string]any{"address": strings.ToUpper(ann.Email)}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	resp = h.Call("PATCH", "/api/v1/contacts/"+bob.ID, map[string]any{"consent_to_contact": false}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	before := suppressedCount(t)

	// Campaign start: only Cat is emailed.
	camp := h.MailCampaign("Autumn", ann.ID, bob.ID, cat.ID)
	h.WaitInbox("Cat"+h.Suffix, 1)
	h.WaitStatuses(camp, map[string]int{"Contacted": 3})
	for who, reason := range map[string]string{ann.Email: "suppressed: manual", bob.Email: "suppressed: no_consent"} {
		workertest.Eventually(t, 30*time.Second, func() (bool, string) {
			status, _ := h.OutboxStatus("campaign_id = $1 AND to_addr = $2", camp, who)
			return status != "pending" && status != "sending", status
		})
		status, lastErr := h.OutboxStatus("campaign_id = $1 AND to_addr = $2", camp, who)
		assert.Equal(t, "suppressed", status, who)
		assert.Equal(t, reason, lastErr, who)
	}
	assert.Equal(t, "manual", activitiesOf(h, ann.ID, "email")[0].Details["suppressed"])

	// A document email batch: the items say so.
	folder, docs := h.Folder(map[string]any{"name": "Note", "subject": "A note", "body": "Dear {{nameFirst}}"})
	resp = h.Call("PATCH", "/api/v1/campaigns/"+camp, map[string]any{"folder_id": folder}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var b harness.BatchView
	resp = h.Call("POST", "/api/v1/campaigns/"+camp+"/documents/"+docs["Note"]+"/email", nil, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	done := h.WaitBatch(b.ID)
	assert.Equal(t, 1, done.Succeeded)
	assert.Equal(t, 2, done.Skipped)
	messages := map[string]bool{}
	for _, it := range done.Items {
		messages[it.Message] = true
	}
	assert.True(t, messages["suppressed: manual"], "%v", messages)
	assert.True(t, messages["suppressed: no_consent"], "%v", messages)
	harness.UnsubscribeToken(t, h.WaitInbox("Cat"+h.Suffix, 2)[1])

	// A lead whose consent is false: the lead email item says so.
	noConsent := h.LeadBody("Nils", "Noconsent")
	noConsent["consent_to_contact"] = false
	lead := h.CreateLead(noConsent)
	resp = h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": []int64{lead.ID}, "subject": "Hi", "body": "Hello"}, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	done = h.WaitBatch(b.ID)
	require.Len(t, done.Items, 1)
	assert.Equal(t, domain.ItemSkipped, done.Items[0].Status)
	assert.Equal(t, "suppressed: no_consent", done.Items[0].Message)

	// A drip's text message: Bob refuses contact, so his ends suppressed,
	// and Cat's is sent.
	drip := h.CreateDrip("Texts", []domain.DripStep{{Name: "Text", Action: domain.DripSMS, Body: "Hi {{nameFirst}}"}}, nil)
	for _, c := range []harness.ContactAnswer{bob, cat} {
		resp, _, _ := h.StartDrip(c.ID, drip.ID, "")
		require.Equal(t, http.StatusCreated, resp.StatusCode)
	}
	for who, want := range map[string]string{bob.ID: "suppressed", cat.ID: "sent"} {
		workertest.Eventually(t, 30*time.Second, func() (bool, string) {
			sms, err := h.Store.ContactSMS(t.Context(), who)
			if err != nil || len(sms) != 1 {
				return false, fmt.Sprint(len(sms), err)
			}
			return sms[0].Status == want, sms[0].Status
		})
	}

	// Taken off the list, Ann is emailed again; Bob still lacks consent.
	resp = h.Call("DELETE", "/api/v1/suppressions?address="+url.QueryEscape(ann.Email), nil, nil)
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	h.MailCampaign("Winter", ann.ID, bob.ID)
	h.WaitInbox("Ann"+h.Suffix, 1)
	assert.Empty(t, h.InboxFor("Bob"))
	assert.GreaterOrEqual(t, suppressedCount(t)-before, 6.0, "metrics.EmailSuppressed counts each one")
}

// suppressedCount reads drumbeat_emails_suppressed_total as a worker serves it.
func suppressedCount(t *testing.T) float64 {
	t.Helper()
	mfs, err := metrics.NewWorkerRegistry(nil).Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		if mf.GetName() == "drumbeat_emails_suppressed_total" {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatal("drumbeat_emails_suppressed_total is not served")
	return 0
}
