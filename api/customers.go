package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

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

// customerGroupList is every customer group.
type customerGroupList struct {
	Items []domain.CustomerGroup `json:"items"`
}

// customerPatch is the body of PATCH /contacts/{id}/customer: status
// (Active, Inactive, or null: not a customer) and group_ids (the complete
// list of groups); a field left out keeps its value.
type customerPatch struct {
	Status   json.RawMessage `json:"status"`
	GroupIDs *[]string       `json:"group_ids"`
}

func (s *server) listCustomerGroups(c *gin.Context) {
	gs, err := s.store.ListCustomerGroups(c)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, customerGroupList{Items: gs})
}

func (s *server) createCustomerGroup(c *gin.Context) {
	in, ok := bindValid[domain.CustomerGroupInput](c)
	if !ok {
		return
	}
	id := uuid.NewString()
	if err := s.store.CreateCustomerGroup(c, id, in); err != nil {
		fail(c, err)
		return
	}
	s.writeCustomerGroup(c, http.StatusCreated, id)
}

func (s *server) getCustomerGroup(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	s.writeCustomerGroup(c, http.StatusOK, id)
}

func (s *server) writeCustomerGroup(c *gin.Context, status int, id string) {
	g, err := s.store.GetCustomerGroup(c, id)
	reply(c, status, g, err)
}

func (s *server) updateCustomerGroup(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	in, ok := bindValid[domain.CustomerGroupInput](c)
	if !ok {
		return
	}
	if err := s.store.UpdateCustomerGroup(c, id, in); err != nil {
		fail(c, err)
		return
	}
	s.writeCustomerGroup(c, http.StatusOK, id)
}

// deleteCustomerGroup deletes a group and its memberships; a group some
// campaign version targets is refused (409).
func (s *server) deleteCustomerGroup(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := s.store.DeleteCustomerGroup(c, id); err != nil {
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
	var status *string
	if len(patch.Status) > 0 {
		var st string
		if string(patch.Status) != "null" {
			if err := json.Unmarshal(patch.Status, &st); err != nil {
				invalid(c, domain.FieldError{Field: "status", Message: "must be Active, Inactive or null"})
				return
			}
		}
		status = &st
	}
	err := s.store.UpdateCustomer(c, id, func(cur domain.Customer) (domain.Customer, error) {
		if status != nil {
			cur.Status = *status
			if *status == "" && patch.GroupIDs == nil {
				cur.GroupIDs = nil // no longer a customer: no groups either
			}
		}
		if patch.GroupIDs != nil {
			cur.GroupIDs = *patch.GroupIDs
		}
		cur.Normalize()
		return cur, cur.Validate()
	})
	if err != nil {
		fail(c, err)
		return
	}
	s.getCustomer(c)
}
