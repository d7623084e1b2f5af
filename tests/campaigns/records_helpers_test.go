package campaigns

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

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
func listAll(h *harness.Harness, query url.Values, limit int) []string {
	h.T.Helper()
	var names []string
	seen := map[string]bool{}
	query.Set("limit", strconv.Itoa(limit))
	for pages := 0; ; pages++ {
		require.Less(h.T, pages, 100, "paging does not end")
		var page campaignList
		resp := h.Call("GET", "/api/v1/campaigns?"+query.Encode(), nil, &page)
		require.Equal(h.T, http.StatusOK, resp.StatusCode, "%+v", page)
		require.LessOrEqual(h.T, len(page.Items), limit)
		for _, c := range page.Items {
			require.False(h.T, seen[c.ID], "campaign %s listed twice", c.Name)
			seen[c.ID] = true
			names = append(names, c.Name)
		}
		if page.NextCursor == "" {
			return names
		}
		query.Set("cursor", page.NextCursor)
	}
}
