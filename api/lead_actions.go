package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func (s *server) deleteLead(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	if err := s.store.DeleteLeads(c, []int64{id}, currentUser(c).ID); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// leadIDsInput names the leads of a bulk action.
type leadIDsInput struct {
	LeadIDs []int64 `json:"lead_ids"`
}

// check refuses an empty, oversized or repeating list.
func (in leadIDsInput) check(v *domain.Validator) {
	v.Check(len(in.LeadIDs) > 0, "lead_ids", "at least one lead is required")
	v.Check(len(in.LeadIDs) <= 10000, "lead_ids", "at most 10000 leads at once")
	seen := map[int64]bool{}
	for _, id := range in.LeadIDs {
		v.Check(!seen[id], "lead_ids", "lead %d is listed twice", id)
		seen[id] = true
	}
}

// deleteLeads permanently deletes many leads: all of them or, when one is
// unknown, none.
func (s *server) deleteLeads(c *gin.Context) {
	var in leadIDsInput
	if !bind(c, &in) {
		return
	}
	var v domain.Validator
	in.check(&v)
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	if err := s.store.DeleteLeads(c, in.LeadIDs, currentUser(c).ID); err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"deleted": len(in.LeadIDs)})
}

type ownerInput struct {
	OwnerID string `json:"owner_id"`
}

// checkOwner validates a new owner: a known user.
func (s *server) checkOwner(c *gin.Context, ownerID string) bool {
	if !domain.IsUUID(ownerID) {
		invalid(c, domain.FieldError{Field: "owner_id", Message: "is required and must be a user id"})
		return false
	}
	ok, err := s.store.UserExists(c, ownerID)
	if err != nil {
		fail(c, err)
		return false
	}
	if !ok {
		invalid(c, domain.FieldError{Field: "owner_id", Message: "names no user"})
	}
	return ok
}

func (s *server) assignOwner(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	var in ownerInput
	if !bind(c, &in) || !s.checkOwner(c, in.OwnerID) {
		return
	}
	l, err := s.store.ChangeLead(c, id, currentUser(c).ID, "assign owner", func(_ context.Context, _ pgx.Tx, l *domain.Lead) error {
		if err := domain.CheckOwnerChange(*l); err != nil {
			return err
		}
		l.OwnerID = in.OwnerID
		return nil
	})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, viewLead(l))
}

// batchAssignOwner gives many leads a new owner as a batch process with a
// result per lead (a qualified lead refuses).
func (s *server) batchAssignOwner(c *gin.Context) {
	var in struct {
		leadIDsInput
		OwnerID string `json:"owner_id"`
	}
	if !bind(c, &in) {
		return
	}
	var v domain.Validator
	in.check(&v)
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	if !s.checkOwner(c, in.OwnerID) {
		return
	}
	b, err := s.startBatch(c, domain.BatchLeadOwner, map[string]string{"owner_id": in.OwnerID}, leadItems(in.LeadIDs))
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}

func leadItems(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return out
}

func (s *server) archiveLead(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	l, err := s.store.ChangeLead(c, id, currentUser(c).ID, "archive", func(_ context.Context, _ pgx.Tx, l *domain.Lead) error {
		if err := domain.CheckLeadStatus(l.Status, domain.LeadArchived); err != nil {
			return err
		}
		l.Status = domain.LeadArchived
		return nil
	})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, viewLead(l))
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
	if err := in.Validate(); err != nil {
		fail(c, err)
		return
	}
	b2b, err := s.store.LeadSettings(c)
	if err != nil {
		fail(c, err)
		return
	}
	res, err := s.store.ConvertLead(c, id, currentUser(c).ID, b2b, in)
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
	if _, err := s.store.GetLead(c, id); err != nil {
		fail(c, err)
		return
	}
	es, err := s.store.LeadAudit(c, id, after, limit+1)
	if err != nil {
		fail(c, err)
		return
	}
	out := domain.PageOf(es, limit, func(last domain.AuditEntry) string { return domain.IntCursor(last.ID) })
	c.JSON(http.StatusOK, out)
}
