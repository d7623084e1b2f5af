package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// addParticipantsInput is the body of POST .../participants.
type addParticipantsInput struct {
	ContactIDs []string `json:"contact_ids"`
}

// maxAddBatch bounds the contacts one request may add.
const maxAddBatch = 10000

func (s *server) addParticipants(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in addParticipantsInput
	if !bind(c, &in) {
		return
	}
	var v domain.Validator
	v.Check(len(in.ContactIDs) > 0, "contact_ids", "list at least one contact")
	v.Check(len(in.ContactIDs) <= maxAddBatch, "contact_ids", "at most %d contacts per request", maxAddBatch)
	for i, cid := range in.ContactIDs {
		v.Check(domain.IsUUID(cid), fmt.Sprintf("contact_ids[%d]", i), "is not a contact id")
	}
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	camp, err := s.store.GetCampaign(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	if camp.ManagerID == "" {
		invalid(c, domain.FieldError{Field: "manager_id", Message: "the campaign needs a manager before participants can be added"})
		return
	}
	if camp.Stage == domain.StageCompleted || camp.Stage == domain.StageCancelled {
		fail(c, &domain.ConflictError{Reason: "participants cannot be added to a " + string(camp.Stage) + " campaign"})
		return
	}
	if err := canEnroll(camp); err != nil {
		fail(c, err)
		return
	}
	missing, err := s.store.MissingContacts(c, in.ContactIDs)
	if err != nil {
		fail(c, err)
		return
	}
	if len(missing) > 0 {
		invalid(c, domain.FieldError{Field: "contact_ids", Message: fmt.Sprintf("unknown contacts: %v", missing)})
		return
	}
	have, err := s.store.CountParticipants(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	if have+len(in.ContactIDs) > s.maxParts {
		invalid(c, domain.FieldError{Field: "contact_ids", Message: fmt.Sprintf(
			"a campaign holds at most %d participants; it has %d", s.maxParts, have)})
		return
	}
	added, err := s.store.AddParticipants(c, id, in.ContactIDs, camp.ManagerID)
	if err != nil {
		fail(c, err)
		return
	}
	if camp.Stage == domain.StageInProgress && added > 0 {
		// The running campaign initiates newcomers in its next fan-out pass.
		err := s.temporal.SignalWorkflow(detached(c), domain.CampaignWorkflowID(id), "", workflows.SignalParticipantsAdded, nil)
		if err != nil {
			logger(c).Warn("could not signal campaign about new participants", "campaign", id, "error", err)
		}
	}
	c.JSON(http.StatusCreated, gin.H{"added": added, "skipped": len(in.ContactIDs) - added})
}

// page is a keyset-paginated list.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// pageParams reads limit (1..1000, default 100) and cursor.
func pageParams(c *gin.Context) (limit int, cursor string, ok bool) {
	limit = 100
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			invalid(c, domain.FieldError{Field: "limit", Message: "must be a number from 1 to 1000"})
			return 0, "", false
		}
		limit = n
	}
	return limit, c.Query("cursor"), true
}

func (s *server) listParticipants(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	limit, cursor, ok := pageParams(c)
	if !ok {
		return
	}
	if cursor != "" && !domain.IsUUID(cursor) {
		invalid(c, domain.FieldError{Field: "cursor", Message: "is not a cursor from a previous page"})
		return
	}
	if _, err := s.store.GetCampaign(c, id); err != nil {
		fail(c, err)
		return
	}
	ps, err := s.store.ListParticipants(c, id, cursor, limit+1)
	if err != nil {
		fail(c, err)
		return
	}
	out := page[domain.Participant]{Items: ps}
	if len(ps) > limit {
		out.Items = ps[:limit]
		out.NextCursor = ps[limit-1].ID
	}
	c.JSON(http.StatusOK, out)
}
