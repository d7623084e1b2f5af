package campaigns

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// TestBatchesFollowTheirKind: a campaign's batch is seen only by whoever may
// see the campaign, a lead batch only by holders of the leads privilege; the
// list shows exactly those, page by page.
func TestBatchesFollowTheirKind(t *testing.T) {
	h := harness.New(t)
	f := h.PrivateCampaign("Quiet", 2)
	public := h.PrivateCampaign("Open", 1) // made public below: its team stays as it is
	resp := h.Call("PATCH", "/api/v1/campaigns/"+public.ID, map[string]any{"security": "public"}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	_, nobody := h.UserWithToken("Nobody")
	_, leadsOnly := h.UserWithToken("Leads only", domain.PrivLeads)
	_, campaignsOnly := h.UserWithToken("Campaigns only", domain.PrivCampaigns)

	start := func(token, path string, body any) string {
		var b domain.Batch
		resp := h.CallAs(token, "POST", path, body, &b)
		require.Equal(t, http.StatusAccepted, resp.StatusCode, "%s: %+v", path, b)
		h.WaitBatch(b.ID)
		return b.ID
	}
	private := start(f.InsiderToken, "/api/v1/campaigns/"+f.ID+"/documents/"+f.DocID+"/email", nil)
	open := start(h.Token, "/api/v1/campaigns/"+public.ID+"/documents/"+public.DocID+"/email", nil)
	lead := h.CreateLeadAs(f.InsiderToken, h.LeadBody("Lena", "Batch"))
	leads := start(f.InsiderToken, "/api/v1/leads/assign-owner", map[string]any{"lead_ids": []int64{lead.ID}, "owner_id": f.Outsider.ID})

	listed := func(token, query string) []string {
		var ids []string
		cursor := ""
		for range 10 {
			var pg domain.Page[domain.Batch]
			resp := h.CallAs(token, "GET", "/api/v1/batch-processes?limit=1&cursor="+url.QueryEscape(cursor)+query, nil, &pg)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			for _, b := range pg.Items {
				ids = append(ids, b.ID)
			}
			if cursor = pg.NextCursor; cursor == "" {
				break
			}
		}
		return ids
	}
	all := []string{private, open, leads}
	for _, c := range []struct {
		who, token string
		sees       []string
	}{
		{"nobody", nobody, nil},
		{"leads only", leadsOnly, []string{leads}},
		{"campaigns only", campaignsOnly, []string{open}},
		{"outsider", f.OutsiderToken, []string{open, leads}},
		{"manager", f.InsiderToken, all},
		{"administrator", h.Token, all},
	} {
		assert.ElementsMatch(t, c.sees, listed(c.token, ""), c.who)
		for _, id := range all {
			want := http.StatusNotFound
			if containsString(c.sees, id) {
				want = http.StatusOK
			}
			resp := h.CallAs(c.token, "GET", "/api/v1/batch-processes/"+id, nil, nil)
			harness.ExpectStatus(t, resp, want, c.who+" reads batch "+id)
		}
	}
	assert.Equal(t, []string{open}, listed(f.OutsiderToken, "&type="+url.QueryEscape(domain.BatchEmailCampaignDocument)))

	// The batch of a deleted campaign is left to administrators.
	resp = h.CallAs(f.InsiderToken, "DELETE", "/api/v1/campaigns/"+f.ID, nil, nil)
	require.Equal(t, http.StatusNoContent, resp.StatusCode, harness.ReadAll(t, resp))
	harness.ExpectStatus(t, h.CallAs(f.InsiderToken, "GET", "/api/v1/batch-processes/"+private, nil, nil), http.StatusNotFound, "the manager of the deleted campaign")
	assert.ElementsMatch(t, []string{open, leads}, listed(f.InsiderToken, ""))
	harness.ExpectStatus(t, h.Call("GET", "/api/v1/batch-processes/"+private, nil, nil), http.StatusOK, "an administrator")
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestGeneratedDocumentsFollowTheirParent: a lead's PDF needs the leads
// privilege and is gone with its lead; a campaign print follows its
// campaign's visibility.
func TestGeneratedDocumentsFollowTheirParent(t *testing.T) {
	h := harness.New(t)
	f := h.PrivateCampaign("Printed", 1)
	_, nobody := h.UserWithToken("Nobody")
	_, leadsOnly := h.UserWithToken("Leads only", domain.PrivLeads)

	lead := h.CreateLeadAs(leadsOnly, h.LeadBody("Petra", "Pdf"))
	var b domain.Batch
	resp := h.CallAs(leadsOnly, "POST", "/api/v1/leads/print", map[string]any{"lead_ids": []int64{lead.ID}, "document_id": f.DocID}, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%+v", b)
	require.Equal(t, 1, h.WaitBatch(b.ID).Succeeded)
	var docs domain.Page[domain.GeneratedDocument]
	require.Equal(t, http.StatusOK, h.CallAs(leadsOnly, "GET", harness.LeadPath(lead.ID, "/documents"), nil, &docs).StatusCode)
	require.Len(t, docs.Items, 1)
	leadPDF := docs.Items[0].ID
	campaignPDF, err := h.Store.SaveGeneratedDocument(t.Context(), "test/print/"+uuid.NewString(), domain.GeneratedDocument{
		DocumentID: f.DocID, ContactID: f.Participants[0].ContactID, CampaignID: f.ID, FileName: "Note.pdf"}, []byte("%PDF-1.4 note"))
	require.NoError(t, err)

	for _, c := range []struct {
		who, token string
		lead, camp int
	}{
		{"nobody", nobody, http.StatusNotFound, http.StatusNotFound},
		{"leads only", leadsOnly, http.StatusOK, http.StatusNotFound},
		{"outsider", f.OutsiderToken, http.StatusOK, http.StatusNotFound},
		{"manager", f.InsiderToken, http.StatusOK, http.StatusOK},
		{"administrator", h.Token, http.StatusOK, http.StatusOK},
	} {
		for _, suffix := range []string{"", "/pdf"} {
			resp := h.CallAs(c.token, "GET", "/api/v1/generated-documents/"+leadPDF+suffix, nil, nil)
			harness.ExpectStatus(t, resp, c.lead, c.who+" reads the lead's PDF"+suffix)
			resp = h.CallAs(c.token, "GET", "/api/v1/generated-documents/"+campaignPDF+suffix, nil, nil)
			harness.ExpectStatus(t, resp, c.camp, c.who+" reads the campaign print"+suffix)
		}
	}

	resp = h.CallAs(leadsOnly, "DELETE", harness.LeadPath(lead.ID, ""), nil, nil)
	require.Equal(t, http.StatusNoContent, resp.StatusCode, harness.ReadAll(t, resp))
	for _, suffix := range []string{"", "/pdf"} {
		resp := h.Call("GET", "/api/v1/generated-documents/"+leadPDF+suffix, nil, nil)
		harness.ExpectStatus(t, resp, http.StatusNotFound, "the deleted lead's PDF"+suffix)
	}
	assert.Zero(t, h.Count("SELECT count(*) FROM generated_documents WHERE lead_id = $1", lead.ID), "the PDF is deleted with its lead")
}

// TestOpportunityOfPrivateCampaign: an outsider can neither read nor change
// a private campaign's opportunity (404); its manager can.
func TestOpportunityOfPrivateCampaign(t *testing.T) {
	h := harness.New(t)
	f := h.PrivateCampaign("Pipeline", 1)
	id := h.Opportunity(f.ID, f.Participants[0].ContactID, "Prospecting", 1000)
	path := "/api/v1/opportunities/" + id
	var p harness.Problem
	resp := h.CallAs(f.OutsiderToken, "GET", path, nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.CallAs(f.OutsiderToken, "PATCH", path, map[string]any{"description": "Mine now"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	var o domain.Opportunity
	resp = h.CallAs(f.InsiderToken, "GET", path, nil, &o)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Opportunity", o.Description, "the outsider changed nothing")
	resp = h.CallAs(f.InsiderToken, "PATCH", path, map[string]any{"description": "Renewal"}, &o)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Renewal", o.Description)

	// Unlinked when its campaign is deleted, it needs the campaigns privilege alone.
	resp = h.CallAs(f.InsiderToken, "DELETE", "/api/v1/campaigns/"+f.ID, nil, nil)
	require.Equal(t, http.StatusNoContent, resp.StatusCode, harness.ReadAll(t, resp))
	resp = h.CallAs(f.OutsiderToken, "GET", path, nil, nil)
	harness.ExpectStatus(t, resp, http.StatusOK, "the unlinked opportunity")
}

// TestContactActivitiesLeaveOutPrivateCampaigns: a contact's activities of a
// private campaign (the emails sent, with subject and body) are left out for
// whoever may not see the campaign; the rest pages as before.
func TestContactActivitiesLeaveOutPrivateCampaigns(t *testing.T) {
	h := harness.New(t)
	f := h.PrivateCampaign("Whisper", 1)
	contact := f.Participants[0].ContactID
	open := h.CreateCampaign("Loud")["id"].(string)
	resp := h.Call("POST", "/api/v1/campaigns/"+open+"/participants", map[string]any{"contact_ids": []string{contact}}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	loudFolder, loudDocs := h.Folder(map[string]any{"name": "Loud note", "subject": "Loud", "body": "Loud news"})
	resp = h.Call("PATCH", "/api/v1/campaigns/"+open, map[string]any{"folder_id": loudFolder}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, harness.ReadAll(t, resp))
	for _, send := range []struct{ token, path string }{
		{f.InsiderToken, "/api/v1/campaigns/" + f.ID + "/documents/" + f.DocID + "/email"},
		{h.Token, "/api/v1/campaigns/" + open + "/documents/" + loudDocs["Loud note"] + "/email"},
	} {
		var b domain.Batch
		resp := h.CallAs(send.token, "POST", send.path, nil, &b)
		require.Equal(t, http.StatusAccepted, resp.StatusCode, "%+v", b)
		require.Equal(t, 1, h.WaitBatch(b.ID).Succeeded)
	}

	activities := func(token string) (campaigns []string, text string) {
		cursor := ""
		for range 10 {
			var pg domain.Page[domain.Activity]
			resp := h.CallAs(token, "GET", "/api/v1/contacts/"+contact+"/activities?limit=1&cursor="+url.QueryEscape(cursor), nil, &pg)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			for _, a := range pg.Items {
				campaigns = append(campaigns, a.CampaignID)
				text += fmt.Sprint(a.Subject, a.Details)
			}
			if cursor = pg.NextCursor; cursor == "" {
				break
			}
		}
		return campaigns, text
	}
	campaigns, text := activities(f.OutsiderToken)
	assert.Equal(t, []string{open}, campaigns)
	assert.NotContains(t, text, "Whisper", "the private campaign's email is not shown")
	campaigns, text = activities(f.InsiderToken)
	assert.ElementsMatch(t, []string{open, f.ID}, campaigns)
	assert.Contains(t, text, "Hello First0, from Whisper.")
}

// TestLeadFromInvisibleCampaign: a lead naming a campaign its creator may
// not see is refused exactly as one naming no campaign at all.
func TestLeadFromInvisibleCampaign(t *testing.T) {
	h := harness.New(t)
	f := h.PrivateCampaign("Source", 1)
	code, _ := h.SetVersion(f.ID, 1, string(domain.VersionPublished))
	require.Equal(t, http.StatusOK, code)
	create := func(token, campaignID string) (*http.Response, harness.Problem) {
		body := h.LeadBody("Ivy", "Intake")
		body["campaign_id"] = campaignID
		var p harness.Problem
		return h.CallAs(token, "POST", "/api/v1/leads", body, &p), p
	}
	resp, hidden := create(f.OutsiderToken, f.ID)
	harness.ExpectProblem(t, resp, hidden, http.StatusUnprocessableEntity, "campaign_id")
	resp, unknown := create(f.OutsiderToken, uuid.NewString())
	harness.ExpectProblem(t, resp, unknown, http.StatusUnprocessableEntity, "campaign_id")
	assert.Equal(t, unknown.Errors, hidden.Errors)
	assert.Equal(t, unknown.Detail, hidden.Detail)
	assert.Equal(t, "unknown campaign", hidden.Errors[0].Message)
	_, leadsOnly := h.UserWithToken("Leads only", domain.PrivLeads)
	resp, _ = create(leadsOnly, f.ID)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "without the campaigns privilege no campaign is visible")
	assert.Zero(t, h.Count("SELECT count(*) FROM leads"), "nothing was written")

	body := h.LeadBody("Ivy", "Intake")
	body["campaign_id"] = f.ID
	assert.Equal(t, f.ID, h.CreateLeadAs(f.InsiderToken, body).CampaignID, "the campaign's manager sees it")
}
