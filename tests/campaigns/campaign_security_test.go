package campaigns

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// A private campaign is seen only by administrators, its creator, its
// manager and its team; anybody else gets 404 as if it did not exist.
func TestPrivateCampaignVisibility(t *testing.T) {
	h := harness.New(t)
	manager, managerToken := h.UserWithToken("Private Manager", domain.PrivCampaigns)
	member, memberToken := h.UserWithToken("Member", domain.PrivCampaigns)
	_, outsiderToken := h.UserWithToken("Outsider", domain.PrivCampaigns)
	_, creatorToken := h.UserWithToken("Creator", domain.PrivCampaigns)

	private := h.NewCampaign(map[string]any{"name": "Quiet Launch", "priority": "A", "manager_id": manager.ID, "security": "private"})
	public := h.NewCampaign(map[string]any{"name": "Open Day", "priority": "B", "manager_id": manager.ID})
	var own map[string]any
	resp := h.CallAs(creatorToken, "POST", "/api/v1/campaigns", map[string]any{"name": "Mine", "priority": "C", "security": "private"}, &own)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%v", own)

	names := func(token string) []string {
		var page campaignList
		resp := h.CallAs(token, "GET", "/api/v1/campaigns?sort=name", nil, &page)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var out []string
		for _, c := range page.Items {
			out = append(out, c.Name)
		}
		return out
	}
	assert.Equal(t, []string{"Mine", "Open Day", "Quiet Launch"}, names(h.Token), "administrators see everything")
	assert.Equal(t, []string{"Open Day", "Quiet Launch"}, names(managerToken))
	assert.Equal(t, []string{"Mine", "Open Day"}, names(creatorToken))
	assert.Equal(t, []string{"Open Day"}, names(outsiderToken))
	assert.Equal(t, []string{"Open Day"}, names(memberToken))

	for _, path := range []string{"", "/team", "/workflow", "/charts/pipeline", "/opportunities"} {
		var p harness.Problem
		resp := h.CallAs(outsiderToken, "GET", "/api/v1/campaigns/"+private+path, nil, &p)
		harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
		resp = h.CallAs(outsiderToken, "GET", "/api/v1/campaigns/"+public+path, nil, nil)
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
	}
	var p harness.Problem
	resp = h.CallAs(outsiderToken, "PATCH", "/api/v1/campaigns/"+private, map[string]any{"name": "Mine now"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.CallAs(outsiderToken, "DELETE", "/api/v1/campaigns/"+private, nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	assert.Equal(t, "Quiet Launch", h.GetCampaign(private)["name"])

	// Joining the team makes it visible.
	resp = h.CallAs(managerToken, "POST", "/api/v1/campaigns/"+private+"/team", map[string]any{"user_id": member.ID, "role": "Support"}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, []string{"Open Day", "Quiet Launch"}, names(memberToken))
	resp = h.CallAs(memberToken, "GET", "/api/v1/campaigns/"+private, nil, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// Making it public shows it to everyone.
	resp = h.CallAs(managerToken, "PATCH", "/api/v1/campaigns/"+private, map[string]any{"security": "public"}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, []string{"Open Day", "Quiet Launch"}, names(outsiderToken))
}
