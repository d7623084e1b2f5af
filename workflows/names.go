// Package workflows holds Drumbeat's Temporal workflow code: campaigns and
// their participants. It is deterministic: no I/O, no wall clock, no map
// iteration order; every side effect is an activity.
package workflows

import (
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/errcodec"
)

// Workflow type names, as registered with the worker.
const (
	CampaignWorkflowName      = "CampaignWorkflow"
	ParticipantWorkflowName   = "ParticipantWorkflow"
	DripWorkflowName          = "DripWorkflow"
	BatchWorkflowName         = "BatchWorkflow"
	AudienceSweepWorkflowName = "AudienceSweepWorkflow"
	AudienceSyncWorkflowName  = "AudienceSyncWorkflow"
	DripTriggerWorkflowName   = "DripTriggerWorkflow"
	OutboxSenderWorkflowName  = "OutboxSenderWorkflow"
)

// Update, signal and query names: one style for every workflow. The wire
// name is a kebab-case verb (the workflow type scopes it); the constant is
// Update, Signal or Query, then the workflow, then what it does.
const (
	UpdateCampaignStart             = "start"
	UpdateCampaignComplete          = "complete"
	UpdateCampaignCancel            = "cancel"
	SignalCampaignParticipantsAdded = "participants-added"

	UpdateParticipantStatus        = "set-status"
	UpdateParticipantOwner         = "set-owner"
	SignalParticipantInitiated     = "initiated"
	SignalParticipantCampaignEnded = "campaign-ended"
	SignalParticipantStatusApplied = "status-applied"
	SignalParticipantRemoved       = "removed"

	UpdateDripStart    = "start"
	UpdateDripPause    = "pause"
	UpdateDripRun      = "run"
	UpdateDripRemove   = "remove"
	UpdateDripSkip     = "skip"
	UpdateDripRunAgain = "run-again"
	SignalDripTrigger  = "trigger"

	SignalAudienceSyncChanged = "changed"

	SignalDripTriggerChanged = "changed"
	SignalOutboxSenderWake   = "wake"

	// QueryState answers every workflow's whole state.
	QueryState = "state"
)

// legacyDripNames are the names the drip workflow's updates, signal and
// query had before the names above: a run recorded then carries them in
// its history, so the drip workflow answers to both and such runs replay.
var legacyDripNames = map[string]string{
	UpdateDripStart: "drip-start", UpdateDripPause: "drip-pause", UpdateDripRun: "drip-run",
	UpdateDripRemove: "drip-remove", UpdateDripSkip: "drip-skip", UpdateDripRunAgain: "drip-run-again",
	SignalDripTrigger: "drip-trigger", QueryState: "drip-state",
}

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

// refusal converts a domain error into the non-retryable application error
// the API turns back into it (errcodec, the one codec).
func refusal(err error) error { return errcodec.Encode(err) }
