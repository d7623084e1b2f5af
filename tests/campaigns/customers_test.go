package campaigns

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

func TestCustomerGroupsCRUD(t *testing.T) {
	h := harness.New(t)
	var g domain.CustomerGroup
	resp := h.Call("POST", "/api/v1/customer-groups", map[string]any{"name": " VIP Customers ", "description": "Best"}, &g)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "VIP Customers", g.Name)
	assert.Zero(t, g.Members)

	var p harness.Problem
	resp = h.Call("POST", "/api/v1/customer-groups", map[string]any{"name": "vip customers"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	resp = h.Call("POST", "/api/v1/customer-groups", map[string]any{"name": ""}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "name")
	resp = h.Call("POST", "/api/v1/customer-groups", map[string]any{"name": "X", "color": "red"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "body")

	wholesale := h.Group("Wholesale")
	resp = h.Call("PUT", "/api/v1/customer-groups/"+g.ID, map[string]any{"name": "VIP", "description": "Top"}, &g)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "VIP", g.Name)
	resp = h.Call("PUT", "/api/v1/customer-groups/"+wholesale, map[string]any{"name": "Vip"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	resp = h.Call("PUT", "/api/v1/customer-groups/"+uuid.NewString(), map[string]any{"name": "Other"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.Call("GET", "/api/v1/customer-groups/nope", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")

	var list struct {
		Items []domain.CustomerGroup `json:"items"`
	}
	h.Call("GET", "/api/v1/customer-groups", nil, &list)
	require.Len(t, list.Items, 2)
	assert.Equal(t, "VIP", list.Items[0].Name)

	_, plain := h.UserWithToken("No campaigns")
	resp = h.CallAs(plain, "GET", "/api/v1/customer-groups", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")
	resp = h.CallAs(plain, "PATCH", "/api/v1/contacts/"+uuid.NewString()+"/customer", map[string]any{"status": "Active"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")

	// Contacts become customers and join groups.
	cs := h.Contacts(2)
	var cu domain.Customer
	resp = h.Call("GET", "/api/v1/contacts/"+cs[0]+"/customer", nil, &cu)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.Customer{ContactID: cs[0], Status: "", GroupIDs: []string{}}, cu)
	resp = h.Call("PATCH", "/api/v1/contacts/"+cs[0]+"/customer", map[string]any{"status": "active", "group_ids": []string{g.ID, wholesale}}, &cu)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Active", cu.Status)
	assert.ElementsMatch(t, []string{g.ID, wholesale}, cu.GroupIDs)
	resp = h.Call("PATCH", "/api/v1/contacts/"+cs[0]+"/customer", map[string]any{"status": "Inactive"}, &cu)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Inactive", cu.Status)
	assert.Len(t, cu.GroupIDs, 2, "a field left out keeps its value")

	// A group that does not exist cannot be used; nothing is written.
	ghost := uuid.NewString()
	resp = h.Call("PATCH", "/api/v1/contacts/"+cs[0]+"/customer", map[string]any{"status": "Active", "group_ids": []string{ghost}}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "group_ids")
	assert.Contains(t, p.Detail, ghost)
	h.Call("GET", "/api/v1/contacts/"+cs[0]+"/customer", nil, &cu)
	assert.Equal(t, "Inactive", cu.Status)
	assert.Len(t, cu.GroupIDs, 2)
	resp = h.Call("PATCH", "/api/v1/contacts/"+cs[1]+"/customer", map[string]any{"status": "Gold"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "status")
	resp = h.Call("PATCH", "/api/v1/contacts/"+cs[1]+"/customer", map[string]any{"group_ids": []string{g.ID}}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "group_ids")
	resp = h.Call("PATCH", "/api/v1/contacts/"+uuid.NewString()+"/customer", map[string]any{"status": "Active"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	h.Call("GET", "/api/v1/customer-groups/"+g.ID, nil, &g)
	assert.Equal(t, 1, g.Members)

	// A campaign audience cannot name a missing group; a group in use cannot be deleted.
	id := h.CreateCampaign("Groups")["id"].(string)
	resp = h.Call("PUT", "/api/v1/campaigns/"+id+"/audience", map[string]any{"type": "Customers", "customer_group_id": ghost}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "customer_group_id")
	resp = h.Call("PUT", "/api/v1/campaigns/"+id+"/audience", map[string]any{"type": "Customers", "customer_group_id": g.ID}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.Call("DELETE", "/api/v1/customer-groups/"+g.ID, nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "Groups")
	resp = h.Call("DELETE", "/api/v1/customer-groups/"+wholesale, nil, nil)
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	resp = h.Call("DELETE", "/api/v1/customer-groups/"+wholesale, nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	h.Call("GET", "/api/v1/contacts/"+cs[0]+"/customer", nil, &cu)
	assert.Equal(t, []string{g.ID}, cu.GroupIDs, "the deleted group's memberships went with it")

	// No longer a customer: no groups either.
	resp = h.Call("PATCH", "/api/v1/contacts/"+cs[0]+"/customer", map[string]any{"status": nil}, &cu)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.Customer{ContactID: cs[0], Status: "", GroupIDs: []string{}}, cu)
}
