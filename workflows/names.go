// Package workflows holds Drumbeat's Temporal workflow code: campaigns and
// their participants. It is deterministic: no I/O, no wall clock, no map
// iteration order; every side effect is an activity.
package workflows

import (
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Workflow type names, as registered with the worker.
const (
	CampaignWorkflowName    = "CampaignWorkflow"
	ParticipantWorkflowName = "ParticipantWorkflow"
)

// Update, signal and query names.
const (
	UpdateStartCampaign     = "start"
	UpdateCompleteCampaign  = "complete"
	UpdateCancelCampaign    = "cancel"
	UpdateParticipantStatus = "set-status"
	SignalParticipantsAdded = "participants-added"
	SignalInitiated         = "initiated"
	SignalCampaignEnded     = "campaign-ended"
	UpdateParticipantOwner  = "set-owner"
	SignalStatusApplied     = "status-applied"
	SignalRemoved           = "removed"
	QueryState              = "state"
)

// Search attributes an operator filters on in Temporal Web.
var (
	CampaignIDKey        = temporal.NewSearchAttributeKeyKeyword("CampaignId")
	CampaignStageKey     = temporal.NewSearchAttributeKeyKeyword("CampaignStage")
	ParticipantStatusKey = temporal.NewSearchAttributeKeyKeyword("ParticipantStatus")
	ContactIDKey         = temporal.NewSearchAttributeKeyKeyword("ContactId")
)

// SearchAttributes lists every custom search attribute Drumbeat's
// workflows carry; `drumbeat migrate` and the worker create those a
// namespace lacks.
var SearchAttributes = []temporal.SearchAttributeKey{CampaignIDKey, CampaignStageKey, ParticipantStatusKey, ContactIDKey, DripStatusKey}

// refusal converts a domain error into a non-retryable application error
// whose type the API maps back to an HTTP status.
func refusal(err error) error {
	var te *domain.TransitionError
	if errors.As(err, &te) {
		return temporal.NewNonRetryableApplicationError(te.Error(), domain.ErrTypeTransition, nil)
	}
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return temporal.NewNonRetryableApplicationError(ve.Error(), domain.ErrTypeValidation, nil)
	}
	return err
}
