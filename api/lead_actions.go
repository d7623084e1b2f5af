package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

func (s *server) deleteLead(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	noContent(c, s.app.DeleteLead(c, currentUser(c), id))
}

// deleteLeads permanently deletes many leads: all of them or, when one is
// unknown, none.
func (s *server) deleteLeads(c *gin.Context) {
	var in app.LeadIDs
	if !bind(c, &in) {
		return
	}
	n, err := s.app.DeleteLeads(c, currentUser(c), in)
	reply(c, http.StatusOK, gin.H{"deleted": n}, err)
}

func (s *server) assignOwner(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	var in app.OwnerInput
	if !bind(c, &in) {
		return
	}
	l, err := s.app.AssignLeadOwner(c, currentUser(c), id, in)
	replyLead(c, l, err)
}

// batchAssignOwner gives many leads a new owner as a batch process with a
// result per lead (a qualified lead refuses).
func (s *server) batchAssignOwner(c *gin.Context) {
	var in app.BatchOwnerInput
	if !bind(c, &in) {
		return
	}
	b, err := s.app.BatchAssignLeadOwner(c, currentUser(c), in)
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}

func (s *server) archiveLead(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	l, err := s.app.ArchiveLead(c, currentUser(c), id)
	replyLead(c, l, err)
}

func (s *server) convertLead(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	var in domain.ConvertInput
	if c.Request.ContentLength != 0 && !bind(c, &in) {
		return
	}
	res, err := s.app.ConvertLead(c, currentUser(c), id, in)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"lead": viewLead(res.Lead), "contact_id": res.ContactID, "contact_created": res.ContactCreated,
		"company_id": res.CompanyID, "company_created": res.CompanyCreated, "opportunity_id": res.OpportunityID})
}

func (s *server) leadAudit(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	limit, cursor, ok := pageParams(c)
	if !ok {
		return
	}
	after, err := domain.DecodeIntCursor(cursor, maxInt8)
	if err != nil {
		fail(c, err)
		return
	}
	es, err := s.app.LeadAudit(c, currentUser(c), id, after, limit+1)
	if err != nil {
		fail(c, err)
		return
	}
	out := domain.PageOf(es, limit, func(last domain.AuditEntry) string { return domain.IntCursor(last.ID) })
	c.JSON(http.StatusOK, out)
}
