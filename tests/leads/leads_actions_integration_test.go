package leads

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestLeadScore: the score follows the administrator's rules, is recomputed
// when a lead or a rule changes, and cannot be written.
func TestLeadScore(t *testing.T) {
	h := harness.New(t)
	conf := h.CreateLead(h.LeadBody("Conf", "Lead"))
	b := h.LeadBody("Vendor", "Lead")
	b["source_type"] = "Vendor List"
	vendor := h.CreateLead(b)
	assert.Zero(t, conf.Score)

	var rule domain.ScoringRule
	resp := h.Call("POST", "/api/v1/lead-scoring-rules", map[string]any{"field": "source_type", "operator": "equals", "value": "conference", "points": 20}, &rule)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%+v", rule)
	resp = h.Call("POST", "/api/v1/lead-scoring-rules", map[string]any{"field": "position", "operator": "present", "points": 5}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	score := func(id int64) int {
		var l harness.LeadJSON
		require.Equal(t, http.StatusOK, h.Call("GET", harness.LeadPath(id, ""), nil, &l).StatusCode)
		return l.Score
	}
	assert.Equal(t, 20, score(conf.ID), "a new rule rescores existing leads")
	assert.Equal(t, 0, score(vendor.ID))

	var upd harness.LeadJSON
	h.Call("PATCH", harness.LeadPath(vendor.ID, ""), map[string]any{"position": "Buyer"}, &upd)
	assert.Equal(t, 5, upd.Score, "a lead change rescores it")
	resp = h.Call("PUT", "/api/v1/lead-scoring-rules/"+rule.ID, map[string]any{"field": "source_type", "operator": "contains", "value": "vendor", "points": 7}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 0, score(conf.ID))
	assert.Equal(t, 12, score(vendor.ID))
	require.Equal(t, http.StatusNoContent, h.Call("DELETE", "/api/v1/lead-scoring-rules/"+rule.ID, nil, nil).StatusCode)
	assert.Equal(t, 5, score(vendor.ID))

	var p harness.Problem
	resp = h.Call("PATCH", harness.LeadPath(vendor.ID, ""), map[string]any{"score": 100}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "score", p.Errors[0].Field)
	assert.Equal(t, 5, score(vendor.ID))
	resp = h.Call("POST", "/api/v1/lead-scoring-rules", map[string]any{"field": "salary", "operator": "like", "points": 5}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Len(t, p.Errors, 2)
	resp = h.Call("PUT", "/api/v1/lead-scoring-rules/"+rule.ID, map[string]any{"field": "source", "operator": "present", "points": 1}, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// TestLeadActions: owner assignment (one and batch), archive, delete,
// conversion with and without B2B mode, and the refused transitions.
func TestLeadActions(t *testing.T) {
	h := harness.New(t)
	seller, _ := h.User("seller", domain.PrivLeads)
	a := h.CreateLead(h.LeadBody("Ann", "Owner"))
	var l harness.LeadJSON
	require.Equal(t, http.StatusOK, h.Call("PUT", harness.LeadPath(a.ID, "/owner"), map[string]any{"owner_id": seller.ID}, &l).StatusCode)
	assert.Equal(t, seller.ID, l.OwnerID)
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("PUT", harness.LeadPath(a.ID, "/owner"), map[string]any{"owner_id": "0d2b8f3e-6bd2-4a53-a40e-0a4b8b9f0000"}, nil).StatusCode)

	// Conversion: contact "Other" with the lead's details, an opportunity, Qualified.
	body := h.LeadBody("Conor", "Convert")
	body["phone"], body["phone_country"], body["address"], body["address_city"] = "020 7946 0958", "GB", "10 Downing St", "London"
	c := h.CreateLead(body)
	var conv struct {
		Lead           harness.LeadJSON `json:"lead"`
		ContactID      string           `json:"contact_id"`
		ContactCreated bool             `json:"contact_created"`
		CompanyID      string           `json:"company_id"`
		OpportunityID  string           `json:"opportunity_id"`
	}
	var p harness.Problem
	resp := h.Call("POST", harness.LeadPath(c.ID, "/convert"), map[string]any{"opportunity": map[string]any{"kind": "bundle"}}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Len(t, p.Errors, 3)
	resp = h.Call("POST", harness.LeadPath(c.ID, "/convert"), map[string]any{"opportunity": map[string]any{"kind": "product",
		"template": "Mortgage", "description": "Home loan"}}, &conv)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", conv)
	assert.Equal(t, domain.LeadQualified, conv.Lead.Status)
	assert.True(t, conv.ContactCreated)
	assert.NotNil(t, conv.Lead.ConvertedAt)
	ct, err := h.Store.GetContactDetails(t.Context(), conv.ContactID)
	require.NoError(t, err)
	assert.Equal(t, "Other", ct.Status)
	assert.Equal(t, c.Email, ct.Email)
	assert.Equal(t, "+442079460958", ct.Phone)
	assert.Equal(t, "10 Downing St", ct.Address)
	assert.Equal(t, "London", ct.AddressCity)
	opp, err := h.Store.GetConvertedOpportunity(t.Context(), conv.OpportunityID)
	require.NoError(t, err)
	assert.Equal(t, "product", opp.Kind)
	assert.Equal(t, "Mortgage", opp.Template)
	assert.Equal(t, conv.ContactID, opp.ContactID)
	// A qualified lead refuses a new owner, a second conversion, edits and archive.
	for _, call := range []struct {
		method, path string
		body         any
	}{{"PUT", harness.LeadPath(c.ID, "/owner"), map[string]any{"owner_id": seller.ID}}, {"POST", harness.LeadPath(c.ID, "/convert"), nil},
		{"PATCH", harness.LeadPath(c.ID, ""), map[string]any{"position": "x"}}, {"POST", harness.LeadPath(c.ID, "/archive"), nil}} {
		resp = h.Call(call.method, call.path, call.body, &p)
		assert.Equal(t, http.StatusConflict, resp.StatusCode, "%s %s", call.method, call.path)
	}

	// Reusing the matched contact.
	existing := h.Contacts(1)[0]
	body = h.LeadBody("Matt", "Matched")
	body["matched_contact_id"] = existing
	m := h.CreateLead(body)
	resp = h.Call("POST", harness.LeadPath(m.ID, "/convert"), nil, &conv)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", conv)
	assert.Equal(t, existing, conv.ContactID)
	assert.False(t, conv.ContactCreated)
	assert.Empty(t, conv.OpportunityID)
	ct, err = h.Store.GetContactDetails(t.Context(), existing)
	require.NoError(t, err)
	assert.Equal(t, m.Email, ct.Email, "the lead's communication details move to the contact")
	assert.True(t, ct.ConsentToContact)
	assert.Empty(t, ct.TimeZone)

	// A lead that refused contact converts into a contact that refuses it,
	// with the lead's time zone; a lead's consent never undoes a contact's
	// refusal.
	body = h.LeadBody("Rhea", "Refused")
	body["consent_to_contact"], body["time_zone"] = false, "Europe/Warsaw"
	r := h.CreateLead(body)
	resp = h.Call("POST", harness.LeadPath(r.ID, "/convert"), nil, &conv)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", conv)
	ct, err = h.Store.GetContactDetails(t.Context(), conv.ContactID)
	require.NoError(t, err)
	assert.False(t, ct.ConsentToContact, "the lead's refusal stays with the person")
	assert.Equal(t, "Europe/Warsaw", ct.TimeZone)
	refused := conv.ContactID
	body = h.LeadBody("Rhea", "Again")
	body["matched_contact_id"] = refused
	again := h.CreateLead(body)
	resp = h.Call("POST", harness.LeadPath(again.ID, "/convert"), nil, &conv)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", conv)
	ct, err = h.Store.GetContactDetails(t.Context(), refused)
	require.NoError(t, err)
	assert.False(t, ct.ConsentToContact, "a consenting lead does not undo the contact's refusal")
	assert.Equal(t, "Europe/Warsaw", ct.TimeZone, "an empty time zone keeps the contact's")

	// B2B: the company takes the address and is reused by name.
	require.Equal(t, http.StatusOK, h.Call("PUT", "/api/v1/lead-settings", map[string]any{"b2b_mode": true}, nil).StatusCode)
	var companies []string
	for _, first := range []string{"Bea", "Ben"} {
		body = h.LeadBody(first, "Business")
		body["company"], body["address"], body["address_city"] = "Acme Corp", "5 Main St", "Springfield"
		bl := h.CreateLead(body)
		resp = h.Call("POST", harness.LeadPath(bl.ID, "/convert"), nil, &conv)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", conv)
		companies = append(companies, conv.CompanyID)
		ct, err = h.Store.GetContactDetails(t.Context(), conv.ContactID)
		require.NoError(t, err)
		assert.Equal(t, bl.Email, ct.Email)
		assert.Empty(t, ct.Address, "in B2B mode the address goes to the company")
		assert.Equal(t, conv.CompanyID, ct.CompanyID)
	}
	assert.Equal(t, companies[0], companies[1], "the company is reused")
	co, err := h.Store.GetCompany(t.Context(), companies[0])
	require.NoError(t, err)
	assert.Equal(t, "5 Main St", co.Address)
	require.Equal(t, http.StatusOK, h.Call("PUT", "/api/v1/lead-settings", map[string]any{"b2b_mode": false}, nil).StatusCode)

	// Archive keeps the lead as history; an archived lead stays archived.
	ar := h.CreateLead(h.LeadBody("Archie", "Ved"))
	require.Equal(t, http.StatusOK, h.Call("POST", harness.LeadPath(ar.ID, "/archive"), nil, &l).StatusCode)
	assert.Equal(t, domain.LeadArchived, l.Status)
	assert.Equal(t, http.StatusConflict, h.Call("POST", harness.LeadPath(ar.ID, "/archive"), nil, nil).StatusCode)
	assert.Equal(t, http.StatusConflict, h.Call("POST", harness.LeadPath(ar.ID, "/convert"), nil, nil).StatusCode)
	assert.Equal(t, http.StatusOK, h.Call("GET", harness.LeadPath(ar.ID, ""), nil, nil).StatusCode)

	// Batch owner assignment: per-lead results, the qualified lead refuses.
	closer, _ := h.User("closer", domain.PrivLeads)
	var batch domain.Batch
	resp = h.Call("POST", "/api/v1/leads/assign-owner", map[string]any{"lead_ids": []int64{a.ID, ar.ID, c.ID, 987654}, "owner_id": closer.ID}, &batch)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%+v", batch)
	var done harness.BatchView
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		h.Call("GET", "/api/v1/batch-processes/"+batch.ID, nil, &done)
		return done.Status == domain.BatchCompleted, string(done.Status)
	})
	assert.Equal(t, domain.BatchLeadOwner, done.Type)
	assert.Equal(t, 1, done.Succeeded)
	assert.Equal(t, 3, done.Failed)
	assert.Equal(t, domain.ItemSucceeded, done.Items[0].Status)
	assert.Contains(t, done.Items[2].Message, "qualified")
	assert.Contains(t, done.Items[3].Message, "no longer exists")
	h.Call("GET", harness.LeadPath(a.ID, ""), nil, &l)
	assert.Equal(t, closer.ID, l.OwnerID)
	assert.Contains(t, done.Items[1].Message, "archived")
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", "/api/v1/leads/assign-owner", map[string]any{"lead_ids": []int64{}, "owner_id": h.Admin.ID}, nil).StatusCode)

	// Delete: one, or many all-or-nothing; permanently.
	d1, d2 := h.CreateLead(h.LeadBody("Del", "One")), h.CreateLead(h.LeadBody("Del", "Two"))
	assert.Equal(t, http.StatusNotFound, h.Call("POST", "/api/v1/leads/bulk-delete", map[string]any{"lead_ids": []int64{d1.ID, 999999}}, nil).StatusCode)
	assert.Equal(t, http.StatusOK, h.Call("GET", harness.LeadPath(d1.ID, ""), nil, nil).StatusCode, "a failed bulk delete deletes nothing")
	assert.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/leads/bulk-delete", map[string]any{"lead_ids": []int64{d1.ID, d2.ID}}, nil).StatusCode)
	assert.Equal(t, http.StatusNoContent, h.Call("DELETE", harness.LeadPath(ar.ID, ""), nil, nil).StatusCode)
	for _, id := range []int64{d1.ID, d2.ID, ar.ID} {
		assert.Equal(t, http.StatusNotFound, h.Call("GET", harness.LeadPath(id, ""), nil, nil).StatusCode)
	}
	assert.Equal(t, http.StatusNotFound, h.Call("DELETE", harness.LeadPath(ar.ID, ""), nil, nil).StatusCode)
}
