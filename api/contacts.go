package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func (s *server) contactRoutes(g *gin.RouterGroup) {
	g.POST("", s.createContact)
	g.GET("/:id", s.getContact)
	g.PATCH("/:id", s.patchContact)
	s.contactDripRoutes(g)
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
