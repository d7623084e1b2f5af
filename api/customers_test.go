package api_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// group creates a customer group and returns its id.
func (h *harness) group(name string) string {
	h.t.Helper()
	var g domain.CustomerGroup
	resp := h.call("POST", "/api/v1/customer-groups", map[string]any{"name": name}, &g)
	require.Equal(h.t, http.StatusCreated, resp.StatusCode)
	return g.ID
}

// customer makes a contact a customer with a status and groups.
func (h *harness) customer(contactID, status string, groups ...string) {
	h.t.Helper()
	if groups == nil {
		groups = []string{}
	}
	resp := h.call("PATCH", "/api/v1/contacts/"+contactID+"/customer", map[string]any{"status": status, "group_ids": groups}, nil)
	require.Equal(h.t, http.StatusOK, resp.StatusCode)
}

func TestCustomerGroupsCRUD(t *testing.T) {
	h := newHarness(t)
	var g domain.CustomerGroup
	resp := h.call("POST", "/api/v1/customer-groups", map[string]any{"name": " VIP Customers ", "description": "Best"}, &g)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "VIP Customers", g.Name)
	assert.Zero(t, g.Members)

	var p problemBody
	resp = h.call("POST", "/api/v1/customer-groups", map[string]any{"name": "vip customers"}, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	resp = h.call("POST", "/api/v1/customer-groups", map[string]any{"name": ""}, &p)
	expectProblem(t, resp, p, http.StatusUnprocessableEntity, "name")
	resp = h.call("POST", "/api/v1/customer-groups", map[string]any{"name": "X", "color": "red"}, &p)
	expectProblem(t, resp, p, http.StatusUnprocessableEntity, "body")

	wholesale := h.group("Wholesale")
	resp = h.call("PUT", "/api/v1/customer-groups/"+g.ID, map[string]any{"name": "VIP", "description": "Top"}, &g)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "VIP", g.Name)
	resp = h.call("PUT", "/api/v1/customer-groups/"+wholesale, map[string]any{"name": "Vip"}, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	resp = h.call("PUT", "/api/v1/customer-groups/"+uuid.NewString(), map[string]any{"name": "Other"}, &p)
	expectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.call("GET", "/api/v1/customer-groups/nope", nil, &p)
	expectProblem(t, resp, p, http.StatusNotFound, "")

	var list struct {
		Items []domain.CustomerGroup `json:"items"`
	}
	h.call("GET", "/api/v1/customer-groups", nil, &list)
	require.Len(t, list.Items, 2)
	assert.Equal(t, "VIP", list.Items[0].Name)

	_, plain := h.userWithToken("No campaigns")
	resp = h.callAs(plain, "GET", "/api/v1/customer-groups", nil, &p)
	expectProblem(t, resp, p, http.StatusForbidden, "")
	resp = h.callAs(plain, "PATCH", "/api/v1/contacts/"+uuid.NewString()+"/customer", map[string]any{"status": "Active"}, &p)
	expectProblem(t, resp, p, http.StatusForbidden, "")

	// Contacts become customers and join groups.
	cs := h.contacts(2)
	var cu domain.Customer
	resp = h.call("GET", "/api/v1/contacts/"+cs[0]+"/customer", nil, &cu)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.Customer{ContactID: cs[0], Status: "", GroupIDs: []string{}}, cu)
	resp = h.call("PATCH", "/api/v1/contacts/"+cs[0]+"/customer", map[string]any{"status": "active", "group_ids": []string{g.ID, wholesale}}, &cu)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Active", cu.Status)
	assert.ElementsMatch(t, []string{g.ID, wholesale}, cu.GroupIDs)
	resp = h.call("PATCH", "/api/v1/contacts/"+cs[0]+"/customer", map[string]any{"status": "Inactive"}, &cu)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Inactive", cu.Status)
	assert.Len(t, cu.GroupIDs, 2, "a field left out keeps its value")

	// A group that does not exist cannot be used; nothing is written.
	ghost := uuid.NewString()
	resp = h.call("PATCH", "/api/v1/contacts/"+cs[0]+"/customer", map[string]any{"status": "Active", "group_ids": []string{ghost}}, &p)
	expectProblem(t, resp, p, http.StatusUnprocessableEntity, "group_ids")
	assert.Contains(t, p.Detail, ghost)
	h.call("GET", "/api/v1/contacts/"+cs[0]+"/customer", nil, &cu)
	assert.Equal(t, "Inactive", cu.Status)
	assert.Len(t, cu.GroupIDs, 2)
	resp = h.call("PATCH", "/api/v1/contacts/"+cs[1]+"/customer", map[string]any{"status": "Gold"}, &p)
	expectProblem(t, resp, p, http.StatusUnprocessableEntity, "status")
	resp = h.call("PATCH", "/api/v1/contacts/"+cs[1]+"/customer", map[string]any{"group_ids": []string{g.ID}}, &p)
	expectProblem(t, resp, p, http.StatusUnprocessableEntity, "group_ids")
	resp = h.call("PATCH", "/api/v1/contacts/"+uuid.NewString()+"/customer", map[string]any{"status": "Active"}, &p)
	expectProblem(t, resp, p, http.StatusNotFound, "")
	h.call("GET", "/api/v1/customer-groups/"+g.ID, nil, &g)
	assert.Equal(t, 1, g.Members)

	// A campaign audience cannot name a missing group; a group in use cannot be deleted.
	id := h.createCampaign("Groups")["id"].(string)
	resp = h.call("PUT", "/api/v1/campaigns/"+id+"/audience", map[string]any{"type": "Customers", "customer_group_id": ghost}, &p)
	expectProblem(t, resp, p, http.StatusUnprocessableEntity, "customer_group_id")
	resp = h.call("PUT", "/api/v1/campaigns/"+id+"/audience", map[string]any{"type": "Customers", "customer_group_id": g.ID}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.call("DELETE", "/api/v1/customer-groups/"+g.ID, nil, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "Groups")
	resp = h.call("DELETE", "/api/v1/customer-groups/"+wholesale, nil, nil)
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	resp = h.call("DELETE", "/api/v1/customer-groups/"+wholesale, nil, &p)
	expectProblem(t, resp, p, http.StatusNotFound, "")
	h.call("GET", "/api/v1/contacts/"+cs[0]+"/customer", nil, &cu)
	assert.Equal(t, []string{g.ID}, cu.GroupIDs, "the deleted group's memberships went with it")

	// No longer a customer: no groups either.
	resp = h.call("PATCH", "/api/v1/contacts/"+cs[0]+"/customer", map[string]any{"status": nil}, &cu)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.Customer{ContactID: cs[0], Status: "", GroupIDs: []string{}}, cu)
}
