package domain

import (
	"fmt"
	"strings"
	"time"
)

// VersionStatus is the status of one campaign version (seed 004).
type VersionStatus string

// Campaign version statuses, in their natural order.
const (
	VersionDraft     VersionStatus = "Draft"
	VersionTest      VersionStatus = "Test"
	VersionPublished VersionStatus = "Published"
	VersionSundown   VersionStatus = "Sundown"
	VersionDeleted   VersionStatus = "Deleted"
)

// versionMoves lists, for each version status, the statuses it may move to.
var versionMoves = map[VersionStatus][]VersionStatus{
	VersionDraft:     {VersionTest, VersionPublished, VersionDeleted},
	VersionTest:      {VersionPublished, VersionDeleted},
	VersionPublished: {VersionSundown, VersionDeleted},
	VersionSundown:   {VersionPublished, VersionDeleted},
	VersionDeleted:   nil,
}

// versionRefusals explains the refused moves a user is most likely to try.
var versionRefusals = map[[2]VersionStatus]string{
	{VersionPublished, VersionDraft}: "a published version never returns to draft: create a new version instead",
	{VersionPublished, VersionTest}:  "a published version never returns to test: create a new version instead",
	{VersionSundown, VersionDraft}:   "a sundown version can only be republished or deleted",
	{VersionSundown, VersionTest}:    "a sundown version can only be republished or deleted",
	{VersionTest, VersionDraft}:      "a test version can only be published or deleted",
	{VersionTest, VersionSundown}:    "only a published version can be sundown",
	{VersionDraft, VersionSundown}:   "only a published version can be sundown",
}

// ParseVersionStatus reads a status name, case-insensitively.
func ParseVersionStatus(s string) (VersionStatus, bool) {
	for st := range versionMoves {
		if strings.EqualFold(string(st), strings.TrimSpace(s)) {
			return st, true
		}
	}
	return "", false
}

// CanMove returns nil when a version may move from s to next, or a
// *TransitionError that says why not.
func (s VersionStatus) CanMove(next VersionStatus) error {
	for _, allowed := range versionMoves[s] {
		if allowed == next {
			return nil
		}
	}
	reason := versionRefusals[[2]VersionStatus{s, next}]
	switch {
	case s == VersionDeleted:
		reason = "a deleted version is read-only for ever and cannot be undeleted"
	case s == next:
		reason = "the version is already " + string(s)
	}
	return &TransitionError{Entity: "campaign version", From: string(s), To: string(next), Reason: reason}
}

// Moves lists the statuses a version in status s may move to, in their
// natural order (the transition table; CheckVersionMove adds the rules
// beyond it).
func (s VersionStatus) Moves() []VersionStatus {
	return append([]VersionStatus(nil), versionMoves[s]...)
}

// ErrCampaignDeleted refuses any change to a deleted campaign (every version
// Deleted): it is read-only for ever.
var ErrCampaignDeleted = &ConflictError{Reason: "the campaign is deleted: it is read-only for ever and cannot be undeleted"}

// CampaignWritable returns nil when a campaign whose current version is in
// status s may change, and ErrCampaignDeleted when it is deleted.
func (s VersionStatus) CampaignWritable() error {
	if s == VersionDeleted {
		return ErrCampaignDeleted
	}
	return nil
}

// Editable returns nil when the definition (workflow statuses, audience,
// fields) of a version in status s may change: only Draft and Test.
func (s VersionStatus) Editable(version int) error {
	switch s {
	case VersionDraft, VersionTest:
		return nil
	case VersionDeleted:
		return &ConflictError{Reason: fmt.Sprintf("version %d is deleted: it is read-only for ever", version)}
	}
	return &ConflictError{Reason: fmt.Sprintf("version %d is %s: its definition is frozen; create a new version (POST .../versions) to change it", version, s)}
}

// CanEnroll returns nil when new participants may join a campaign whose
// current version is in status s and whose stage is stage. A Draft holds
// Targeted participants of a campaign in planning only (nothing runs);
// Test and Published enroll; Sundown and Deleted enroll nobody.
func (s VersionStatus) CanEnroll(version int, stage Stage) error {
	switch s {
	case VersionTest, VersionPublished:
		return nil
	case VersionDraft:
		if stage == StagePlanning {
			return nil
		}
		return &ConflictError{Reason: fmt.Sprintf("version %d is a draft: publish it (or move it to test) before new participants can join", version)}
	case VersionSundown:
		return &ConflictError{Reason: fmt.Sprintf("version %d is sundown: nothing new enrolls; republish it to enroll again", version)}
	}
	return &ConflictError{Reason: fmt.Sprintf("version %d is deleted: the campaign is read-only", version)}
}

