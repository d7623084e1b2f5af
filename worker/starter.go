package worker

import (
	"context"

	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// Starter gives the bulk activities the participant workflows' typed
// client (activities.ParticipantStarter): activities cannot import
// workflows, which import them.
type Starter struct {
	Client    client.Client
	TaskQueue string
}

func (s *Starter) participants() workflows.ParticipantClient {
	return workflows.NewClients(s.Client, s.TaskQueue).Participants
}

// StartParticipants starts each participant's workflow in its current status.
func (s *Starter) StartParticipants(ctx context.Context, c domain.Campaign, ps []domain.Participant, restart bool) error {
	return s.participants().Start(ctx, c, ps, restart)
}

// EndParticipants tells each participant's workflow that the campaign ended.
func (s *Starter) EndParticipants(ctx context.Context, campaignID string, stage domain.Stage, ids []string) error {
	return s.participants().End(ctx, campaignID, stage, ids)
}

// RemoveParticipants tells each removed participant's workflow to end.
func (s *Starter) RemoveParticipants(ctx context.Context, campaignID string, ids []string) error {
	return s.participants().Remove(ctx, campaignID, "", ids)
}

// SyncParticipants tells each participant's workflow about a status change
// recorded in bulk.
func (s *Starter) SyncParticipants(ctx context.Context, c domain.Campaign, ps []domain.Participant) error {
	return s.participants().Sync(ctx, c, ps)
}
