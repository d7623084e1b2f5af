package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// addParticipantsInput is the body of POST .../participants: contact ids,
// or a predefined filter.
type addParticipantsInput struct {
	ContactIDs []string `json:"contact_ids"`
	FilterID   string   `json:"filter_id"`
}

// maxAddBatch bounds the contacts one request may add.
const maxAddBatch = 10000

func (in addParticipantsInput) validate() error {
	var v domain.Validator
	switch {
	case in.FilterID != "" && len(in.ContactIDs) > 0:
		v.Add("body", "give contact_ids or a filter_id, not both")
	case in.FilterID != "":
		v.Check(domain.IsUUID(in.FilterID), "filter_id", "is not a predefined filter id")
	default:
		v.Check(len(in.ContactIDs) > 0, "contact_ids", "list at least one contact")
		v.Check(len(in.ContactIDs) <= maxAddBatch, "contact_ids", "at most %d contacts per request", maxAddBatch)
		for i, cid := range in.ContactIDs {
			v.Check(domain.IsUUID(cid), fmt.Sprintf("contact_ids[%d]", i), "is not a contact id")
		}
	}
	return v.Err()
}

// addParticipants adds contacts by id or with a predefined filter. Owners
// follow the campaign's allocation model; a filter needs one (and a role).
func (s *server) addParticipants(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in addParticipantsInput
	if !bind(c, &in) {
		return
	}
	if err := in.validate(); err != nil {
		fail(c, err)
		return
	}
	camp, err := s.store.GetCampaign(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	var v domain.Validator
	v.Check(camp.ManagerID != "", "manager_id", "the campaign needs a manager before participants can be added")
	if in.FilterID != "" {
		v.Check(camp.AllocationModel != "", "allocation_model", "adding participants with a filter needs the campaign's allocation model")
		v.Check(camp.AllocationRole != "", "allocation_role", "adding participants with a filter needs the campaign's allocation role")
	}
	if err := v.Err(); err != nil {
		fail(c, err)
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
	var added int
	if in.FilterID != "" {
		f, err := s.store.GetFilter(c, in.FilterID)
		if errors.Is(err, domain.ErrNotFound) {
			invalid(c, domain.FieldError{Field: "filter_id", Message: "no such predefined filter"})
			return
		} else if err != nil {
			fail(c, err)
			return
		}
		added, err = s.store.AddParticipantsByFilter(c, camp, f, s.maxParts)
		if err != nil {
			fail(c, err)
			return
		}
	} else {
		missing, err := s.store.MissingContacts(c, in.ContactIDs)
		if err != nil {
			fail(c, err)
			return
		}
		if len(missing) > 0 {
			invalid(c, domain.FieldError{Field: "contact_ids", Message: fmt.Sprintf("unknown contacts: %v", missing)})
			return
		}
		if added, err = s.store.AllocateParticipants(c, camp, in.ContactIDs, s.maxParts); err != nil {
			fail(c, err)
			return
		}
	}
	if camp.Stage == domain.StageInProgress && added > 0 {
		// The running campaign initiates newcomers in its next fan-out pass.
		s.signalParticipantsAdded(c, id)
	}
	c.JSON(http.StatusCreated, gin.H{"added": added, "skipped": max(len(in.ContactIDs)-added, 0)})
}

// page is a keyset-paginated list.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// pageParams reads limit (1..1000, default 100) and cursor.
func pageParams(c *gin.Context) (limit int, cursor string, ok bool) {
	return pageParamsUpTo(c, 100, domain.MaxPageLimit)
}

// pageParamsUpTo reads limit (1..max, default def) and cursor.
func pageParamsUpTo(c *gin.Context, def, max int) (limit int, cursor string, ok bool) {
	var v domain.Validator
	limit = int(queryInt(c, &v, "limit", int64(def), 1, int64(max)))
	if err := v.Err(); err != nil {
		fail(c, err)
		return 0, "", false
	}
	return limit, c.Query("cursor"), true
}

// pageOf makes a page of items read with limit+1: when there are more than
// limit, it keeps limit and sets the cursor from the last one kept.
func pageOf[T any](items []T, limit int, cursor func(last T) string) page[T] {
	out := page[T]{Items: items}
	if len(items) > limit {
		out.Items = items[:limit]
		out.NextCursor = cursor(items[limit-1])
	}
	return out
}

// timeCursor is the cursor of a newest-first list after the record created
// at t with the given id.
func timeCursor(t time.Time, id string) string { return t.Format(time.RFC3339Nano) + "_" + id }

// decodeTimeCursor reads a timeCursor ("" for the first page: nil time).
func decodeTimeCursor(cursor string) (*time.Time, string, bool) {
	if cursor == "" {
		return nil, "", true
	}
	at, id, found := strings.Cut(cursor, "_")
	t, err := time.Parse(time.RFC3339Nano, at)
	if !found || err != nil || !domain.IsUUID(id) {
		return nil, "", false
	}
	return &t, id, true
}

// parseTimeCursor is decodeTimeCursor answering 422 itself for a bad cursor.
func parseTimeCursor(c *gin.Context, cursor string) (*time.Time, string, bool) {
	t, id, ok := decodeTimeCursor(cursor)
	if !ok {
		fail(c, domain.InvalidCursor())
	}
	return t, id, ok
}

func (s *server) listParticipants(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	limit, cursor, ok := pageParams(c)
	if !ok || !uuidCursor(c, cursor) {
		return
	}
	if _, err := s.store.GetCampaign(c, id); err != nil {
		fail(c, err)
		return
	}
	var ps []domain.Participant
	var err error
	if status := c.Query("status"); status != "" {
		ps, err = s.store.ListParticipantsWithStatus(c, id, status, cursor, limit+1)
	} else {
		ps, err = s.store.ListParticipants(c, id, cursor, limit+1)
	}
	if err != nil {
		fail(c, err)
		return
	}
	out := pageOf(ps, limit, func(last domain.Participant) string { return last.ID })
	c.JSON(http.StatusOK, out)
}
