package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// contactRoutes: any signed-in user may list, read, add and change
// contacts; erasing one, which cannot be undone and reaches every campaign
// it took part in, is for administrators.
func (s *server) contactRoutes(g *gin.RouterGroup) {
	g.GET("", s.listContacts)
	g.POST("", s.createContact)
	g.GET("/:id", s.getContact)
	g.PATCH("/:id", s.patchContact)
	g.DELETE("/:id", require(domain.PrivAdmin), s.eraseContact)
	s.contactDripRoutes(g)
}

// listContacts is one page of contacts in name order (app.ListContacts).
func (s *server) listContacts(c *gin.Context) {
	page, err := s.app.ListContacts(c, currentUser(c), domain.ContactListParams{Q: c.Query("q"), Type: c.Query("type"),
		CustomerStatus: c.Query("customer_status"), GroupID: c.Query("group_id"), PartnerType: c.Query("partner_type"),
		Cursor: c.Query("cursor"), Limit: c.Query("limit")})
	reply(c, http.StatusOK, page, err)
}

// eraseContact erases the contact's personal data (app.EraseContact).
func (s *server) eraseContact(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := s.app.EraseContact(c, currentUser(c), id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// createContact answers the new contact with the drip campaigns its trigger
// criteria started (drips_started).
func (s *server) createContact(c *gin.Context) {
	var in domain.ContactInput
	if !bind(c, &in) {
		return
	}
	saved, err := s.app.CreateContact(c, currentUser(c), in)
	reply(c, http.StatusCreated, saved, err)
}

func (s *server) getContact(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	p, err := s.store.GetContactProfile(c, id)
	reply(c, http.StatusOK, p, err)
}

// patchContact changes the fields the body names; a contact that comes to
// meet a drip campaign's trigger criteria is enrolled in it.
func (s *server) patchContact(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in domain.ContactInput
	if !bind(c, &in) {
		return
	}
	saved, err := s.app.ChangeContact(c, currentUser(c), id, in)
	reply(c, http.StatusOK, saved, err)
}
