package domain

import (
	"encoding/json"
	"time"
)

// BatchStatus is the state of a batch process.
type BatchStatus string

// Batch process statuses.
const (
	BatchPending   BatchStatus = "pending"
	BatchRunning   BatchStatus = "running"
	BatchCompleted BatchStatus = "completed"
	BatchFailed    BatchStatus = "failed"
)

// ItemStatus is the outcome of one item of a batch process.
type ItemStatus string

// Batch item outcomes.
const (
	ItemPending   ItemStatus = "pending"
	ItemSucceeded ItemStatus = "succeeded"
	ItemFailed    ItemStatus = "failed"
	ItemSkipped   ItemStatus = "skipped"
)

// Batch is a batch process: one bulk operation over a list of items (for
// example "Update Campaign Participant Status"), with its progress.
type Batch struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Status     BatchStatus     `json:"status"`
	Params     json.RawMessage `json:"params"`
	Total      int             `json:"total"`
	Succeeded  int             `json:"succeeded"`
	Failed     int             `json:"failed"`
	Skipped    int             `json:"skipped"`
	Error      string          `json:"error,omitempty"`
	CreatedBy  string          `json:"created_by,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	StartedAt  *time.Time      `json:"started_at,omitempty"`
	FinishedAt *time.Time      `json:"finished_at,omitempty"`
}

// Done counts the items that have an outcome.
func (b Batch) Done() int { return b.Succeeded + b.Failed + b.Skipped }

// BatchItem is one item of a batch process and its outcome.
type BatchItem struct {
	Seq     int             `json:"seq"`
	ItemID  string          `json:"item_id"`
	Status  ItemStatus      `json:"status"`
	Message string          `json:"message,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
}

// ItemResult is what a batch handler reports for one item.
type ItemResult struct {
	Seq     int
	Status  ItemStatus
	Message string
	Result  any
}

// BatchKey is the idempotency key of a batch item's side effect.
func BatchKey(batchID string, seq int) string {
	return "batch/" + batchID + "/item/" + itoa(seq)
}

// BatchWorkflowID is the deterministic id of a batch process's workflow.
func BatchWorkflowID(batchID string) string { return "batch/" + batchID }
