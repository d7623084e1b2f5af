package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// MaxAddBatch bounds the contacts one request may add, and the participants
// one batch status update may name.
const MaxAddBatch = 10000

// AddParticipantsInput adds contacts by id, or those a predefined filter finds.
type AddParticipantsInput struct {
	ContactIDs []string `json:"contact_ids"`
	FilterID   string   `json:"filter_id"`
}

// Validate checks the input's shape.
func (in AddParticipantsInput) Validate() error {
	var v domain.Validator
	switch {
	case in.FilterID != "" && len(in.ContactIDs) > 0:
		v.Add("body", "give contact_ids or a filter_id, not both")
	case in.FilterID != "":
		v.Check(domain.IsUUID(in.FilterID), "filter_id", "is not a predefined filter id")
	default:
		v.Check(len(in.ContactIDs) > 0, "contact_ids", "list at least one contact")
		v.Check(len(in.ContactIDs) <= MaxAddBatch, "contact_ids", "at most %d contacts per request", MaxAddBatch)
		for i, cid := range in.ContactIDs {
			v.Check(domain.IsUUID(cid), fmt.Sprintf("contact_ids[%d]", i), "is not a contact id")
		}
	}
	return v.Err()
}

// Added says how many contacts joined and how many were there already.
type Added struct {
	Added   int `json:"added"`
	Skipped int `json:"skipped"`
}

// AddParticipants adds contacts to a campaign, their owners following its
// allocation model (a filter needs one, and a role). A running campaign
// initiates the newcomers in its next pass.
func (s *Service) AddParticipants(ctx context.Context, actor domain.User, campaignID string, in AddParticipantsInput) (Added, error) {
	if err := in.Validate(); err != nil {
		return Added{}, err
	}
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return Added{}, err
	}
	var v domain.Validator
	v.Check(camp.ManagerID != "", "manager_id", "the campaign needs a manager before participants can be added")
	if in.FilterID != "" {
		v.Check(camp.AllocationModel != "", "allocation_model", "adding participants with a filter needs the campaign's allocation model")
		v.Check(camp.AllocationRole != "", "allocation_role", "adding participants with a filter needs the campaign's allocation role")
	}
	if err := v.Err(); err != nil {
		return Added{}, err
	}
	if camp.Stage == domain.StageCompleted || camp.Stage == domain.StageCancelled {
		return Added{}, &domain.ConflictError{Reason: "participants cannot be added to a " + string(camp.Stage) + " campaign"}
	}
	if err := camp.VersionStatus.CanEnroll(camp.Version, camp.Stage); err != nil {
		return Added{}, err
	}
	var added int
	if in.FilterID != "" {
		f, err := s.st.GetFilter(ctx, in.FilterID)
		if errors.Is(err, domain.ErrNotFound) {
			return Added{}, fieldError("filter_id", "no such predefined filter")
		} else if err != nil {
			return Added{}, err
		}
		if added, err = s.st.AddParticipantsByFilter(ctx, camp, f, s.maxParts); err != nil {
			return Added{}, err
		}
	} else {
		missing, err := s.st.MissingContacts(ctx, in.ContactIDs)
		if err != nil {
			return Added{}, err
		}
		if len(missing) > 0 {
			return Added{}, fieldError("contact_ids", fmt.Sprintf("unknown contacts: %v", missing))
		}
		if added, err = s.st.AllocateParticipants(ctx, camp, in.ContactIDs, s.maxParts); err != nil {
			return Added{}, err
		}
	}
	if camp.Stage == domain.StageInProgress && added > 0 {
		s.participantsAdded(ctx, campaignID)
	}
	return Added{Added: added, Skipped: max(len(in.ContactIDs)-added, 0)}, nil
}

// participantsAdded tells a running campaign to initiate its newcomers; a
// failure is logged (the next pass, or the next change, finds them).
func (s *Service) participantsAdded(ctx context.Context, campaignID string) {
	if err := s.wf.Campaigns.ParticipantsAdded(detached(ctx), campaignID); err != nil {
		s.log.Warn("could not signal campaign about new participants", "campaign", campaignID, "error", err)
	}
}

// ChangeParticipant changes one participant's status or owner (one at a
// time, so a refusal of one never leaves the other half-written) and
// returns it as it is then. While the participant's workflow runs, the
// change is a validated update on it and its validator decides. With no
// run open, PostgreSQL holds the participant and the domain's rules decide
// on its current state: a participant that should have a workflow gets it
// started in that state and updated (update-with-start); one that should
// not is changed directly where the rules allow it. A refusal thus never
// leaves a new run behind.
func (s *Service) ChangeParticipant(ctx context.Context, actor domain.User, campaignID, pid string, in domain.ParticipantChange) (domain.Participant, error) {
	if err := in.Validate(); err != nil {
		return domain.Participant{}, err
	}
	camp, p, err := s.participantNow(ctx, campaignID, pid)
	if err != nil {
		return p, err
	}
	ctx = detached(ctx)
	if in.OwnerID != nil {
		err = s.changeOwner(ctx, actor, camp, p, *in.OwnerID)
	} else {
		err = s.changeStatus(ctx, actor, camp, p, strings.TrimSpace(*in.Status))
	}
	if err != nil {
		return p, err
	}
	return s.st.GetParticipant(ctx, campaignID, pid)
}

