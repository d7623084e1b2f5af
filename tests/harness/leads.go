package harness

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Document creates a folder document with an optional attachment file.
func (h *Harness) Document(name, subject, body, fileName string, file []byte) string {
	h.T.Helper()
	var f domain.Folder
	require.Equal(h.T, http.StatusCreated, h.Call("POST", "/api/v1/folders", map[string]any{"name": "Leads " + name}, &f).StatusCode)
	in := map[string]any{"name": name, "subject": subject, "body": body}
	if fileName != "" {
		in["attachment_name"], in["attachment_base64"] = fileName, base64.StdEncoding.EncodeToString(file)
	}
	var d domain.Document
	resp := h.Call("POST", "/api/v1/folders/"+f.ID+"/documents", in, &d)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%+v", d)
	return d.ID
}

// UploadNamed posts a CSV file under a file name and returns the raw answer.
func (h *Harness) UploadNamed(fileName, csvText string) (*http.Response, []byte) {
	h.T.Helper()
	req, err := http.NewRequest("POST", h.Server.URL+"/api/v1/lead-imports?file_name="+url.QueryEscape(fileName), strings.NewReader(csvText))
	require.NoError(h.T, err)
	req.Header.Set("Authorization", "Bearer "+h.Token)
	req.Header.Set("Content-Type", "text/csv")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.T, err)
	defer resp.Body.Close()
	return resp, []byte(ReadAll(h.T, resp))
}

// LeadJSON is a lead as the API answers it.
type LeadJSON struct {
	domain.Lead
	PhoneCountry string `json:"phone_country"`
	PhoneDisplay string `json:"phone_display"`
}

// LeadBody is a valid new lead with the given names.
func (h *Harness) LeadBody(first, last string) map[string]any {
	return map[string]any{"first_name": first, "last_name": last, "sales_concept": "Retirement Income",
		"source_type": "Conference", "consent_to_contact": true, "email": fmt.Sprintf("%s.%s%s", first, last, h.Suffix)}
}

// CreateLead posts a lead and fails the test unless it was created.
func (h *Harness) CreateLead(body map[string]any) LeadJSON {
	h.T.Helper()
	return h.CreateLeadAs(h.Token, body)
}

// CreateLeadAs posts a lead with token and fails the test unless it was created.
func (h *Harness) CreateLeadAs(token string, body map[string]any) LeadJSON {
	h.T.Helper()
	var l LeadJSON
	resp := h.CallAs(token, "POST", "/api/v1/leads", body, &l)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%+v", l)
	return l
}

// User creates a user with privileges and returns it and its token.
func (h *Harness) User(name string, privileges ...string) (domain.User, string) {
	h.T.Helper()
	u := domain.User{ID: uuid.NewString(), Name: name, Email: name + h.Suffix, Privileges: privileges}
	require.NoError(h.T, h.Store.UpsertUser(h.T.Context(), u))
	token := "tok-" + RandHex(8)
	require.NoError(h.T, h.Store.AddToken(h.T.Context(), u.ID, token, name))
	return u, token
}

// LeadPath is the API path of a lead, followed by rest.
func LeadPath(id int64, rest string) string {
	return "/api/v1/leads/" + strconv.FormatInt(id, 10) + rest
}

// ReadAll reads an answer's whole body.
func ReadAll(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// Upload posts a CSV file to the lead import staging area.
func (h *Harness) Upload(csvText string, out any) *http.Response {
	h.T.Helper()
	resp, raw := h.UploadNamed("leads.csv", csvText)
	if out != nil {
		require.NoError(h.T, DecodeJSON(raw, out), "%s", raw)
	}
	return resp
}
