package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// SetOwnerInput gives a participant another owner.
type SetOwnerInput struct {
	CampaignID    string
	ParticipantID string
	OwnerID       string
}

// SetParticipantOwner writes a participant's new owner (idempotent: the
// same owner again changes nothing).
func (a *Activities) SetParticipantOwner(ctx context.Context, in SetOwnerInput) error {
	return permanent(a.Store.SetParticipantOwner(ctx, in.CampaignID, in.ParticipantID, in.OwnerID))
}

// StatusBatchParams are the parameters of an "Update Campaign Participant
// Status" batch process; its items are participant ids.
type StatusBatchParams struct {
	CampaignID string `json:"campaign_id"`
	Status     string `json:"status"`
	ActorID    string `json:"actor_id,omitempty"`
}

func init() {
	RegisterBatchHandler(domain.BatchUpdateParticipantStatus, statusBatch{})
	RegisterBatchHandler(domain.BatchEndRemovedParticipants, BatchHandlerFunc(endRemovedPage))
}

// RemovedBatchParams are the parameters of an "End Removed Campaign
// Participants" batch process; its items are the removed participants' ids.
type RemovedBatchParams struct {
	CampaignID string `json:"campaign_id"`
}

// endRemovedPage signals the page's removed participants' workflows to end
// (signals are harmless to repeat; a finished workflow is skipped).
func endRemovedPage(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	var params RemovedBatchParams
	if err := json.Unmarshal(b.Params, &params); err != nil {
		return nil, &domain.ValidationError{Fields: []domain.FieldError{{Field: "params", Message: err.Error()}}}
	}
	ids := make([]string, len(items))
	out := make([]domain.ItemResult, len(items))
	for i, it := range items {
		ids[i] = it.ItemID
		out[i] = domain.ItemResult{Seq: it.Seq, Status: domain.ItemSucceeded, Message: "removed"}
	}
	if err := a.Starter.RemoveParticipants(ctx, params.CampaignID, ids); err != nil {
		return nil, err
	}
	return out, nil
}

// statusBatch is the batch status update, bulk first: one transaction per
// page moves the page's participants and records the new status's actions,
// then the page's emails and text messages go out (LeadItems); each
// participant's workflow is told behind the pages (FollowItems), or
// started in its new status, so that it stays the owner of its state. A
// refused item is a failed item with the reason.
type statusBatch struct{}

// ProcessItems does a page and tells its workflows at once, as the runs
// recorded before the follower did.
func (statusBatch) ProcessItems(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	out, c, changed, err := leadStatusPage(ctx, a, b, items)
	if err != nil || len(changed) == 0 {
		return out, err
	}
	return out, syncChanged(ctx, a, c, changed)
}

// LeadItems does a page's rows and messages.
func (statusBatch) LeadItems(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	out, _, _, err := leadStatusPage(ctx, a, b, items)
	return out, err
}

// FollowItems tells the workflows of the participants that changed, as
// PostgreSQL holds them now (a later change carries more transitions, and
// the workflow adopts only the newest); a participant removed meanwhile is
// left out.
func (statusBatch) FollowItems(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) error {
	params, err := statusParams(b)
	if err != nil {
		return err
	}
	c, err := a.Store.GetCampaign(ctx, params.CampaignID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil // a deleted campaign has no workflows left to tell
	}
	if err != nil {
		return err
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ItemID
	}
	changed, err := a.Store.ParticipantsByIDs(ctx, c.ID, ids)
	if err != nil {
		return err
	}
	return syncChanged(ctx, a, c, changed)
}

func statusParams(b domain.Batch) (StatusBatchParams, error) {
	var params StatusBatchParams
	if err := json.Unmarshal(b.Params, &params); err != nil {
		return params, &domain.ValidationError{Fields: []domain.FieldError{{Field: "params", Message: err.Error()}}}
	}
	return params, nil
}

// leadStatusPage applies one page of a batch status update and sends its
// messages; it returns the items' outcomes, the campaign and the
// participants that changed.
func leadStatusPage(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, domain.Campaign, []domain.Participant, error) {
	params, err := statusParams(b)
	if err != nil {
		return nil, domain.Campaign{}, nil, err
	}
	c, err := a.Store.GetCampaign(ctx, params.CampaignID)
	if err != nil {
		return nil, c, nil, err
	}
	page := make([]store.BulkStatusItem, len(items))
	for i, it := range items {
		page[i] = store.BulkStatusItem{Seq: it.Seq, ParticipantID: it.ItemID}
	}
	res, err := a.Store.BulkApplyStatus(ctx, c, params.Status, b.ID, params.ActorID, page)
	if err != nil {
		return nil, c, nil, err
	}
	var changed []domain.Participant
	out := make([]domain.ItemResult, len(res.Outcomes))
	for i, o := range res.Outcomes {
		if o.Reason != "" {
			out[i] = domain.ItemResult{Seq: o.Seq, Status: domain.ItemFailed, Message: o.Reason}
			continue
		}
		changed = append(changed, o.Participant)
		out[i] = domain.ItemResult{Seq: o.Seq, Status: domain.ItemSucceeded,
			Message: fmt.Sprintf("now %s", o.Participant.Status),
			Result:  map[string]any{"status": o.Participant.Status, "transitions": o.Participant.Transitions}}
	}
	if _, err := a.send(ctx, res.EmailKeys); err != nil {
		return nil, c, nil, err
	}
	if to, ok := c.Workflow.Status(params.Status); ok && hasDelayedEmail(to.Actions) && len(changed) > 0 {
		a.wakeSender(ctx)
	}
	// The new status's text messages go out like those of a single change.
	if _, err := a.sendParticipantSMS(ctx, idsOf(changed)); err != nil {
		return nil, c, nil, err
	}
	return out, c, changed, nil
}

// syncChanged tells the changed participants' workflows, unless the
// campaign ended meanwhile: it then has no participant workflows to tell.
func syncChanged(ctx context.Context, a *Activities, c domain.Campaign, changed []domain.Participant) error {
	if stage, err := a.Store.CampaignStage(ctx, c.ID); err != nil || stage != domain.StageInProgress {
		return err
	}
	return a.Starter.SyncParticipants(ctx, c, changed)
}