// LeadIntake says whether a campaign whose current version is in status s
// takes a new lead, and whether that lead is a test lead. A Draft holds no
// leads; Sundown and Deleted take nothing new.
func (s VersionStatus) LeadIntake(version int) (test bool, err error) {
	switch s {
	case VersionPublished:
		return false, nil
	case VersionTest:
		return true, nil
	case VersionDraft:
		return false, &ConflictError{Reason: fmt.Sprintf("version %d is a draft: it holds no leads; move it to test or publish it first", version)}
	case VersionSundown:
		return false, &ConflictError{Reason: fmt.Sprintf("version %d is sundown: the campaign takes no new leads", version)}
	}
	return false, &ConflictError{Reason: fmt.Sprintf("version %d is deleted: the campaign is read-only", version)}
}

// StartMove says what starting a campaign does to its current version in
// status s: a Draft is published as part of the start (the start is the
// user's "go live"), Test starts in test mode, Published starts as it is;
// Sundown and Deleted cannot start.
func (s VersionStatus) StartMove(version int) (publish bool, err error) {
	switch s {
	case VersionDraft:
		return true, nil
	case VersionTest, VersionPublished:
		return false, nil
	}
	return false, &ConflictError{Reason: fmt.Sprintf("version %d is %s: a campaign starts only from a draft, test or published version", version, s)}
}

// CanCopy returns nil when a new Draft may be created from the current
// version in status s: only a Published or Sundown version is copied (a
// Draft or Test version is still editable itself).
func (s VersionStatus) CanCopy(version int) error {
	switch s {
	case VersionPublished, VersionSundown:
		return nil
	case VersionDeleted:
		return &ConflictError{Reason: "the campaign is deleted: it is read-only for ever"}
	}
	return &ConflictError{Reason: fmt.Sprintf("version %d is %s and still editable: edit it instead of creating a new version", version, s)}
}

// CheckVersionMove applies the rules of a version status change beyond the
// transition table: only the current version changes status, except that an
// older version may always be deleted; deleting the last live version of a
// campaign in progress is refused (complete or cancel it first).
func CheckVersionMove(v CampaignVersion, to VersionStatus, current int, stage Stage, liveVersions int) error {
	if err := v.Status.CanMove(to); err != nil {
		return err
	}
	if v.Version != current && to != VersionDeleted {
		return &TransitionError{Entity: "campaign version", From: string(v.Status), To: string(to),
			Reason: fmt.Sprintf("only the current version (%d) changes status; an older version can only be deleted", current)}
	}
	if to == VersionDeleted && liveVersions <= 1 && stage == StageInProgress {
		return &TransitionError{Entity: "campaign version", From: string(v.Status), To: string(to),
			Reason: "this is the campaign's last version and the campaign is in progress: complete or cancel it first"}
	}
	return nil
}

// CampaignVersion is one numbered version of a campaign with its frozen definition.
type CampaignVersion struct {
	CampaignID  string        `json:"campaign_id"`
	Version     int           `json:"version"`
	Status      VersionStatus `json:"status"`
	Current     bool          `json:"current"`
	Workflow    WorkflowDef   `json:"workflow"`
	Audience    Audience      `json:"audience"`
	Fields      []Field       `json:"fields"`
	CreatedAt   time.Time     `json:"created_at"`
	StatusSince time.Time     `json:"status_since"`
	PublishedAt *time.Time    `json:"published_at,omitempty"`
}

// Field is a custom field of a campaign version.
type Field struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Required bool   `json:"required"`
}

var fieldTypes = map[string]bool{"text": true, "number": true, "date": true, "boolean": true}

// NormalizeFields trims names and lower-cases types.
func NormalizeFields(in []Field) []Field {
	out := make([]Field, len(in))
	for i, f := range in {
		f.Name = strings.TrimSpace(f.Name)
		f.Type = strings.ToLower(strings.TrimSpace(f.Type))
		out[i] = f
	}
	return out
}

// ValidateFields checks a version's custom fields.
func ValidateFields(fields []Field) error {
	var v Validator
	seen := map[string]bool{}
	for i, f := range fields {
		p := fmt.Sprintf("fields[%d]", i)
		v.Check(f.Name != "", p+".name", "is required")
		v.MaxLen(p+".name", f.Name, MaxLabel)
		v.Check(!seen[strings.ToLower(f.Name)], p+".name", "%q appears twice", f.Name)
		seen[strings.ToLower(f.Name)] = true
		v.Check(fieldTypes[f.Type], p+".type", "must be text, number, date or boolean")
	}
	v.Check(len(fields) <= 200, "fields", "at most 200 fields")
	return v.Err()
}
