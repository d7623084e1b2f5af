package domain

import (
	"encoding/json"
	"math"
	"sort"
	"strings"
	"time"
)

// OpportunityStages are the sales stages of an opportunity, in pipeline order.
var OpportunityStages = []string{"Prospecting", "Qualification", "Needs Analysis", "Proposal",
	"Negotiation", "Closed Won", "Closed Lost"}

// opportunityStage returns the stage as spelled in OpportunityStages.
func opportunityStage(s string) (string, bool) {
	for _, st := range OpportunityStages {
		if strings.EqualFold(strings.TrimSpace(s), st) {
			return st, true
		}
	}
	return "", false
}

// StageRank orders pipeline stages; unknown stages come last.
func StageRank(stage string) int {
	for i, st := range OpportunityStages {
		if st == stage {
			return i
		}
	}
	return len(OpportunityStages)
}

// MaxRevenue bounds an opportunity's expected revenue (numeric(14,2)).
const MaxRevenue = 999_999_999_999.99

// Opportunity is a sales opportunity, here one generated from a campaign.
type Opportunity struct {
	ID              string     `json:"id"`
	ContactID       string     `json:"contact_id"`
	CampaignID      string     `json:"campaign_id,omitempty"`
	Description     string     `json:"description"`
	Stage           string     `json:"stage"`
	ExpectedRevenue float64    `json:"expected_revenue"`
	Probability     int        `json:"probability"`
	CloseDate       *time.Time `json:"close_date,omitempty"`
	// Locked is true while a business process (an approval) is in progress:
	// nothing but the lock itself can change.
	Locked    bool      `json:"locked"`
	FirstName string    `json:"first_name"`
	LastName  string    `json:"last_name"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ErrOpportunityLocked refuses an edit of a locked opportunity.
var ErrOpportunityLocked = &ConflictError{Reason: "the opportunity is locked while a business process is in progress: it can be edited once an administrator unlocks it"}

// Editable says whether the opportunity's fields may be edited now: not
// while it is locked (ErrOpportunityLocked says why).
func (o Opportunity) Editable() error {
	if o.Locked {
		return ErrOpportunityLocked
	}
	return nil
}

// ApplyPatch applies a partial update to the opportunity. A locked
// opportunity accepts only a change of the lock itself (who may send
// "locked" is checked by the caller). Every invalid field is reported at
// once, and o is never modified.
func (o Opportunity) ApplyPatch(patch map[string]json.RawMessage) (Opportunity, error) {
	out := o
	var v Validator
	v.Check(len(patch) > 0, "body", "name at least one field to change")
	names := make([]string, 0, len(patch))
	for k := range patch {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		raw := patch[name]
		var err error
		switch name {
		case "description":
			err = decodeString(raw, &out.Description)
			if err == nil {
				v.MaxLen(name, out.Description, MaxDescription)
			}
		case "stage":
			var s string
			if err = decodeString(raw, &s); err == nil {
				st, ok := opportunityStage(s)
				v.Check(ok, name, "must be one of %s", strings.Join(OpportunityStages, ", "))
				out.Stage = st
			}
		case "expected_revenue":
			if isNull(raw) || json.Unmarshal(raw, &out.ExpectedRevenue) != nil {
				err = fieldTypeError("must be a number")
			} else {
				r := out.ExpectedRevenue
				v.Check(r >= 0 && r <= MaxRevenue && !math.IsNaN(r), name, "must be from 0 to %.2f", MaxRevenue)
			}
		case "probability":
			if isNull(raw) || json.Unmarshal(raw, &out.Probability) != nil {
				err = fieldTypeError("must be a whole number")
			} else {
				v.Check(out.Probability >= 0 && out.Probability <= 100, name, "must be from 0 to 100")
			}
		case "close_date":
			out.CloseDate, err = decodeTime(raw)
		case "locked":
			if isNull(raw) || json.Unmarshal(raw, &out.Locked) != nil {
				err = fieldTypeError("must be true or false")
			}
		case "id", "contact_id", "campaign_id", "first_name", "last_name", "created_at", "updated_at":
			err = fieldTypeError("is read-only")
		default:
			err = fieldTypeError("is not an opportunity field")
		}
		if err != nil {
			v.Add(name, "%s", err.Error())
		}
	}
	if err := v.Err(); err != nil {
		return o, err
	}
	if err := o.Editable(); err != nil {
		for name := range patch {
			if name != "locked" {
				return o, err
			}
		}
	}
	return out, nil
}

// StatusCount is one bar of the participants-by-status chart.
type StatusCount struct {
	Status string `json:"status"`
	Count  int    `json:"count"`
}

// PipelineStage is one bar of the pipeline chart.
type PipelineStage struct {
	Stage           string  `json:"stage"`
	Count           int     `json:"count"`
	ExpectedRevenue float64 `json:"expected_revenue"`
}

// OrderStatusCounts orders chart bars as the workflow lists its statuses,
// statuses it does not know last by name, and drops empty bars.
func (d WorkflowDef) OrderStatusCounts(in []StatusCount) []StatusCount {
	rank := func(s string) int {
		for i, st := range d.Statuses {
			if st.Name == s {
				return i
			}
		}
		return len(d.Statuses)
	}
	out := make([]StatusCount, 0, len(in))
	for _, c := range in {
		if c.Count > 0 {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank(out[i].Status), rank(out[j].Status)
		if ri != rj {
			return ri < rj
		}
		return out[i].Status < out[j].Status
	})
	return out
}
