package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// customerRoutes serves /customer-groups and a contact's customer record
// (/contacts/{id}/customer).
func (s *server) customerRoutes(v1 *gin.RouterGroup) {
	g := v1.Group("/customer-groups", require(domain.PrivCampaigns))
	g.GET("", listAll(s.store.ListCustomerGroups, func(g domain.CustomerGroup) string { return g.ID }))
	g.POST("", createWith(http.StatusCreated, s.app.CreateCustomerGroup))
	g.GET("/:id", getByID(s.store.GetCustomerGroup))
	g.PUT("/:id", updateByID(s.app.ChangeCustomerGroup))
	// Deletes a group and its memberships; a group some campaign version
	// targets is refused (409).
	g.DELETE("/:id", deleteByID(s.app.DeleteCustomerGroup))
	v1.GET("/contacts/:id/customer", require(domain.PrivCampaigns), getByID(s.store.GetCustomer))
	v1.PATCH("/contacts/:id/customer", require(domain.PrivCampaigns), s.patchCustomer)
}

// customerPatch is the body of PATCH /contacts/{id}/customer: status
// (Active, Inactive, or null: not a customer) and group_ids (the complete
// list of groups); a field left out keeps its value.
type customerPatch struct {
	Status   json.RawMessage `json:"status"`
	GroupIDs *[]string       `json:"group_ids"`
}

// patchCustomer sets a contact's customer status and groups.
func (s *server) patchCustomer(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var patch customerPatch
	if !bind(c, &patch) {
		return
	}
	in := app.CustomerChange{GroupIDs: patch.GroupIDs}
	if len(patch.Status) > 0 {
		var st string
		if string(patch.Status) != "null" {
			if err := json.Unmarshal(patch.Status, &st); err != nil {
				invalid(c, domain.FieldError{Field: "status", Message: "must be Active, Inactive or null"})
				return
			}
		}
		in.Status = &st
	}
	cu, err := s.app.ChangeCustomer(c, currentUser(c), id, in)
	reply(c, http.StatusOK, cu, err)
}
