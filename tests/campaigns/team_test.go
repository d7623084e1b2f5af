package campaigns

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

type teamBody struct {
	Items []domain.TeamMember `json:"items"`
}

// roles flattens a team into "name:role" entries in answer order.
func roles(team teamBody) []string {
	out := make([]string, 0, len(team.Items))
	for _, m := range team.Items {
		out = append(out, m.Name+":"+string(m.Role))
	}
	return out
}

func TestCampaignTeam(t *testing.T) {
	h := harness.New(t)
	sam, _ := h.UserWithToken("Sam Support", domain.PrivCampaigns)
	pat, _ := h.UserWithToken("Pat Sponsor", domain.PrivCampaigns)
	id := h.CreateCampaign("Team work")["id"].(string)
	base := "/api/v1/campaigns/" + id + "/team"

	var team teamBody
	resp := h.Call("GET", base, nil, &team)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, []string{"Manager:Manager"}, roles(team), "the campaign's manager is its Manager")
	assert.Equal(t, h.Manager.ID, team.Items[0].UserID)

	// One user may hold several roles; several users may share one.
	for _, m := range []map[string]any{
		{"user_id": sam.ID, "role": "Support"},
		{"user_id": sam.ID, "role": "sponsor"},
		{"user_id": pat.ID, "role": "Sponsor"},
		{"user_id": h.Manager.ID, "role": "Support"},
	} {
		resp = h.Call("POST", base, m, &team)
		require.Equal(t, http.StatusCreated, resp.StatusCode, "%v", team)
	}
	assert.Equal(t, []string{"Manager:Manager", "Pat Sponsor:Sponsor", "Sam Support:Sponsor",
		"Manager:Support", "Sam Support:Support"}, roles(team))

	var p harness.Problem
	resp = h.Call("POST", base, map[string]any{"user_id": sam.ID, "role": "Support"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "already holds the role Support")

	// A second Manager is refused: the Manager is the campaign's manager.
	resp = h.Call("POST", base, map[string]any{"user_id": sam.ID, "role": "Manager"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "change the campaign's manager_id")
	// The Manager cannot be removed.
	resp = h.Call("DELETE", base+"/"+h.Manager.ID+"/Manager", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "cannot be removed")

	// Changing the campaign's manager changes the team's Manager.
	resp = h.Call("PATCH", "/api/v1/campaigns/"+id, map[string]any{"manager_id": pat.ID}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	team = teamBody{}
	h.Call("GET", base, nil, &team)
	assert.Equal(t, []string{"Pat Sponsor:Manager", "Pat Sponsor:Sponsor", "Sam Support:Sponsor",
		"Manager:Support", "Sam Support:Support"}, roles(team))
	resp = h.Call("DELETE", base+"/"+h.Manager.ID+"/Manager", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.Call("DELETE", base+"/"+pat.ID+"/manager", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")

	// Removing one role leaves the user's other roles.
	resp = h.Call("DELETE", base+"/"+sam.ID+"/Sponsor", nil, nil)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	team = teamBody{}
	h.Call("GET", base, nil, &team)
	assert.Equal(t, []string{"Pat Sponsor:Manager", "Pat Sponsor:Sponsor", "Manager:Support", "Sam Support:Support"}, roles(team))
	resp = h.Call("DELETE", base+"/"+sam.ID+"/Sponsor", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")

	// Invalid input, field by field; nothing is written.
	for _, tc := range []struct {
		name  string
		body  any
		field string
	}{
		{"role", map[string]any{"user_id": sam.ID, "role": "Boss"}, "role"},
		{"missing role", map[string]any{"user_id": sam.ID}, "role"},
		{"user id", map[string]any{"user_id": "sam", "role": "Support"}, "user_id"},
		{"unknown user", map[string]any{"user_id": uuid.NewString(), "role": "Support"}, "user_id"},
		{"unknown field", map[string]any{"user_id": sam.ID, "role": "Support", "since": "today"}, "body"},
		{"no body", "", "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p harness.Problem
			resp := h.Call("POST", base, tc.body, &p)
			harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, tc.field)
		})
	}
	after := teamBody{}
	h.Call("GET", base, nil, &after)
	assert.Equal(t, roles(team), roles(after))

	// Unknown campaign, user or role.
	for _, path := range []string{
		"/api/v1/campaigns/" + uuid.NewString() + "/team",
		base + "/" + sam.ID + "/Boss",
		base + "/sam/Support",
	} {
		method := "DELETE"
		if path[len(path)-4:] == "team" {
			method = "GET"
		}
		var p harness.Problem
		resp := h.Call(method, path, nil, &p)
		harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	}
	resp = h.Call("POST", "/api/v1/campaigns/"+uuid.NewString()+"/team", map[string]any{"user_id": sam.ID, "role": "Support"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
}
