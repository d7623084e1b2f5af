package api_test

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// get sends an authenticated GET and returns the raw answer.
func (h *harness) get(path string) (*http.Response, string) {
	h.t.Helper()
	req, err := http.NewRequest("GET", h.srv.URL+path, nil)
	require.NoError(h.t, err)
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	return resp, readAll(h.t, resp)
}

// TestLeadExport streams every lead (more than one cursor chunk) as CSV with
// the visible or all columns and the list's filters.
func TestLeadExport(t *testing.T) {
	h := newHarness(t)
	l := h.createLead(h.leadBody("Xena", "Export"))
	_, err := h.st.Pool().Exec(t.Context(), `INSERT INTO leads (first_name, last_name, sales_concept, source_type, consent_to_contact, email, created_by, owner_id)
		SELECT 'Bulk', 'Lead ' || g, 'General Interest', 'Vendor List', true, 'bulk' || g || '@x.test', $1, $1 FROM generate_series(1, 1234) g`, h.admin.ID)
	require.NoError(t, err)

	resp, body := h.get("/api/v1/leads/export.csv")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, "text/csv; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, int64(-1), resp.ContentLength, "the export is streamed, not buffered")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+1235)
	assert.Equal(t, []string{"id", "first_name", "last_name", "score", "market_segment", "sales_concept", "source_type", "status", "owner_id", "created_by"}, rows[0])
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		seen[r[0]] = true
	}
	assert.Len(t, seen, 1235, "every lead exactly once")

	resp, body = h.get("/api/v1/leads/export.csv?columns=all&q=xena")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	rows, err = csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Contains(t, rows[0], "email")
	assert.Contains(t, rows[0], "address_city")
	assert.Equal(t, l.Email, rows[1][indexOf(rows[0], "email")])

	// Named columns, written in the columns' own order whatever the order asked.
	resp, body = h.get("/api/v1/leads/export.csv?q=xena&columns=email,id,company")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	rows, err = csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"id", "company", "email"}, {strconv.FormatInt(l.ID, 10), "", l.Email}}, rows)

	resp, body = h.get("/api/v1/leads/export.csv?columns=some")
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, `\"some\" is not a lead column`)
	resp, _ = h.get("/api/v1/leads/export.csv?columns=id,password_hash")
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "only lead columns")
	resp, _ = h.get("/api/v1/leads/export.csv?sort=secret")
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

type chartJSON struct {
	Chart  string `json:"chart"`
	Points []struct {
		Period string `json:"period"`
		Series string `json:"series"`
		Count  int    `json:"count"`
	} `json:"points"`
}

// TestLeadCharts: source by month, converted by week, status by month.
func TestLeadCharts(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	for _, st := range []string{"Conference", "Conference", "Web"} {
		b := h.leadBody("Chart", st)
		b["source_type"] = st
		h.createLead(b)
	}
	conv := h.createLead(h.leadBody("Conv", "Erted"))
	require.Equal(t, http.StatusOK, h.call("POST", leadPath(conv.ID, "/convert"), nil, nil).StatusCode)
	old := h.createLead(h.leadBody("Old", "Lead"))
	_, err := h.st.Pool().Exec(ctx, "UPDATE leads SET created_at = date_trunc('month', now()) - interval '1 month' + interval '2 days', status = 'Archived' WHERE id = $1", old.ID)
	require.NoError(t, err)
	var thisMonth, lastMonth, thisWeek string
	require.NoError(t, h.st.Pool().QueryRow(ctx, `SELECT to_char(now(), 'YYYY-MM'), to_char(now() - interval '1 month', 'YYYY-MM'),
		to_char(date_trunc('week', now()), 'YYYY-MM-DD')`).Scan(&thisMonth, &lastMonth, &thisWeek))

	counts := func(chart, query string) map[string]int {
		var c chartJSON
		resp := h.call("GET", "/api/v1/leads/charts/"+chart+query, nil, &c)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		out := map[string]int{}
		for _, p := range c.Points {
			out[p.Period+"/"+p.Series] = p.Count
		}
		return out
	}
	assert.Equal(t, map[string]int{thisMonth + "/Conference": 3, thisMonth + "/Web": 1, lastMonth + "/Conference": 1},
		counts("lead-source-by-month", ""))
	assert.Equal(t, map[string]int{thisMonth + "/Conference": 3, thisMonth + "/Web": 1}, counts("lead-source-by-month", "?periods=1"))
	assert.Equal(t, map[string]int{thisWeek + "/": 1}, counts("leads-converted-by-week", ""))
	assert.Equal(t, map[string]int{thisMonth + "/New": 3, thisMonth + "/Qualified": 1, lastMonth + "/Archived": 1},
		counts("lead-status-by-month", ""))
	assert.Equal(t, http.StatusNotFound, h.call("GET", "/api/v1/leads/charts/pie", nil, nil).StatusCode)
	assert.Equal(t, http.StatusUnprocessableEntity, h.call("GET", "/api/v1/leads/charts/lead-status-by-month?periods=0", nil, nil).StatusCode)
}
