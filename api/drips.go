package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// contactDripRoutes serve a contact's partner campaign list. Reading needs a
// signed-in user; starting and changing enrollments needs Marketing.
func (s *server) contactDripRoutes(g *gin.RouterGroup) {
	marketing := require(domain.PrivMarketing)
	g.GET("/:id/drips", s.listDrips)
	g.GET("/:id/drips/available", s.availableDrips)
	g.POST("/:id/drips", marketing, s.startDrip)
	g.DELETE("/:id/drips", marketing, s.deleteSelectedDrips)
	g.GET("/:id/drips/:campaignID", s.getDrip)
	g.GET("/:id/drips/:campaignID/steps", s.dripSteps)
	g.POST("/:id/drips/:campaignID/pause", marketing, s.dripStatusUpdate(workflows.UpdateDripPause,
		func(st domain.DripStatus) error { return st.CanMove(domain.DripPaused) }))
	g.POST("/:id/drips/:campaignID/run", marketing, s.dripStatusUpdate(workflows.UpdateDripRun,
		func(st domain.DripStatus) error { return st.CanResume() }))
	g.POST("/:id/drips/:campaignID/remove", marketing, s.removeDrip)
	g.POST("/:id/drips/:campaignID/steps/:step/skip", marketing, s.dripStepUpdate(workflows.UpdateDripSkip,
		func(st domain.StepStatus) error { return st.CanSkip() }))
	g.POST("/:id/drips/:campaignID/steps/:step/run-again", marketing, s.dripStepUpdate(workflows.UpdateDripRunAgain,
		func(st domain.StepStatus) error { return st.CanRunAgain() }))
}

// contactID reads the contact path parameter and checks the contact exists.
func (s *server) contactID(c *gin.Context) (string, bool) {
	id, ok := pathID(c, "id")
	if !ok {
		return "", false
	}
	if _, err := s.store.GetContact(c, id); err != nil {
		fail(c, err)
		return "", false
	}
	return id, true
}

func (s *server) listDrips(c *gin.Context) {
	id, ok := s.contactID(c)
	if !ok {
		return
	}
	list, err := s.store.ListDripEnrollments(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": list,
		"note": "pause keeps an enrollment and stops its trigger from restarting it; remove resets it, and its trigger may start it again"})
}

func (s *server) availableDrips(c *gin.Context) {
	id, ok := s.contactID(c)
	if !ok {
		return
	}
	list, err := s.store.AvailableDripCampaigns(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": list})
}

// enrollment reads the contact and drip campaign path parameters and the
// contact's enrollment in that campaign.
func (s *server) enrollment(c *gin.Context) (domain.DripEnrollment, bool) {
	id, ok := pathID(c, "id")
	if !ok {
		return domain.DripEnrollment{}, false
	}
	cid, ok := pathID(c, "campaignID")
	if !ok {
		return domain.DripEnrollment{}, false
	}
	e, err := s.store.GetDripEnrollment(c, cid, id)
	if err != nil {
		fail(c, err)
		return e, false
	}
	return e, true
}

func (s *server) getDrip(c *gin.Context) {
	if e, ok := s.enrollment(c); ok {
		c.JSON(http.StatusOK, e)
	}
}

func (s *server) dripSteps(c *gin.Context) {
	e, ok := s.enrollment(c)
	if !ok {
		return
	}
	s.writeSteps(c, e)
}

func (s *server) writeSteps(c *gin.Context, e domain.DripEnrollment) {
	steps, err := s.store.DripSteps(c, e.CampaignID, e.ContactID)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"enrollment": e, "items": steps})
}

func (s *server) writeEnrollment(c *gin.Context, status int, campaignID, contactID string) {
	e, err := s.store.GetDripEnrollment(c, campaignID, contactID)
	reply(c, status, e, err)
}

// startDripInput is the body of POST /contacts/{id}/drips.
type startDripInput struct {
	CampaignID string `json:"campaign_id"`
	StartDate  string `json:"start_date"`
}

// startDrip starts a drip campaign for a contact by hand: a start date in the
// past begins at once, a future one leaves the enrollment scheduled.
func (s *server) startDrip(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in startDripInput
	if !bind(c, &in) {
		return
	}
	var v domain.Validator
	v.Check(domain.IsUUID(in.CampaignID), "campaign_id", "is not a drip campaign id")
	start, err := domain.ParseStartDate(in.StartDate, time.Now().UTC())
	var bad *domain.ValidationError
	if errors.As(err, &bad) {
		for _, f := range bad.Fields {
			v.Add(f.Field, "%s", f.Message)
		}
	}
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	if _, err := s.store.GetContact(c, id); err != nil {
		fail(c, err)
		return
	}
	camp, err := s.store.GetDripCampaign(c, in.CampaignID)
	if errors.Is(err, domain.ErrNotFound) {
		invalid(c, domain.FieldError{Field: "campaign_id", Message: "no such drip campaign"})
		return
	}
	if err != nil {
		fail(c, err)
		return
	}
	if !camp.Active {
		fail(c, &domain.ConflictError{Reason: "the drip campaign is not active"})
		return
	}
	next, err := s.nextEnrollment(c, camp.ID, id)
	if err != nil {
		fail(c, err)
		return
	}
	ctx := detached(c)
	if err := s.awaitEnded(ctx, camp.ID, id, next); err != nil {
		fail(c, err)
		return
	}
	input := dripInput(camp, id, next, domain.DripManual, start)
	input.StartRequestID = uuid.NewString()
	op := s.temporal.NewWithStartWorkflowOperation(s.dripStartOptions(input), workflows.DripWorkflowName, input)
	handle, err := s.temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: op,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateName:   workflows.UpdateDripStart,
			Args:         []any{workflows.DripStartInput{RequestID: input.StartRequestID, ActorID: currentUser(c).ID}},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	if err == nil {
		err = handle.Get(ctx, nil)
	}
	if err != nil {
		fail(c, err)
		return
	}
	s.writeEnrollment(c, http.StatusCreated, camp.ID, id)
}

