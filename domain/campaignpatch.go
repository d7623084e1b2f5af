package domain

import (
	"bytes"
	"encoding/json"
	"sort"
	"time"
)

// Input returns the user-settable fields of a campaign.
func (c Campaign) Input() CampaignInput {
	return CampaignInput{Name: c.Name, Priority: c.Priority, ManagerID: c.ManagerID, StartDate: c.StartDate,
		EndDate: c.EndDate, FolderID: c.FolderID, AllocationModel: c.AllocationModel,
		AllocationRole: c.AllocationRole, Description: c.Description, Security: c.Security}
}

// campaignReadOnly are fields a campaign shows but no request sets.
var campaignReadOnly = map[string]string{
	"stage":        "is never set directly: use POST .../start, .../complete or .../cancel",
	"id":           "is read-only",
	"created_at":   "is read-only",
	"updated_at":   "is read-only",
	"participants": "is read-only",
	// Versions change through POST .../versions; test recipients through PUT .../settings.
	"version":         "is read-only: use POST .../versions and .../versions/{n}/status",
	"version_status":  "is read-only: use POST .../versions/{n}/status",
	"test_recipients": "is set with PUT .../settings",
}

// ApplyPatch applies a partial update (a JSON object of the fields to change;
// null clears an optional field) to in, normalises and validates the result.
// Every invalid field is reported at once, and in is never modified.
func (in CampaignInput) ApplyPatch(patch map[string]json.RawMessage) (CampaignInput, error) {
	out := in
	var v Validator
	v.Check(len(patch) > 0, "body", "name at least one field to change")
	names := make([]string, 0, len(patch))
	for k := range patch {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		raw := patch[name]
		if msg, ok := campaignReadOnly[name]; ok {
			v.Add(name, "%s", msg)
			continue
		}
		var err error
		switch name {
		case "name":
			err = decodeString(raw, &out.Name)
		case "priority":
			var s string
			err = decodeString(raw, &s)
			out.Priority = Priority(s)
		case "manager_id":
			err = decodeString(raw, &out.ManagerID)
		case "folder_id":
			err = decodeString(raw, &out.FolderID)
		case "allocation_model":
			err = decodeString(raw, &out.AllocationModel)
		case "allocation_role":
			err = decodeString(raw, &out.AllocationRole)
		case "description":
			err = decodeString(raw, &out.Description)
		case "security":
			err = decodeString(raw, &out.Security)
		case "start_date":
			out.StartDate, err = decodeTime(raw)
		case "end_date":
			out.EndDate, err = decodeTime(raw)
		default:
			v.Add(name, "is not a campaign field")
			continue
		}
		if err != nil {
			v.Add(name, "%s", err.Error())
		}
	}
	if err := v.Err(); err != nil {
		return in, err
	}
	out.Normalize()
	if err := out.Validate(); err != nil {
		return in, err
	}
	return out, nil
}

type fieldTypeError string

func (e fieldTypeError) Error() string { return string(e) }

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// decodeString reads a JSON string; null means "".
func decodeString(raw json.RawMessage, dst *string) error {
	if isNull(raw) {
		*dst = ""
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fieldTypeError("must be a string")
	}
	return nil
}

// decodeTime reads an RFC 3339 date-time or a plain date (2006-01-02); null clears it.
func decodeTime(raw json.RawMessage) (*time.Time, error) {
	if isNull(raw) {
		return nil, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fieldTypeError("must be a date such as 2026-03-01")
	}
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t, nil
		}
	}
	return nil, fieldTypeError("must be a date such as 2026-03-01")
}

// CanDelete allows deleting a campaign in planning, completed or cancelled;
// one in progress must be completed or cancelled first.
func (s Stage) CanDelete() error {
	if s == StageInProgress {
		return &ConflictError{Reason: "a campaign in progress cannot be deleted: complete or cancel it first"}
	}
	return nil
}
