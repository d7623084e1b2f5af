package api

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// updateDrip sends a validated update to an enrollment's workflow and waits
// until the workflow has written the change to PostgreSQL.
func (s *server) updateDrip(c *gin.Context, e domain.DripEnrollment, name string, arg any) error {
	ctx := detached(c)
	handle, err := s.temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   domain.DripWorkflowID(e.CampaignID, e.ContactID),
		UpdateName:   name,
		Args:         []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = handle.Get(ctx, nil)
	}
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return &domain.ConflictError{Reason: fmt.Sprintf("the enrollment is %s and no longer running", e.Status)}
	}
	return err
}

// dripStatusUpdate answers pause and run: the same rule the workflow's
// validator applies refuses a move up front (409) without calling Temporal.
func (s *server) dripStatusUpdate(update string, check func(domain.DripStatus) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		e, ok := s.enrollment(c)
		if !ok {
			return
		}
		if err := check(e.Status); err != nil {
			fail(c, err)
			return
		}
		if err := s.updateDrip(c, e, update, workflows.DripUpdateInput{ActorID: currentUser(c).ID}); err != nil {
			fail(c, err)
			return
		}
		s.writeEnrollment(c, http.StatusOK, e.CampaignID, e.ContactID)
	}
}

func (s *server) removeDrip(c *gin.Context) {
	e, ok := s.enrollment(c)
	if !ok {
		return
	}
	if err := s.remove(c, e); err != nil {
		fail(c, err)
		return
	}
	s.writeEnrollment(c, http.StatusOK, e.CampaignID, e.ContactID)
}

// remove halts an enrollment through its workflow. A finished enrollment
// whose workflow has ended is a plain record: it is marked removed directly.
func (s *server) remove(c *gin.Context, e domain.DripEnrollment) error {
	if err := e.Status.CanMove(domain.DripRemoved); err != nil {
		return err
	}
	err := s.updateDrip(c, e, workflows.UpdateDripRemove, workflows.DripUpdateInput{ActorID: currentUser(c).ID})
	var ce *domain.ConflictError
	if errors.As(err, &ce) && e.Status == domain.DripFinished {
		return s.store.SetDripStatus(c, e.CampaignID, e.ContactID, e.Enrollment, domain.DripRemoved, time.Now().UTC())
	}
	return err
}

// dripStepUpdate answers skip and run-again on a 1-based step number.
func (s *server) dripStepUpdate(update string, check func(domain.StepStatus) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		e, ok := s.enrollment(c)
		if !ok {
			return
		}
		step, ok := pathInt(c, "step", "step number", maxInt4)
		if !ok {
			return
		}
		n := int(step)
		if n > e.StepsTotal {
			problem(c, http.StatusNotFound, "not-found", "Not found", fmt.Sprintf("the enrollment has no step %d", n))
			return
		}
		steps, err := s.store.DripSteps(c, e.CampaignID, e.ContactID)
		if err != nil {
			fail(c, err)
			return
		}
		if err := check(steps[n-1].Status); err != nil {
			fail(c, err)
			return
		}
		if e.Status == domain.DripRemoved {
			fail(c, &domain.ConflictError{Reason: "the enrollment was removed; start it again first"})
			return
		}
		if err := s.updateDrip(c, e, update, workflows.DripStepInput{Step: n, ActorID: currentUser(c).ID}); err != nil {
			fail(c, err)
			return
		}
		s.writeSteps(c, e)
	}
}

// deleteSelectedInput is the body of DELETE /contacts/{id}/drips: the drip
// campaign ids whose enrollments to stop.
type deleteSelectedInput struct {
	IDs []string `json:"ids"`
}

// deleteSelectedDrips stops several enrollments in one call. Every id is
// checked first, so an unknown one stops none of them.
func (s *server) deleteSelectedDrips(c *gin.Context) {
	id, ok := s.contactID(c)
	if !ok {
		return
	}
	var in deleteSelectedInput
	if !bind(c, &in) {
		return
	}
	var v domain.Validator
	v.Check(len(in.IDs) > 0, "ids", "list at least one drip campaign id")
	v.Check(len(in.IDs) <= 100, "ids", "at most 100 per request")
	for i, cid := range in.IDs {
		v.Check(domain.IsUUID(cid), fmt.Sprintf("ids[%d]", i), "is not a drip campaign id")
	}
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	var todo []domain.DripEnrollment
	var missing []string
	seen := map[string]bool{}
	for _, cid := range in.IDs {
		if seen[cid] {
			continue
		}
		seen[cid] = true
		e, err := s.store.GetDripEnrollment(c, cid, id)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			missing = append(missing, cid)
		case err != nil:
			fail(c, err)
			return
		default:
			todo = append(todo, e)
		}
	}
	if len(missing) > 0 {
		invalid(c, domain.FieldError{Field: "ids", Message: fmt.Sprintf("the contact has no enrollment in %v", missing)})
		return
	}
	removed, already := []string{}, []string{}
	for _, e := range todo {
		if e.Status == domain.DripRemoved {
			already = append(already, e.CampaignID)
			continue
		}
		if err := s.remove(c, e); err != nil {
			fail(c, err)
			return
		}
		removed = append(removed, e.CampaignID)
	}
	c.JSON(http.StatusOK, gin.H{"removed": removed, "already_removed": already})
}