// nextEnrollment returns the number of a new enrollment, or the refusal when
// the contact's current one still runs or finished.
func (s *server) nextEnrollment(ctx context.Context, campaignID, contactID string) (int, error) {
	e, err := s.store.GetDripEnrollment(ctx, campaignID, contactID)
	if errors.Is(err, domain.ErrNotFound) {
		return 1, nil
	}
	if err != nil {
		return 0, err
	}
	if err := e.Status.CanStart(); err != nil {
		return 0, err
	}
	return e.Enrollment + 1, nil
}

// endWait bounds how long a new enrollment waits for the removed one's
// workflow to end (it ends right after its remove update returns).
const endWait = 10 * time.Second

// awaitEnded waits until the workflow of a removed enrollment has ended, so
// that a new enrollment starts a new run instead of reaching the old one.
func (s *server) awaitEnded(ctx context.Context, campaignID, contactID string, next int) error {
	if next == 1 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, endWait)
	defer cancel()
	err := s.temporal.GetWorkflow(ctx, domain.DripWorkflowID(campaignID, contactID), "").Get(ctx, nil)
	if ctx.Err() != nil {
		return &domain.ConflictError{Reason: "the previous enrollment is still ending; try again in a moment"}
	}
	var nf *serviceerror.NotFound
	if err != nil && !errors.As(err, &nf) {
		slog.Warn("previous drip enrollment ended with an error", "campaign", campaignID, "contact", contactID, "error", err)
	}
	return nil
}

func dripInput(camp domain.DripCampaign, contactID string, enrollment int, origin domain.DripOrigin, start time.Time) workflows.DripInput {
	return workflows.DripInput{CampaignID: camp.ID, ContactID: contactID, Enrollment: enrollment, Origin: origin,
		StartAt: start, Steps: camp.Steps}
}

func (s *server) dripStartOptions(in workflows.DripInput) client.StartWorkflowOptions {
	status := domain.DripActive
	if in.StartAt.After(time.Now()) {
		status = domain.DripScheduled
	}
	return client.StartWorkflowOptions{
		ID:                       domain.DripWorkflowID(in.CampaignID, in.ContactID),
		TaskQueue:                s.taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			workflows.CampaignIDKey.ValueSet(in.CampaignID),
			workflows.ContactIDKey.ValueSet(in.ContactID),
			workflows.DripStatusKey.ValueSet(string(status)),
		),
	}
}

// enrollTriggered enrolls a contact that was just created or changed in every
// active drip campaign whose trigger criteria it meets, unless its enrollment
// there runs, is paused or finished. A running workflow only receives the
// signal (and ignores it), so a contact is enrolled once while active.
// It returns the ids of the campaigns it started; failures are logged, the
// contact change itself stands.
func (s *server) enrollTriggered(c *gin.Context, p domain.ContactProfile) []string {
	started := []string{}
	ctx := detached(c)
	camps, err := s.store.TriggeredDripCampaigns(ctx)
	if err != nil {
		logger(c).Error("drip triggers not evaluated", "contact", p.ID, "error", err)
		return started
	}
	for _, camp := range camps {
		if camp.Trigger == nil || !camp.Trigger.Matches(p) {
			continue
		}
		var current domain.DripStatus
		e, err := s.store.GetDripEnrollment(ctx, camp.ID, p.ID)
		if err == nil {
			current = e.Status
		} else if !errors.Is(err, domain.ErrNotFound) {
			logger(c).Error("drip trigger not evaluated", "contact", p.ID, "campaign", camp.ID, "error", err)
			continue
		}
		if !camp.Trigger.Enrolls(p, current) {
			continue
		}
		if err := s.awaitEnded(ctx, camp.ID, p.ID, e.Enrollment+1); err != nil {
			logger(c).Error("drip trigger could not start the enrollment", "contact", p.ID, "campaign", camp.ID, "error", err)
			continue
		}
		input := dripInput(camp, p.ID, e.Enrollment+1, domain.DripTriggered, time.Now().UTC())
		opts := s.dripStartOptions(input)
		_, err = s.temporal.SignalWithStartWorkflow(ctx, opts.ID, workflows.SignalDripTrigger, input, opts, workflows.DripWorkflowName, input)
		if err != nil {
			logger(c).Error("drip trigger could not start the enrollment", "contact", p.ID, "campaign", camp.ID, "error", err)
			continue
		}
		started = append(started, camp.ID)
	}
	return started
}
