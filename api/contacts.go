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
	// Answers the new contact with the drip campaigns its trigger criteria
	// started (drips_started).
	g.POST("", createWith(http.StatusCreated, s.app.CreateContact))
	g.GET("/:id", getByID(s.store.GetContactProfile))
	// Changes the fields the body names; a contact that comes to meet a drip
	// campaign's trigger criteria is enrolled in it.
	g.PATCH("/:id", updateByID(s.app.ChangeContact))
	// Erases the contact's personal data (app.EraseContact).
	g.DELETE("/:id", require(domain.PrivAdmin), deleteByID(s.app.EraseContact))
	s.contactDripRoutes(g)
}

// listContacts is one page of contacts in name order (app.ListContacts).
func (s *server) listContacts(c *gin.Context) {
	page, err := s.app.ListContacts(c, currentUser(c), domain.ContactListParams{Q: c.Query("q"), Type: c.Query("type"),
		CustomerStatus: c.Query("customer_status"), GroupID: c.Query("group_id"), PartnerType: c.Query("partner_type"),
		Cursor: c.Query("cursor"), Limit: c.Query("limit")})
	reply(c, http.StatusOK, page, err)
}
