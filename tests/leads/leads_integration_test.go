package leads

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// TestLeadAccess: every lead endpoint needs the Integrated Lead Management
// privilege; rule and settings changes need an administrator.
func TestLeadAccess(t *testing.T) {
	h := harness.New(t)
	_, noLeads := h.User("nolead", domain.PrivCampaigns)
	_, leadsOnly := h.User("leaduser", domain.PrivLeads)
	l := h.CreateLead(h.LeadBody("Ann", "Access"))
	for _, ep := range [][2]string{
		{"GET", "/api/v1/leads"}, {"POST", "/api/v1/leads"}, {"GET", harness.LeadPath(l.ID, "")}, {"PATCH", harness.LeadPath(l.ID, "")},
		{"DELETE", harness.LeadPath(l.ID, "")}, {"POST", "/api/v1/leads/bulk-delete"}, {"POST", "/api/v1/leads/assign-owner"},
		{"PUT", harness.LeadPath(l.ID, "/owner")}, {"POST", harness.LeadPath(l.ID, "/archive")}, {"POST", harness.LeadPath(l.ID, "/convert")},
		{"GET", harness.LeadPath(l.ID, "/audit")}, {"GET", harness.LeadPath(l.ID, "/activities")}, {"POST", harness.LeadPath(l.ID, "/notes")},
		{"GET", "/api/v1/lead-scoring-rules"}, {"POST", "/api/v1/lead-scoring-rules"}, {"GET", "/api/v1/lead-settings"},
		{"GET", "/api/v1/leads/export.csv"}, {"GET", "/api/v1/leads/charts/lead-status-by-month"}, {"POST", "/api/v1/leads/email"},
		{"POST", "/api/v1/leads/print"}, {"GET", harness.LeadPath(l.ID, "/documents")}, {"PATCH", harness.LeadPath(l.ID, "/activities/"+l.CreatedBy)}, {"POST", "/api/v1/lead-imports"},
		{"GET", "/api/v1/lead-imports/" + l.CreatedBy + "/rows"}, {"POST", "/api/v1/lead-imports/" + l.CreatedBy + "/complete"},
	} {
		var p harness.Problem
		resp := h.CallAs(noLeads, ep[0], ep[1], map[string]any{}, &p)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "%s %s", ep[0], ep[1])
		assert.Contains(t, p.Detail, domain.PrivLeads)
	}
	resp := h.CallAs("", "GET", "/api/v1/leads", nil, nil)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	// A lead user works with leads but cannot change the scoring rules or B2B mode.
	resp = h.CallAs(leadsOnly, "GET", harness.LeadPath(l.ID, ""), nil, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.CallAs(leadsOnly, "POST", "/api/v1/lead-scoring-rules", map[string]any{"field": "source_type", "operator": "equals", "value": "x", "points": 1}, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	resp = h.CallAs(leadsOnly, "PUT", "/api/v1/lead-settings", map[string]any{"b2b_mode": true}, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	// The refused calls wrote nothing.
	var got harness.LeadJSON
	h.Call("GET", harness.LeadPath(l.ID, ""), nil, &got)
	assert.Equal(t, domain.LeadNew, got.Status)
}

// TestLeadRecords: required fields, phone validation and display, system
// fields, partial updates, 422 per field, 404.
func TestLeadRecords(t *testing.T) {
	h := harness.New(t)
	body := h.LeadBody("Maria", "Lopez")
	body["phone"], body["phone_country"] = "(416) 979-2000", "CA"
	body["market_segment"], body["source"], body["position"] = "Pre-Retirement", "Expo 2026", "CFO"
	body["address"], body["address_city"], body["address_country"] = "1 King St", "Toronto", "Canada"
	l := h.CreateLead(body)
	assert.Positive(t, l.ID)
	assert.Equal(t, "+14169792000", l.Phone)
	assert.Equal(t, "+1 416 9792000", l.PhoneDisplay)
	assert.Equal(t, "CA", l.PhoneCountry)
	assert.Equal(t, h.Admin.ID, l.CreatedBy)
	assert.Equal(t, h.Admin.ID, l.OwnerID)
	assert.Equal(t, domain.LeadNew, l.Status)
	assert.False(t, l.CreatedAt.IsZero())
	second := h.CreateLead(h.LeadBody("Second", "Lead"))
	assert.Greater(t, second.ID, l.ID, "ids are assigned by the system in order")

	// Unspecified keeps the number as entered.
	b := h.LeadBody("Legacy", "Phone")
	delete(b, "email")
	b["phone"], b["phone_country"] = "555-1234 ext 9", "Unspecified"
	legacy := h.CreateLead(b)
	assert.Equal(t, "555-1234 ext 9", legacy.Phone)
	assert.Equal(t, "555-1234 ext 9", legacy.PhoneDisplay)
	assert.Equal(t, "Unspecified", legacy.PhoneCountry)

	// The display is kept beside the number when the lead is written, and
	// moves with it; a lead written before the store kept one (NULL) is
	// formatted when read, in the list as in the detail.
	assert.Equal(t, 1, h.Count("SELECT count(*) FROM leads WHERE id = $1 AND phone_display = '+1 416 9792000'", l.ID))
	b = h.LeadBody("Phoebe", "Mover")
	b["phone"], b["phone_country"] = "(416) 979-2001", "CA"
	mover := h.CreateLead(b)
	var moved harness.LeadJSON
	resp := h.Call("PATCH", harness.LeadPath(mover.ID, ""), map[string]any{"phone": "020 7946 0018", "phone_country": "GB"}, &moved)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "+44 20 79460018", moved.PhoneDisplay)
	assert.Equal(t, 1, h.Count("SELECT count(*) FROM leads WHERE id = $1 AND phone_display = '+44 20 79460018'", mover.ID))
	_, err := h.Store.Pool().Exec(h.T.Context(), "UPDATE leads SET phone_display = NULL WHERE id = $1", mover.ID)
	require.NoError(t, err)
	var old harness.LeadJSON
	h.Call("GET", harness.LeadPath(mover.ID, ""), nil, &old)
	assert.Equal(t, "+44 20 79460018", old.PhoneDisplay)
	var listed leadPage
	h.Call("GET", "/api/v1/leads?q=Phoebe+Mover", nil, &listed)
	require.Len(t, listed.Items, 1)
	assert.Equal(t, "+44 20 79460018", listed.Items[0].PhoneDisplay)

	// Every missing field is reported at once, nothing is written.
	var p harness.Problem
	resp = h.Call("POST", "/api/v1/leads", map[string]any{"first_name": " ", "phone": "12345", "phone_country": "US"}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	fields := map[string]bool{}
	for _, f := range p.Errors {
		fields[f.Field] = true
	}
	for _, f := range []string{"first_name", "last_name", "sales_concept", "source_type", "consent_to_contact", "phone"} {
		assert.True(t, fields[f], "missing error for %s in %+v", f, p.Errors)
	}
	resp = h.Call("POST", "/api/v1/leads", map[string]any{"first_name": "A", "last_name": "B", "sales_concept": "x",
		"source_type": "y", "consent_to_contact": false}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.ElementsMatch(t, []domain.FieldError{{Field: "email", Message: "an email address or a phone number is required"},
		{Field: "phone", Message: "an email address or a phone number is required"}}, p.Errors)
	b = h.LeadBody("Score", "Writer")
	b["score"] = 99
	resp = h.Call("POST", "/api/v1/leads", b, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "score", p.Errors[0].Field)
	var count int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), "SELECT count(*) FROM leads").Scan(&count))
	assert.Equal(t, 4, count, "the four leads above, none of the refused ones")

	// B2B mode makes the company required.
	resp = h.Call("PUT", "/api/v1/lead-settings", map[string]any{"b2b_mode": true}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/leads", h.LeadBody("No", "Company"), &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, []domain.FieldError{{Field: "company", Message: "is required in B2B mode"}}, p.Errors)

	// A partial update keeps the other fields; an invalid one changes nothing.
	var upd harness.LeadJSON
	resp = h.Call("PATCH", harness.LeadPath(l.ID, ""), map[string]any{"company": "Acme", "position": "CEO"}, &upd)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", upd)
	assert.Equal(t, "CEO", upd.Position)
	assert.Equal(t, "+14169792000", upd.Phone)
	assert.Equal(t, "Maria", upd.FirstName)
	resp = h.Call("PATCH", harness.LeadPath(l.ID, ""), map[string]any{"time_zone": "America/Chicago"}, &upd)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", upd)
	assert.Equal(t, "America/Chicago", upd.TimeZone, "the lead's own clock for sending")
	assert.Equal(t, "CEO", upd.Position)
	resp = h.Call("PATCH", harness.LeadPath(l.ID, ""), map[string]any{"time_zone": "Mars/Olympus_Mons"}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "time_zone", p.Errors[0].Field)
	resp = h.Call("PATCH", harness.LeadPath(l.ID, ""), map[string]any{"phone": "123", "first_name": "Changed"}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	var again harness.LeadJSON
	h.Call("GET", harness.LeadPath(l.ID, ""), nil, &again)
	assert.Equal(t, "Maria", again.FirstName)
	resp = h.Call("PATCH", harness.LeadPath(l.ID, ""), map[string]any{"status": "Qualified"}, &p)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	resp = h.Call("PATCH", harness.LeadPath(l.ID, ""), map[string]any{"status": "Qualifying"}, &upd)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.LeadQualifying, upd.Status)

	// An unknown matched contact is refused; a known one is kept.
	b = h.LeadBody("Matched", "Contact")
	b["company"] = "Matched Inc"
	b["matched_contact_id"] = "4f0c7a7e-3a53-4c47-9a57-4f1f1f1f1f1f"
	resp = h.Call("POST", "/api/v1/leads", b, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "matched_contact_id", p.Errors[0].Field)
	b["matched_contact_id"] = h.Contacts(1)[0]
	assert.Equal(t, b["matched_contact_id"], h.CreateLead(b).MatchedContactID)

	// An edit that changes nothing writes nothing: no audit entry, same updated_at.
	var same harness.LeadJSON
	resp = h.Call("PATCH", harness.LeadPath(l.ID, ""), map[string]any{"position": "CEO"}, &same)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, upd.UpdatedAt, same.UpdatedAt)
	var trail domain.Page[domain.AuditEntry]
	h.Call("GET", harness.LeadPath(l.ID, "/audit"), nil, &trail)
	assert.Len(t, trail.Items, 4, "create, update, time zone, status")

	for _, path := range []string{harness.LeadPath(999999, ""), "/api/v1/leads/abc"} {
		resp = h.Call("GET", path, nil, nil)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, path)
	}
	resp = h.Call("PATCH", harness.LeadPath(999999, ""), map[string]any{"position": "x"}, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}
