package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func (s *server) contactRoutes(g *gin.RouterGroup) {
	g.POST("", s.createContact)
	g.GET("/:id", s.getContact)
	g.PATCH("/:id", s.patchContact)
	s.contactDripRoutes(g)
}

// contactView is a contact as the API shows it after a write, with the drip
// campaigns its trigger criteria started.
type contactView struct {
	domain.ContactProfile
	DripsStarted []string `json:"drips_started"`
}

func (s *server) createContact(c *gin.Context) {
	var in domain.ContactInput
	if !bind(c, &in) {
		return
	}
	p := domain.ContactProfile{Contact: domain.Contact{ID: uuid.NewString()}, ConsentToContact: true}
	in.Apply(&p)
	if err := domain.ValidateContact(p); err != nil {
		fail(c, err)
		return
	}
	p, err := s.store.CreateContactProfile(c, p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, contactView{ContactProfile: p, DripsStarted: s.enrollTriggered(c, p)})
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
	p, err := s.store.UpdateContactProfile(c, id, func(p *domain.ContactProfile) error {
		in.Apply(p)
		return domain.ValidateContact(*p)
	})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, contactView{ContactProfile: p, DripsStarted: s.enrollTriggered(c, p)})
}
