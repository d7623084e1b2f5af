package domain

import "time"

// DripEnrollment is one contact's enrollment in a drip campaign, as the
// partner campaign list shows it.
type DripEnrollment struct {
	CampaignID   string     `json:"campaign_id"`
	CampaignName string     `json:"campaign_name"`
	ContactID    string     `json:"contact_id"`
	Enrollment   int        `json:"enrollment"`
	Origin       DripOrigin `json:"origin"`
	Status       DripStatus `json:"status"`
	StartDate    time.Time  `json:"start_date"`
	// FinishDate is when the enrollment finished or was removed, or, while it
	// runs, when its last step is due.
	FinishDate *time.Time `json:"finish_date,omitempty"`
	StepsTotal int        `json:"steps_total"`
	StepsDone  int        `json:"steps_done"`
	UpdatedAt  time.Time  `json:"updated_at"`
	// UnsubscribedAt is when the contact unsubscribed through a link of
	// this drip campaign: its emails are suppressed from then on.
	UnsubscribedAt *time.Time `json:"unsubscribed_at,omitempty"`
}

// DripStepState is one step of an enrollment: done (with its time), pending
// (with its due time) or skipped.
type DripStepState struct {
	Step      int            `json:"step"`
	Name      string         `json:"name"`
	Action    DripActionKind `json:"action"`
	Status    StepStatus     `json:"status"`
	DueAt     *time.Time     `json:"due_at,omitempty"`
	DoneAt    *time.Time     `json:"done_at,omitempty"`
	LastRunAt *time.Time     `json:"last_run_at,omitempty"`
	Runs      int            `json:"runs"`
	// Result is what the last run did with its message: "sent",
	// "suppressed: REASON" or "failed: ..." ("" for a task, or before a run).
	Result string `json:"result,omitempty"`
}
