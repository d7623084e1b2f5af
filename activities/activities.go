// Package activities holds Drumbeat's Temporal activities: every side effect
// of a workflow (PostgreSQL writes, email, workflow fan-out). Each one is
// idempotent: its effects carry a key stored under a unique constraint.
package activities

import (
	"context"
	"log/slog"
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/errcodec"
	"github.com/drumbeat-crm/drumbeat/store"
)

// ParticipantStarter starts and signals participant workflows on behalf of
// the bulk activities; the worker package provides it with a Temporal client.
type ParticipantStarter interface {
	// StartParticipants starts (SignalWithStart) the workflow of each
	// participant. A closed run of a participant's workflow is followed by a
	// new one only on a restart of a completed campaign: otherwise the
	// participant reached a final status in it, and stays there.
	StartParticipants(ctx context.Context, c domain.Campaign, ps []domain.Participant, restart bool) error
	// EndParticipants tells each participant's workflow that the campaign
	// ended in the given stage.
	EndParticipants(ctx context.Context, campaignID string, stage domain.Stage, participantIDs []string) error
	// SyncParticipants tells each participant's workflow about a status
	// change already recorded in bulk, starting it in that status when it
	// does not run.
	SyncParticipants(ctx context.Context, c domain.Campaign, ps []domain.Participant) error
	// RemoveParticipants tells each removed participant's workflow to end.
	RemoveParticipants(ctx context.Context, campaignID string, participantIDs []string) error
}

// Activities carries the dependencies of every activity.
type Activities struct {
	Store   *store.Store
	Mailer  Mailer
	Starter ParticipantStarter
	// Schedules keeps the campaigns' audience schedules.
	Schedules ScheduleKeeper
	// Drips starts the drip enrollments that triggers find due.
	Drips DripEnroller
	// SMS delivers text messages (nil: LogSMSSender).
	SMS SMSSender
	// PageSize is how many participants one page of a bulk start handles.
	PageSize int
	// OutboxLease is how long a sender's claim on outbox rows lasts unless
	// renewed (0: DefaultOutboxLease).
	OutboxLease time.Duration
	// Unsubscribe signs the personal unsubscribe link of every marketing
	// email (PUBLIC_URL, UNSUBSCRIBE_SECRET).
	Unsubscribe domain.Unsubscribe
	// DefaultTimeZone is the clock of a recipient without a time zone of
	// its own (DEFAULT_TIME_ZONE; nil: UTC).
	DefaultTimeZone *time.Location
	// FrequencyCap bounds the marketing emails to one contact in a rolling
	// period (FREQUENCY_CAP; the zero value: none).
	FrequencyCap domain.FrequencyCap
	// Waker wakes the outbox sender when a message is written that falls
	// due before it looks (nil: it looks on its own, every senderIdle).
	Waker OutboxWaker
	Log   *slog.Logger

	// sends is every delivery in progress, stopped together when one
	// cannot record an outcome (see sendGroup).
	sends sendGroup
}

func (a *Activities) pageSize() int {
	if a.PageSize > 0 {
		return a.PageSize
	}
	return 500
}

func (a *Activities) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.Default()
}

// permanent converts refusals, conflicts and missing records into
// non-retryable errors (errcodec, the one codec): retrying them would only
// fail the same way.
func permanent(err error) error { return errcodec.Encode(err) }
