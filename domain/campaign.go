package domain

import (
	"strings"
	"time"
)

// Stage is the overall stage of a campaign. It is never set directly: it
// follows from start, complete and cancel.
type Stage string

// Campaign stages (seed 000).
const (
	StagePlanning   Stage = "planning"
	StageInProgress Stage = "in_progress"
	StageCompleted  Stage = "completed"
	StageCancelled  Stage = "cancelled"
)

// stageMoves lists, for each stage, the stages it may move to.
var stageMoves = map[Stage][]Stage{
	StagePlanning:   {StageInProgress},
	StageInProgress: {StageCompleted, StageCancelled},
	StageCompleted:  {StageInProgress},
	StageCancelled:  nil,
}

// stageRefusals explains the refused moves a user is most likely to try.
var stageRefusals = map[[2]Stage]string{
	{StageCancelled, StageInProgress}:  "a cancelled campaign is final and cannot be restarted",
	{StageCancelled, StageCompleted}:   "a cancelled campaign is final and cannot be completed",
	{StageCompleted, StageCancelled}:   "a completed campaign can be restarted but not cancelled",
	{StageInProgress, StagePlanning}:   "a campaign in progress never returns to planning",
	{StageInProgress, StageInProgress}: "the campaign is already in progress",
	{StagePlanning, StageCompleted}:    "only a campaign in progress can be completed",
	{StagePlanning, StageCancelled}:    "only a campaign in progress can be cancelled; delete a campaign in planning instead",
	{StageCompleted, StageCompleted}:   "the campaign is already completed",
}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool {
	_, ok := stageMoves[s]
	return ok
}

// CanMove returns nil when the campaign may move from s to next, or a
// *TransitionError that says why not.
func (s Stage) CanMove(next Stage) error {
	for _, allowed := range stageMoves[s] {
		if allowed == next {
			return nil
		}
	}
	return &TransitionError{Entity: "campaign", From: string(s), To: string(next), Reason: stageRefusals[[2]Stage{s, next}]}
}

// Priority is a campaign's priority: A, B or C.
type Priority string

// Valid reports whether p is A, B or C.
func (p Priority) Valid() bool { return p == "A" || p == "B" || p == "C" }

// Campaign is a marketing campaign record.
type Campaign struct {
	ID              string      `json:"id"`
	Name            string      `json:"name"`
	Priority        Priority    `json:"priority"`
	Stage           Stage       `json:"stage"`
	ManagerID       string      `json:"manager_id,omitempty"`
	StartDate       *time.Time  `json:"start_date,omitempty"`
	EndDate         *time.Time  `json:"end_date,omitempty"`
	FolderID        string      `json:"folder_id,omitempty"`
	AllocationModel string      `json:"allocation_model,omitempty"`
	AllocationRole  string      `json:"allocation_role,omitempty"`
	Description     string      `json:"description"`
	Security        string      `json:"security"`
	Workflow        WorkflowDef `json:"-"`
	CreatedAt       time.Time   `json:"created_at"`
	UpdatedAt       time.Time   `json:"updated_at"`

	// Version is the current version's number and VersionStatus its status.
	Version       int           `json:"version"`
	VersionStatus VersionStatus `json:"version_status"`
	// TestRecipients receive the email of test participants (test mode).
	TestRecipients []string `json:"test_recipients"`
}

// CampaignInput is what a user may set on a campaign.
type CampaignInput struct {
	Name            string     `json:"name"`
	Priority        Priority   `json:"priority"`
	ManagerID       string     `json:"manager_id"`
	StartDate       *time.Time `json:"start_date"`
	EndDate         *time.Time `json:"end_date"`
	FolderID        string     `json:"folder_id"`
	AllocationModel string     `json:"allocation_model"`
	AllocationRole  string     `json:"allocation_role"`
	Description     string     `json:"description"`
	Security        string     `json:"security"`
}

// Normalize trims the input and fills defaults.
func (in *CampaignInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Priority = Priority(strings.ToUpper(strings.TrimSpace(string(in.Priority))))
	in.Security = strings.ToLower(strings.TrimSpace(in.Security))
	if in.Security == "" {
		in.Security = "public"
	}
}

// Validate checks the input's own fields.
func (in CampaignInput) Validate() error {
	var v Validator
	v.Check(in.Name != "", "name", "is required")
	v.MaxLen("name", in.Name, MaxName)
	v.MaxLen("allocation_role", in.AllocationRole, MaxName)
	v.MaxLen("description", in.Description, MaxDescription)
	v.Check(in.Priority.Valid(), "priority", "must be A, B or C")
	v.Check(in.Security == "public" || in.Security == "private", "security", "must be public or private")
	v.Check(in.ManagerID == "" || IsUUID(in.ManagerID), "manager_id", "must be a user id")
	v.Check(in.FolderID == "" || IsUUID(in.FolderID), "folder_id", "must be a folder id")
	if in.StartDate != nil && in.EndDate != nil && in.EndDate.Before(*in.StartDate) {
		v.Add("end_date", "must not be before start_date")
	}
	if in.AllocationModel != "" {
		v.Check(in.AllocationModel == AllocationCampaignUser, "allocation_model", "must be %q", AllocationCampaignUser)
		v.Check(in.AllocationRole != "", "allocation_role", "is required with an allocation model")
	}
	return v.Err()
}

// AllocationCampaignUser is the preset allocation model: the covering user
// with the chosen role owns the participant, else the campaign manager.
const AllocationCampaignUser = "Campaign User"
