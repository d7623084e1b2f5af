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
	g.GET("", s.listCustomerGroups)
	g.POST("", s.createCustomerGroup)
	g.GET("/:id", s.getCustomerGroup)
	g.PUT("/:id", s.updateCustomerGroup)
	g.DELETE("/:id", s.deleteCustomerGroup)
	v1.GET("/contacts/:id/customer", require(domain.PrivCampaigns), s.getCustomer)
	v1.PATCH("/contacts/:id/customer", require(domain.PrivCampaigns), s.patchCustomer)
}

// customerPatch is the body of PATCH /contacts/{id}/customer: status
// (Active, Inactive, or null: not a customer) and group_ids (the complete
// list of groups); a field left out keeps its value.
type customerPatch struct {
	Status   json.RawMessage `json:"status"`
	GroupIDs *[]string       `json:"group_ids"`
}

func (s *server) listCustomerGroups(c *gin.Context) {
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	gs, err := s.store.ListCustomerGroups(c)
	replyPage(c, r, gs, err, func(g domain.CustomerGroup) string { return g.ID })
}

func (s *server) createCustomerGroup(c *gin.Context) {
	var in domain.CustomerGroupInput
	if !bind(c, &in) {
		return
	}
	g, err := s.app.CreateCustomerGroup(c, currentUser(c), in)
	reply(c, http.StatusCreated, g, err)
}

func (s *server) getCustomerGroup(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	g, err := s.store.GetCustomerGroup(c, id)
	reply(c, http.StatusOK, g, err)
}

func (s *server) updateCustomerGroup(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in domain.CustomerGroupInput
	if !bind(c, &in) {
		return
	}
	g, err := s.app.ChangeCustomerGroup(c, currentUser(c), id, in)
	reply(c, http.StatusOK, g, err)
}

// deleteCustomerGroup deletes a group and its memberships; a group some
// campaign version targets is refused (409).
func (s *server) deleteCustomerGroup(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := s.app.DeleteCustomerGroup(c, currentUser(c), id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *server) getCustomer(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	cu, err := s.store.GetCustomer(c, id)
	reply(c, http.StatusOK, cu, err)
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
