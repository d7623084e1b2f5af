package api_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// userWithToken creates a user holding the given privileges and returns it
// with a bearer token of its own.
func (h *harness) userWithToken(name string, privileges ...string) (domain.User, string) {
	h.t.Helper()
	u := domain.User{ID: uuid.NewString(), Name: name, Email: randHex(4) + h.suffix, Privileges: privileges}
	require.NoError(h.t, h.st.UpsertUser(h.t.Context(), u))
	token := "tok-" + randHex(8)
	require.NoError(h.t, h.st.AddToken(h.t.Context(), u.ID, token, "test"))
	return u, token
}

// newCampaign creates a campaign from a full body and returns its id.
func (h *harness) newCampaign(body map[string]any) string {
	h.t.Helper()
	var c map[string]any
	resp := h.call("POST", "/api/v1/campaigns", body, &c)
	require.Equal(h.t, http.StatusCreated, resp.StatusCode, "%v", c)
	return c["id"].(string)
}

// getCampaign reads a campaign through the API.
func (h *harness) getCampaign(id string) map[string]any {
	h.t.Helper()
	var c map[string]any
	resp := h.call("GET", "/api/v1/campaigns/"+id, nil, &c)
	require.Equal(h.t, http.StatusOK, resp.StatusCode, "%v", c)
	return c
}

// move posts start, complete or cancel and returns the answer's status code.
func (h *harness) move(id, action string) (int, problemBody) {
	h.t.Helper()
	var p problemBody
	resp := h.call("POST", "/api/v1/campaigns/"+id+"/"+action, nil, &p)
	return resp.StatusCode, p
}

// expectProblem checks that an answer is a problem+json with the given status
// and, for 422, that the named field is among its errors.
func expectProblem(t *testing.T, resp *http.Response, p problemBody, status int, field string) {
	t.Helper()
	require.Equal(t, status, resp.StatusCode, "%+v", p)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	assert.Equal(t, status, p.Status)
	if field != "" {
		var fields []string
		for _, f := range p.Errors {
			fields = append(fields, f.Field)
		}
		assert.Contains(t, fields, field, "%+v", p)
	}
}

type campaignList struct {
	Items []struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		Priority  string `json:"priority"`
		Stage     string `json:"stage"`
		ManagerID string `json:"manager_id"`
		StartDate string `json:"start_date"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// listAll pages through GET /campaigns with the given query and page size.
func (h *harness) listAll(query url.Values, limit int) []string {
	h.t.Helper()
	var names []string
	seen := map[string]bool{}
	query.Set("limit", strconv.Itoa(limit))
	for pages := 0; ; pages++ {
		require.Less(h.t, pages, 100, "paging does not end")
		var page campaignList
		resp := h.call("GET", "/api/v1/campaigns?"+query.Encode(), nil, &page)
		require.Equal(h.t, http.StatusOK, resp.StatusCode, "%+v", page)
		require.LessOrEqual(h.t, len(page.Items), limit)
		for _, c := range page.Items {
			require.False(h.t, seen[c.ID], "campaign %s listed twice", c.Name)
			seen[c.ID] = true
			names = append(names, c.Name)
		}
		if page.NextCursor == "" {
			return names
		}
		query.Set("cursor", page.NextCursor)
	}
}
