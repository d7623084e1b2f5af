package workflows

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// DripClient reaches drip enrollment workflows (drip/{campaignID}/{contactID}).
type DripClient struct{ clientBase }

// NewDripInput is the input of a new enrollment of a contact in a drip
// campaign, with the campaign's steps as they are now.
func NewDripInput(camp domain.DripCampaign, contactID string, enrollment int, origin domain.DripOrigin, start time.Time) DripInput {
	return DripInput{CampaignID: camp.ID, ContactID: contactID, Enrollment: enrollment, Origin: origin,
		StartAt: start, Steps: camp.Steps}
}

func (k DripClient) startOptions(in DripInput, now time.Time) client.StartWorkflowOptions {
	status := domain.DripActive
	if in.StartAt.After(now) {
		status = domain.DripScheduled
	}
	return client.StartWorkflowOptions{
		ID:                       domain.DripWorkflowID(in.CampaignID, in.ContactID),
		TaskQueue:                k.taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			CampaignIDKey.ValueSet(in.CampaignID),
			ContactIDKey.ValueSet(in.ContactID),
			DripStatusKey.ValueSet(string(status)),
		),
	}
}

// Start starts a new enrollment by hand and returns once it is recorded.
// The start update names the request that created the run, so a start that
// reaches an enrollment already running is refused by its validator
// instead of passing for this one.
func (k DripClient) Start(ctx context.Context, in DripInput, requestID, actorID string) (DripUpdateResult, error) {
	in.StartRequestID = requestID
	op := k.temporal.NewWithStartWorkflowOperation(k.startOptions(in, time.Now()), DripWorkflowName, in)
	handle, err := k.temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: op,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateName:   UpdateDripStart,
			Args:         []any{DripStartInput{RequestID: requestID, ActorID: actorID}},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	var res DripUpdateResult
	if err != nil {
		return res, err
	}
	return res, handle.Get(ctx, &res)
}

// Trigger enrolls a contact whose profile met a campaign's trigger: a new
// run starts, or a running enrollment just gets (and ignores) the signal,
// so a contact is enrolled once while its enrollment runs.
func (k DripClient) Trigger(ctx context.Context, in DripInput) error {
	opts := k.startOptions(in, time.Now())
	_, err := k.temporal.SignalWithStartWorkflow(ctx, opts.ID, SignalDripTrigger, in, opts, DripWorkflowName, in)
	return err
}

// DripEndWait bounds how long a new enrollment waits for the removed one's
// workflow to end (it ends right after its remove update returns).
const DripEndWait = 10 * time.Second

// AwaitEnded waits, up to wait, until the enrollment's workflow has closed,
// so that a new enrollment starts a new run instead of reaching the old one
// (a removed enrollment's workflow ends right after its remove update).
func (k DripClient) AwaitEnded(ctx context.Context, campaignID, contactID string, wait time.Duration) error {
	if !k.awaitClosed(ctx, domain.DripWorkflowID(campaignID, contactID), wait) {
		return &domain.ConflictError{Reason: "the previous enrollment is still ending; try again in a moment"}
	}
	return nil
}

// Pause pauses a running enrollment.
func (k DripClient) Pause(ctx context.Context, e domain.DripEnrollment, actorID string) (DripUpdateResult, error) {
	return k.change(ctx, e, UpdateDripPause, DripUpdateInput{ActorID: actorID})
}

// Run resumes a paused enrollment.
func (k DripClient) Run(ctx context.Context, e domain.DripEnrollment, actorID string) (DripUpdateResult, error) {
	return k.change(ctx, e, UpdateDripRun, DripUpdateInput{ActorID: actorID})
}

// Remove halts an enrollment and resets its steps.
func (k DripClient) Remove(ctx context.Context, e domain.DripEnrollment, actorID string) (DripUpdateResult, error) {
	return k.change(ctx, e, UpdateDripRemove, DripUpdateInput{ActorID: actorID})
}

// Skip skips a pending step (1-based).
func (k DripClient) Skip(ctx context.Context, e domain.DripEnrollment, step int, actorID string) (DripUpdateResult, error) {
	return k.change(ctx, e, UpdateDripSkip, DripStepInput{Step: step, ActorID: actorID})
}

// RunAgain runs a done step (1-based) once more.
func (k DripClient) RunAgain(ctx context.Context, e domain.DripEnrollment, step int, actorID string) (DripUpdateResult, error) {
	return k.change(ctx, e, UpdateDripRunAgain, DripStepInput{Step: step, ActorID: actorID})
}

// ErrDripNotRunning says that an enrollment's workflow has closed, so only
// PostgreSQL holds it now.
var ErrDripNotRunning = errors.New("the enrollment's workflow is no longer running")

// change sends a validated update to an enrollment's workflow and waits
// until the workflow has written the change to PostgreSQL. An enrollment
// whose workflow closed answers a conflict naming its status, wrapping
// ErrDripNotRunning.
func (k DripClient) change(ctx context.Context, e domain.DripEnrollment, name string, arg any) (DripUpdateResult, error) {
	var res DripUpdateResult
	err := k.update(ctx, domain.DripWorkflowID(e.CampaignID, e.ContactID), name, arg, &res)
	if NotRunning(err) {
		return res, fmt.Errorf("%w: %w", &domain.ConflictError{Reason: fmt.Sprintf("the enrollment is %s and no longer running", e.Status)}, ErrDripNotRunning)
	}
	return res, err
}

// State queries an enrollment's workflow.
func (k DripClient) State(ctx context.Context, campaignID, contactID string) (DripState, error) {
	var st DripState
	return st, k.query(ctx, domain.DripWorkflowID(campaignID, contactID), &st)
}
