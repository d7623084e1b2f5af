package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// rawCall sends one request with the harness token from inside a fuzz
// function (where the harness's own testing.TB must not be used) and
// returns the status, the content type and the body.
func rawCall(t *testing.T, h *harness.Harness, method, path, contentType string, body []byte) (int, string, []byte) {
	req, err := http.NewRequest(method, h.Server.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+h.Token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), raw
}

// expectClientError fails unless a refusal is a 4xx problem+json.
func expectClientError(t *testing.T, what string, status int, contentType string, body []byte) {
	t.Helper()
	if status < 400 || status >= 500 || !strings.HasPrefix(contentType, "application/problem+json") {
		t.Fatalf("%s: want a 4xx problem+json, got %d %s: %s", what, status, contentType, body)
	}
}

// FuzzLeadImportCSV uploads any bytes as a lead import file: the answer is
// 201 with the staged rows, or a 4xx problem+json that stages nothing.
// Seeds: testdata/fuzz/FuzzLeadImportCSV.
func FuzzLeadImportCSV(f *testing.F) {
	h := harness.New(f)
	imports := func(t *testing.T) int {
		var n int
		if err := h.Store.Pool().QueryRow(t.Context(), "SELECT count(*) FROM lead_imports").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, file []byte) {
		before := imports(t)
		status, ctype, body := rawCall(t, h, "POST", "/api/v1/lead-imports?file_name=fuzz.csv", "text/csv", file)
		if status != http.StatusCreated {
			expectClientError(t, "upload", status, ctype, body)
			if after := imports(t); after != before {
				t.Fatalf("a refused file staged an import (%d -> %d)", before, after)
			}
			return
		}
		var imp struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Rows   int    `json:"rows"`
		}
		if err := json.Unmarshal(body, &imp); err != nil || imp.Status != "staged" || imp.Rows < 1 {
			t.Fatalf("an accepted file must stage rows: %s (%v)", body, err)
		}
		status, ctype, body = rawCall(t, h, "GET", "/api/v1/lead-imports/"+imp.ID+"/rows?limit=500", "", nil)
		if status != http.StatusOK {
			t.Fatalf("the staged rows of an accepted file cannot be read: %d %s %s", status, ctype, body)
		}
	})
}

// FuzzListCursors sends any cursor to every list that pages with one: the
// answer is a page, or 422 on cursor; never a server error. Seeds:
// testdata/fuzz/FuzzListCursors.
func FuzzListCursors(f *testing.F) {
	h := harness.New(f)
	campaign := h.CreateCampaign("Cursor fuzz")["id"].(string)
	contact := h.Contacts(1)[0]
	lead := h.CreateLead(h.LeadBody("Fuzz", "Cursor"))
	var imp struct {
		ID string `json:"id"`
	}
	h.Upload("last_name,company\nFuzz,Cursor Ltd\n", &imp)
	lists := []string{
		"/api/v1/campaigns?", "/api/v1/campaigns?sort=name&", "/api/v1/campaigns?sort=-start_date&",
		"/api/v1/campaigns/" + campaign + "/participants?", "/api/v1/campaigns/" + campaign + "/opportunities?",
		"/api/v1/batch-processes?", "/api/v1/contacts?", "/api/v1/contacts/" + contact + "/activities?",
		"/api/v1/leads?", "/api/v1/leads?sort=score&", "/api/v1/leads?sort=-last_name&", "/api/v1/leads?sort=updated_at&",
		harness.LeadPath(lead.ID, "/audit?"), "/api/v1/lead-imports/" + imp.ID + "/rows?",
	}
	f.Fuzz(func(t *testing.T, cursor string) {
		for _, list := range lists {
			status, ctype, body := rawCall(t, h, "GET", list+"limit=2&cursor="+url.QueryEscape(cursor), "", nil)
			if status == http.StatusOK {
				continue
			}
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("GET %s with cursor %q: %d %s", list, cursor, status, body)
			}
			expectClientError(t, list, status, ctype, body)
		}
	})
}
