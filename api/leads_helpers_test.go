package api_test

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// leadJSON is a lead as the API answers it.
type leadJSON struct {
	domain.Lead
	PhoneCountry string `json:"phone_country"`
	PhoneDisplay string `json:"phone_display"`
}

// leadBody is a valid new lead with the given names.
func (h *harness) leadBody(first, last string) map[string]any {
	return map[string]any{"first_name": first, "last_name": last, "sales_concept": "Retirement Income",
		"source_type": "Conference", "consent_to_contact": true, "email": fmt.Sprintf("%s.%s%s", first, last, h.suffix)}
}

// createLead posts a lead and fails the test unless it was created.
func (h *harness) createLead(body map[string]any) leadJSON {
	h.t.Helper()
	return h.createLeadAs(h.token, body)
}

func (h *harness) createLeadAs(token string, body map[string]any) leadJSON {
	h.t.Helper()
	var l leadJSON
	resp := h.callAs(token, "POST", "/api/v1/leads", body, &l)
	require.Equal(h.t, http.StatusCreated, resp.StatusCode, "%+v", l)
	return l
}

// user creates a user with privileges and returns it and its token.
func (h *harness) user(name string, privileges ...string) (domain.User, string) {
	h.t.Helper()
	u := domain.User{ID: uuid.NewString(), Name: name, Email: name + h.suffix, Privileges: privileges}
	require.NoError(h.t, h.st.UpsertUser(h.t.Context(), u))
	token := "tok-" + randHex(8)
	require.NoError(h.t, h.st.AddToken(h.t.Context(), u.ID, token, name))
	return u, token
}

func leadPath(id int64, rest string) string {
	return "/api/v1/leads/" + strconv.FormatInt(id, 10) + rest
}

func readAll(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}
