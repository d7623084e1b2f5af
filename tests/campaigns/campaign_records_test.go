package campaigns

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// seedCampaigns creates a varied set of campaigns and returns the second manager.
func seedCampaigns(h *harness.Harness) domain.User {
	other, _ := h.UserWithToken("Other Manager", domain.PrivCampaigns)
	for _, c := range []map[string]any{
		{"name": "Spring Mortgage Review", "priority": "A", "manager_id": h.Manager.ID, "start_date": "2026-03-01T00:00:00Z",
			"description": "Renewal season outreach"},
		{"name": "Autumn Fundraiser", "priority": "B", "manager_id": other.ID, "start_date": "2026-09-15T00:00:00Z",
			"description": "Gala dinner for the spring hospital wing"},
		{"name": "bond ladder webinar", "priority": "C", "manager_id": h.Manager.ID, "description": "Fixed income"},
		{"name": "Client Appreciation", "priority": "A", "manager_id": other.ID, "start_date": "2026-01-10T00:00:00Z"},
		{"name": "RRSP Deadline", "priority": "B", "start_date": "2026-02-01T00:00:00Z", "description": "Tax season"},
		{"name": "Estate Planning", "priority": "C", "manager_id": h.Manager.ID},
		{"name": "Young Investors", "priority": "B", "manager_id": other.ID, "start_date": "2026-03-01T00:00:00Z"},
	} {
		h.NewCampaign(c)
	}
	return other
}

func TestCampaignListSearchFilterSortAndPages(t *testing.T) {
	h := harness.New(t)
	other := seedCampaigns(h)
	sorted := func(names []string) []string {
		out := append([]string(nil), names...)
		sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
		return out
	}
	all := []string{"Autumn Fundraiser", "bond ladder webinar", "Client Appreciation", "Estate Planning",
		"RRSP Deadline", "Spring Mortgage Review", "Young Investors"}

	t.Run("search", func(t *testing.T) {
		cases := map[string][]string{
			"spring":      {"Autumn Fundraiser", "Spring Mortgage Review"}, // name or description
			"mort":        {"Spring Mortgage Review"},                      // prefix of a word
			"SPRING mort": {"Spring Mortgage Review"},                      // every word must match
			"tax":         {"RRSP Deadline"},
			"nothing":     nil,
			"!!!":         all, // no word: no search
		}
		for q, want := range cases {
			got := listAll(h, url.Values{"q": {q}, "sort": {"name"}}, 10)
			assert.Equal(t, sorted(want), got, "q=%s", q)
		}
	})
	t.Run("filters", func(t *testing.T) {
		assert.Equal(t, []string{"bond ladder webinar", "Estate Planning", "Spring Mortgage Review"},
			listAll(h, url.Values{"manager_id": {h.Manager.ID}, "sort": {"name"}}, 10))
		assert.Equal(t, []string{"Client Appreciation"},
			listAll(h, url.Values{"manager_id": {other.ID}, "priority": {"a"}, "sort": {"name"}}, 10), "filters combine")
		assert.Equal(t, []string{"Client Appreciation", "Spring Mortgage Review"},
			listAll(h, url.Values{"priority": {"A"}, "sort": {"name"}}, 10))
		assert.Len(t, listAll(h, url.Values{"stage": {"planning"}}, 10), 7)
		assert.Empty(t, listAll(h, url.Values{"stage": {"in_progress"}}, 10))
	})
	t.Run("sorts and pages", func(t *testing.T) {
		assert.Equal(t, sorted(all), listAll(h, url.Values{"sort": {"name"}}, 2))
		desc := sorted(all)
		for i, j := 0, len(desc)-1; i < j; i, j = i+1, j-1 {
			desc[i], desc[j] = desc[j], desc[i]
		}
		assert.Equal(t, desc, listAll(h, url.Values{"sort": {"-name"}}, 3))
		// Ties (same start date, same priority) are broken by id and never lose a row.
		byDate := listAll(h, url.Values{"sort": {"start_date"}}, 2)
		require.Len(t, byDate, 7)
		assert.Equal(t, []string{"Client Appreciation", "RRSP Deadline"}, byDate[:2])
		assert.ElementsMatch(t, []string{"Spring Mortgage Review", "Young Investors"}, byDate[2:4])
		assert.Equal(t, "Autumn Fundraiser", byDate[4])
		assert.ElementsMatch(t, []string{"bond ladder webinar", "Estate Planning"}, byDate[5:], "undated last")
		byPrio := listAll(h, url.Values{"sort": {"-priority"}}, 1)
		require.Len(t, byPrio, 7)
		assert.ElementsMatch(t, []string{"bond ladder webinar", "Estate Planning"}, byPrio[:2])
		assert.ElementsMatch(t, []string{"Client Appreciation", "Spring Mortgage Review"}, byPrio[5:])
		newest := listAll(h, url.Values{}, 4) // default: -created_at
		assert.Equal(t, "Young Investors", newest[0])
		assert.Equal(t, "Spring Mortgage Review", newest[6])
		assert.Equal(t, newest, listAll(h, url.Values{"sort": {"-created_at"}}, 1))
		oldest := listAll(h, url.Values{"sort": {"created_at"}}, 3)
		assert.Equal(t, "Spring Mortgage Review", oldest[0])
	})
	t.Run("invalid parameters", func(t *testing.T) {
		var first campaignList
		resp := h.Call("GET", "/api/v1/campaigns?sort=name&limit=2", nil, &first)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.NotEmpty(t, first.NextCursor)
		forged := domain.CampaignCursor{Sort: "start_date", Key: "not a date", ID: uuid.NewString()}.Encode()
		cases := []struct{ query, field string }{
			{"limit=0", "limit"},
			{"limit=1001", "limit"},
			{"limit=ten", "limit"},
			{"stage=running", "stage"},
			{"priority=D", "priority"},
			{"manager_id=bob", "manager_id"},
			{"sort=budget", "sort"},
			{"sort=--name", "sort"},
			{"q=" + strings.Repeat("x", 201), "q"},
			{"cursor=***", "cursor"},
			{"cursor=bm90LWpzb24", "cursor"},
			{"sort=-name&cursor=" + first.NextCursor, "cursor"}, // made for another sort
			{"sort=start_date&cursor=" + forged, "cursor"},
		}
		for _, tc := range cases {
			t.Run(tc.query, func(t *testing.T) {
				var p harness.Problem
				resp := h.Call("GET", "/api/v1/campaigns?"+tc.query, nil, &p)
				harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, tc.field)
			})
		}
	})
}