func (s *Service) changeStatus(ctx context.Context, actor domain.User, camp domain.Campaign, p domain.Participant, status string) error {
	target, ok := camp.Workflow.Status(status)
	if !ok {
		return fieldError("status", fmt.Sprintf("%q is not a status of this campaign's workflow", status))
	}
	// The campaign's stage is the campaign workflow's to hold (PostgreSQL has
	// it); the participant's workflow may not have heard of a stage move yet.
	if err := domain.CanChangeParticipantStatus(camp.Stage, p.Status, target.Name); err != nil {
		return err
	}
	in := workflows.StatusUpdateInput{Status: target.Name, ActorID: actor.ID}
	_, err := s.wf.Participants.SetStatus(ctx, camp.ID, p.ID, in)
	if !errors.Is(err, workflows.ErrNoWorkflow) {
		return err
	}
	if camp, p, err = s.participantNow(ctx, camp.ID, p.ID); err != nil {
		return err
	}
	if err := domain.CanChangeParticipantStatus(camp.Stage, p.Status, target.Name); err != nil {
		return err
	}
	if err := domain.CheckNotFinal(camp.Workflow, p.Status); err != nil {
		return err
	}
	_, err = s.wf.Participants.StartAndSetStatus(ctx, camp, p, in)
	return err
}

func (s *Service) changeOwner(ctx context.Context, actor domain.User, camp domain.Campaign, p domain.Participant, ownerID string) error {
	if _, err := s.st.GetUser(ctx, ownerID); err != nil {
		if errors.Is(err, domain.ErrNotFound) {
			return fieldError("owner_id", "no such user")
		}
		return err
	}
	if err := domain.CanChangeParticipants(camp.Stage); err != nil {
		return err
	}
	in := workflows.OwnerUpdateInput{OwnerID: ownerID, ActorID: actor.ID}
	_, err := s.wf.Participants.SetOwner(ctx, camp.ID, p.ID, in)
	if !errors.Is(err, workflows.ErrNoWorkflow) {
		return err
	}
	if camp, p, err = s.participantNow(ctx, camp.ID, p.ID); err != nil {
		return err
	}
	if err := domain.CanChangeOwner(camp.Stage, camp.Workflow, p.Status); err != nil {
		return err
	}
	if runsWorkflow(camp, p) {
		_, err = s.wf.Participants.StartAndSetOwner(ctx, camp, p, in)
		return err
	}
	if err := s.st.SetParticipantOwner(ctx, camp.ID, p.ID, ownerID); err != nil {
		return err
	}
	if camp.Stage == domain.StageInProgress && p.Status == domain.StatusTargeted {
		// Now that it has an owner, the running campaign initiates it.
		s.participantsAdded(ctx, camp.ID)
	}
	return nil
}

// runsWorkflow reports whether a participant is one its workflow should
// run: initiated, not final, in a campaign in progress.
func runsWorkflow(camp domain.Campaign, p domain.Participant) bool {
	return camp.Stage == domain.StageInProgress && p.Status != domain.StatusTargeted && !camp.Workflow.IsFinal(p.Status)
}

// participantNow reads a campaign and participant, the campaign with the
// definition the participant runs: its own version's, when a newer version
// was published since it started.
func (s *Service) participantNow(ctx context.Context, campaignID, pid string) (domain.Campaign, domain.Participant, error) {
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return camp, domain.Participant{}, err
	}
	p, err := s.st.GetParticipant(ctx, campaignID, pid)
	if err != nil {
		return camp, p, err
	}
	if p.Version == 0 || p.Version == camp.Version {
		return camp, p, nil
	}
	v, err := s.st.GetVersion(ctx, camp.ID, p.Version)
	if err != nil {
		return camp, p, err
	}
	camp.Workflow, camp.Version = v.Workflow, v.Version
	return camp, p, nil
}

// RemoveParticipant removes one participant; its workflow, if any, ends.
func (s *Service) RemoveParticipant(ctx context.Context, actor domain.User, campaignID, pid string) error {
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return err
	}
	if _, err := s.st.GetParticipant(ctx, campaignID, pid); err != nil {
		return err
	}
	if err := domain.CanChangeParticipants(camp.Stage); err != nil {
		return err
	}
	if err := s.st.RemoveParticipant(ctx, campaignID, pid); err != nil {
		return err
	}
	if err := s.wf.Participants.Remove(detached(ctx), campaignID, actor.ID, []string{pid}); err != nil {
		s.log.Warn("could not end a removed participant's workflow", "participant", pid, "error", err)
	}
	return nil
}

// RemovedAll says how many participants were removed and which batch ends
// the workflows of those that had one.
type RemovedAll struct {
	Removed        int    `json:"removed"`
	BatchProcessID string `json:"batch_process_id,omitempty"`
}

// RemoveAllParticipants removes every participant of a campaign; their
// workflows end through an "End Removed Campaign Participants" batch
// process, however many there are.
func (s *Service) RemoveAllParticipants(ctx context.Context, actor domain.User, campaignID string) (RemovedAll, error) {
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return RemovedAll{}, err
	}
	if err := domain.CanChangeParticipants(camp.Stage); err != nil {
		return RemovedAll{}, err
	}
	removed, err := s.st.RemoveAllParticipants(ctx, campaignID)
	if err != nil {
		return RemovedAll{}, err
	}
	out := RemovedAll{Removed: removed.Count}
	if len(removed.Initiated) > 0 {
		b, err := s.StartBatch(ctx, actor, domain.BatchEndRemovedParticipants, removedParams(campaignID), removed.Initiated)
		if err != nil {
			return out, err
		}
		out.BatchProcessID = b.ID
	}
	return out, nil
}

// fieldError is a validation error of one field.
func fieldError(field, msg string) error {
	return &domain.ValidationError{Fields: []domain.FieldError{{Field: field, Message: msg}}}
}
