package drips

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// TestDripCampaignDefinitions covers the definition CRUD: validation,
// privileges, unknown ids, replacement, and an inactive campaign that can
// neither be started nor triggered.
func TestDripCampaignDefinitions(t *testing.T) {
	h := harness.New(t)
	reader := noMarketingToken(h)
	var prob harness.Problem

	resp := h.Call("POST", "/api/v1/drip-campaigns", map[string]any{"name": "x", "steps": []map[string]any{
		{"name": "a", "action": "fax"}, {"name": "b", "action": "email", "offset_days": -2}}}, &prob)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	var fields []string
	for _, f := range prob.Errors {
		fields = append(fields, f.Field)
	}
	assert.Subset(t, fields, []string{"steps[0].action", "steps[1].offset_days", "steps[1].subject"})
	resp = h.Call("POST", "/api/v1/drip-campaigns", `{"name": "x", "steps": [], "colour": "red"}`, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "unknown fields are refused")
	var list campaignsAnswer
	h.Call("GET", "/api/v1/drip-campaigns", nil, &list)
	assert.Empty(t, list.Items, "refused input wrote nothing")

	d := h.CreateDrip("Spring", []domain.DripStep{harness.EmailStep("Hello", 0)}, &domain.DripTrigger{Tag: "spring"})
	assert.True(t, d.Active)
	require.NotNil(t, d.Trigger)
	var got domain.DripCampaign
	resp = h.CallAs(reader, "GET", "/api/v1/drip-campaigns/"+d.ID, nil, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Spring", got.Name)
	resp = h.Call("GET", "/api/v1/drip-campaigns/00000000-0000-4000-8000-000000000000", nil, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp = h.Call("GET", "/api/v1/drip-campaigns/nope", nil, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	update := map[string]any{"name": "Spring v2", "active": false, "trigger": map[string]any{"tag": "spring"},
		"steps": []domain.DripStep{harness.EmailStep("Hello", 0), harness.EmailStep("Again", 2)}}
	resp = h.CallAs(reader, "PUT", "/api/v1/drip-campaigns/"+d.ID, update, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	resp = h.Call("PUT", "/api/v1/drip-campaigns/00000000-0000-4000-8000-000000000000", update, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp = h.Call("PUT", "/api/v1/drip-campaigns/"+d.ID, update, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Spring v2", got.Name)
	assert.False(t, got.Active)
	assert.Len(t, got.Steps, 2)

	// Inactive: not available, not startable, not triggered.
	gus := h.NewContact("gus", map[string]any{"tags": []string{"spring"}})
	assert.Empty(t, gus.DripsStarted)
	var avail campaignsAnswer
	h.Call("GET", "/api/v1/contacts/"+gus.ID+"/drips/available", nil, &avail)
	assert.Empty(t, avail.Items)
	resp, _, p := h.StartDrip(gus.ID, d.ID, "")
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, p.Detail, "not active")
	assert.Empty(t, h.Drips(gus.ID))

	resp = h.Call("DELETE", "/api/v1/drip-campaigns/00000000-0000-4000-8000-000000000000", nil, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp = h.Call("DELETE", "/api/v1/drip-campaigns/"+d.ID, nil, nil)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	resp = h.Call("GET", "/api/v1/drip-campaigns/"+d.ID, nil, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// TestContactsAPI covers creating, reading and changing contacts.
func TestContactsAPI(t *testing.T) {
	h := harness.New(t)
	var prob harness.Problem
	resp := h.Call("POST", "/api/v1/contacts", map[string]any{"email": "a@b"}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "a contact needs a name")
	resp = h.Call("POST", "/api/v1/contacts", map[string]any{"last_name": "X", "email": "not an email"}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/contacts", map[string]any{"last_name": "X", "tags": "vip"}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	resp = h.CallAs("", "POST", "/api/v1/contacts", map[string]any{"last_name": "X"}, nil)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	c := h.NewContact("hal", map[string]any{"partner_type": " Realtor ", "tags": []string{"a", "A", "b"}})
	assert.Equal(t, "Realtor", c.PartnerType)
	assert.Equal(t, []string{"a", "b"}, c.Tags)
	assert.Equal(t, "Other", c.Status)
	var got domain.ContactProfile
	resp = h.Call("GET", "/api/v1/contacts/"+c.ID, nil, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, c.ContactProfile.Email, got.Email)

	resp = h.Call("PATCH", "/api/v1/contacts/"+c.ID, map[string]any{"tags": []string{}, "status": "Client"}, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, got.Tags)
	assert.Equal(t, "Client", got.Status)
	assert.Equal(t, "Realtor", got.PartnerType, "fields not named stay")
	resp = h.Call("PATCH", "/api/v1/contacts/00000000-0000-4000-8000-000000000000", map[string]any{"status": "x"}, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp = h.Call("GET", "/api/v1/contacts/00000000-0000-4000-8000-000000000000/drips", nil, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp = h.Call("PATCH", "/api/v1/contacts/"+c.ID, map[string]any{"first_name": "", "last_name": ""}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	h.Call("GET", "/api/v1/contacts/"+c.ID, nil, &got)
	assert.Equal(t, "hal", got.FirstName, "a refused change writes nothing")
}
