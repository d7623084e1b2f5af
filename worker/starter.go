package worker

import (
	"context"
	"errors"
	"sync"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// Starter starts and signals participant workflows through a Temporal client.
type Starter struct {
	Client    client.Client
	TaskQueue string
	// Parallel bounds concurrent start calls (0: 8).
	Parallel int
}

// StartParticipants SignalWithStarts each participant's workflow, already in
// its current status. A workflow that is running just gets the signal, so a
// repeated call starts nothing twice.
func (s *Starter) StartParticipants(ctx context.Context, c domain.Campaign, ps []domain.Participant) error {
	return s.each(ctx, len(ps), func(ctx context.Context, i int) error {
		id, in, sa := workflows.ParticipantStart(c, ps[i])
		opts := client.StartWorkflowOptions{ID: id, TaskQueue: s.TaskQueue, TypedSearchAttributes: sa}
		_, err := s.Client.SignalWithStartWorkflow(ctx, id, workflows.SignalParticipantInitiated, nil, opts, workflows.ParticipantWorkflowName, in)
		return err
	})
}

// EndParticipants signals each participant's workflow that the campaign
// ended; workflows that already finished are skipped.
func (s *Starter) EndParticipants(ctx context.Context, campaignID string, stage domain.Stage, ids []string) error {
	return s.each(ctx, len(ids), func(ctx context.Context, i int) error {
		err := s.Client.SignalWorkflow(ctx, domain.ParticipantWorkflowID(campaignID, ids[i]), "", workflows.SignalParticipantCampaignEnded,
			workflows.CampaignEndedInput{Stage: stage})
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return nil
		}
		return err
	})
}

// RemoveParticipants signals each removed participant's workflow to end;
// workflows that already finished are skipped.
func (s *Starter) RemoveParticipants(ctx context.Context, campaignID string, ids []string) error {
	return s.each(ctx, len(ids), func(ctx context.Context, i int) error {
		err := s.Client.SignalWorkflow(ctx, domain.ParticipantWorkflowID(campaignID, ids[i]), "", workflows.SignalParticipantRemoved, workflows.RemovedInput{})
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return nil
		}
		return err
	})
}

// SyncParticipants SignalWithStarts each participant's workflow with a
// status change recorded in bulk: a running workflow adopts it, a missing one
// starts in it.
func (s *Starter) SyncParticipants(ctx context.Context, c domain.Campaign, ps []domain.Participant) error {
	return s.each(ctx, len(ps), func(ctx context.Context, i int) error {
		p := ps[i]
		id, in, sa := workflows.ParticipantStart(c, p)
		opts := client.StartWorkflowOptions{ID: id, TaskQueue: s.TaskQueue, TypedSearchAttributes: sa}
		sig := workflows.StatusAppliedInput{Status: p.Status, Transitions: p.Transitions, StatusSince: p.StatusSince}
		_, err := s.Client.SignalWithStartWorkflow(ctx, id, workflows.SignalParticipantStatusApplied, sig, opts, workflows.ParticipantWorkflowName, in)
		return err
	})
}

// each runs fn for 0..n-1 with bounded parallelism and returns the first error.
func (s *Starter) each(ctx context.Context, n int, fn func(context.Context, int) error) error {
	par := s.Parallel
	if par <= 0 {
		par = 8
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	sem := make(chan struct{}, par)
	for i := 0; i < n && ctx.Err() == nil; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			if err := fn(ctx, i); err != nil {
				once.Do(func() { first = err; cancel() })
			}
		}(i)
	}
	wg.Wait()
	return first
}