func TestCampaignPatch(t *testing.T) {
	h := harness.New(t)
	other, _ := h.UserWithToken("Next Manager", domain.PrivCampaigns)
	id := h.NewCampaign(map[string]any{"name": "Winter Drive", "priority": "B", "manager_id": h.Manager.ID,
		"description": "Coats for everyone"})

	var got map[string]any
	resp := h.Call("PATCH", "/api/v1/campaigns/"+id, map[string]any{"name": "  Winter Coat Drive ", "priority": "a",
		"start_date": "2026-12-01", "end_date": "2027-01-31T00:00:00Z", "description": "Warm coats",
		"manager_id": other.ID, "allocation_model": "Campaign User", "allocation_role": "Advisor", "security": "Private"}, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", got)
	assert.Equal(t, "Winter Coat Drive", got["name"])
	assert.Equal(t, "A", got["priority"])
	assert.Equal(t, "private", got["security"])
	assert.Equal(t, other.ID, got["manager_id"])
	assert.Equal(t, "2026-12-01T00:00:00Z", got["start_date"])
	assert.Equal(t, "planning", got["stage"])
	assert.Equal(t, []string{"Winter Coat Drive"}, listAll(h, url.Values{"q": {"coat"}}, 5), "search follows the new name")

	// null clears optional fields; untouched fields stay.
	got = nil
	resp = h.Call("PATCH", "/api/v1/campaigns/"+id, `{"end_date": null, "manager_id": null, "allocation_model": null}`, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", got)
	assert.NotContains(t, got, "end_date")
	assert.NotContains(t, got, "manager_id")
	assert.Equal(t, "Winter Coat Drive", got["name"])
	assert.Equal(t, "Advisor", got["allocation_role"])

	before := h.GetCampaign(id)
	cases := []struct {
		name  string
		body  any
		field string
	}{
		{"stage is never settable", map[string]any{"stage": "in_progress"}, "stage"},
		{"stage even unchanged", map[string]any{"stage": "planning", "name": "X"}, "stage"},
		{"empty name", map[string]any{"name": "  "}, "name"},
		{"null name", `{"name": null}`, "name"},
		{"name too long", map[string]any{"name": strings.Repeat("n", 201)}, "name"},
		{"name not a string", map[string]any{"name": 12}, "name"},
		{"priority", map[string]any{"priority": "D"}, "priority"},
		{"security", map[string]any{"security": "secret"}, "security"},
		{"manager not an id", map[string]any{"manager_id": "bob"}, "manager_id"},
		{"unknown manager", map[string]any{"manager_id": uuid.NewString()}, "manager_id"},
		{"folder", map[string]any{"folder_id": "docs"}, "folder_id"},
		{"start date", map[string]any{"start_date": "next week"}, "start_date"},
		{"end before start", map[string]any{"start_date": "2026-05-01", "end_date": "2026-04-01"}, "end_date"},
		{"allocation model", map[string]any{"allocation_model": "Round Robin"}, "allocation_model"},
		{"allocation role required", map[string]any{"allocation_model": "Campaign User", "allocation_role": ""}, "allocation_role"},
		{"read-only id", map[string]any{"id": uuid.NewString()}, "id"},
		{"unknown field", map[string]any{"budget": 10}, "budget"},
		{"nothing to change", map[string]any{}, "body"},
		{"not an object", `[1]`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var p harness.Problem
			resp := h.Call("PATCH", "/api/v1/campaigns/"+id, tc.body, &p)
			harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, tc.field)
		})
	}
	var p harness.Problem
	resp = h.Call("PATCH", "/api/v1/campaigns/"+id, `{"name":`, &p)
	harness.ExpectProblem(t, resp, p, http.StatusBadRequest, "body") // not JSON at all: malformed syntax
	assert.Equal(t, before, h.GetCampaign(id), "a refused patch writes nothing")

	p = harness.Problem{}
	resp = h.Call("PATCH", "/api/v1/campaigns/"+uuid.NewString(), map[string]any{"name": "X"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.Call("PATCH", "/api/v1/campaigns/nope", map[string]any{"name": "X"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
}

func TestCampaignDelete(t *testing.T) {
	h := harness.New(t)
	planning := h.CreateCampaign("Planning only")["id"].(string)
	running := h.CreateCampaign("Running")["id"].(string)
	cancelled := h.CreateCampaign("Cancelled")["id"].(string)
	contacts := h.Contacts(2)
	resp := h.Call("POST", "/api/v1/campaigns/"+planning+"/participants", map[string]any{"contact_ids": contacts}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)

	resp = h.Call("DELETE", "/api/v1/campaigns/"+planning, nil, nil)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	var p harness.Problem
	resp = h.Call("GET", "/api/v1/campaigns/"+planning, nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.Call("DELETE", "/api/v1/campaigns/"+planning, nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")

	code, p := h.Move(running, "start")
	require.Equal(t, http.StatusOK, code, "%+v", p)
	resp = h.Call("DELETE", "/api/v1/campaigns/"+running, nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "in progress cannot be deleted")
	assert.Equal(t, "in_progress", h.GetCampaign(running)["stage"])

	// Once completed (or cancelled), the campaign is deleted as soon as its
	// workflow has wound down; until then the answer is 409.
	deleteWhenDone := func(id string) {
		workertest.Eventually(t, 30*time.Second, func() (bool, string) {
			var p harness.Problem
			resp := h.Call("DELETE", "/api/v1/campaigns/"+id, nil, &p)
			if resp.StatusCode == http.StatusConflict {
				assert.Contains(t, p.Detail, "winding down")
			}
			return resp.StatusCode == http.StatusNoContent, resp.Status
		})
	}
	code, p = h.Move(running, "complete")
	require.Equal(t, http.StatusOK, code, "%+v", p)
	deleteWhenDone(running)

	code, _ = h.Move(cancelled, "start")
	require.Equal(t, http.StatusOK, code)
	code, _ = h.Move(cancelled, "cancel")
	require.Equal(t, http.StatusOK, code)
	deleteWhenDone(cancelled)
	assert.Empty(t, listAll(h, url.Values{}, 10))
}
