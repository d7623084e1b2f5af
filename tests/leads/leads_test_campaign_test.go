package leads

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// TestLeadsOfATestCampaign: a lead can come from a campaign. A Draft holds no
// leads and a Sundown campaign takes none; a lead arriving while the
// campaign is in Test is a test lead, left out of the lead list, the export,
// the charts and audiences unless asked for; a Published campaign's leads
// are real. The source campaign never changes.
func TestLeadsOfATestCampaign(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Intake")["id"].(string)
	body := func(first string) map[string]any {
		b := h.LeadBody(first, "Intake")
		b["campaign_id"] = id
		return b
	}
	var p harness.Problem
	resp := h.Call("POST", "/api/v1/leads", body("Drafty"), &p)
	require.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, p.Detail, "draft: it holds no leads")
	nowhere := h.LeadBody("Nowhere", "Intake")
	nowhere["campaign_id"] = uuid.NewString()
	resp = h.Call("POST", "/api/v1/leads", nowhere, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "campaign_id", p.Errors[0].Field)

	code, _ := h.SetVersion(id, 1, "Test")
	require.Equal(t, http.StatusOK, code)
	tess := h.CreateLead(body("Tess"))
	assert.True(t, tess.Test)
	assert.Equal(t, id, tess.CampaignID)
	code, _ = h.SetVersion(id, 1, "Published")
	require.Equal(t, http.StatusOK, code)
	pat := h.CreateLead(body("Pat"))
	assert.False(t, pat.Test)

	names := func(query string) []string {
		var pg domain.Page[harness.LeadJSON]
		resp := h.Call("GET", "/api/v1/leads?q=Intake&sort=first_name"+query, nil, &pg)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var out []string
		for _, l := range pg.Items {
			out = append(out, l.FirstName)
		}
		return out
	}
	assert.Equal(t, []string{"Pat"}, names(""), "test leads are left out by default")
	assert.Equal(t, []string{"Pat", "Tess"}, names("&test=include"))
	assert.Equal(t, []string{"Tess"}, names("&test=only"))
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("GET", "/api/v1/leads?test=maybe", nil, nil).StatusCode)

	resp = h.Call("GET", "/api/v1/leads/export.csv?columns=all&q=Intake", nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	csv := harness.ReadAll(t, resp)
	assert.Contains(t, csv, "Pat")
	assert.NotContains(t, csv, "Tess")

	var chart chartJSON
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/leads/charts/lead-status-by-month", nil, &chart).StatusCode)
	total := 0
	for _, pt := range chart.Points {
		total += pt.Count
	}
	assert.Equal(t, 1, total, "the test lead is in no chart")

	resp = h.Call("PATCH", harness.LeadPath(pat.ID, ""), map[string]any{"campaign_id": uuid.NewString()}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "campaign_id", p.Errors[0].Field)
	resp = h.Call("PATCH", harness.LeadPath(pat.ID, ""), map[string]any{"position": "Buyer"}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "a patch that leaves the campaign alone is fine")

	code, _ = h.SetVersion(id, 1, "Sundown")
	require.Equal(t, http.StatusOK, code)
	resp = h.Call("POST", "/api/v1/leads", body("Late"), &p)
	require.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.True(t, strings.Contains(p.Detail, "sundown"), p.Detail)
}
