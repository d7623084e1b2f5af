package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/workflows"
)

// observer reads Temporal's side of a run: visibility counts and the
// backlog of a task queue.
type observer struct {
	tc  client.Client
	ns  string
	log *slog.Logger
}

// count counts the workflows a visibility query matches.
func (o *observer) count(ctx context.Context, query string) (int, error) {
	resp, err := o.tc.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: o.ns, Query: query})
	if err != nil {
		return 0, err
	}
	return int(resp.GetCount()), nil
}

// participants counts a campaign's running participant workflows, those
// whose status search attribute is status when it is not "".
func (o *observer) participants(ctx context.Context, campaignID, status string) (int, error) {
	q := fmt.Sprintf("WorkflowType = '%s' AND CampaignId = '%s' AND ExecutionStatus = 'Running'", workflows.ParticipantWorkflowName, campaignID)
	if status != "" {
		q += fmt.Sprintf(" AND ParticipantStatus = '%s'", status)
	}
	return o.count(ctx, q)
}

// statsFresh makes the dev server the benchmark starts compute a task
// queue's statistics afresh at every request instead of serving them from a
// five-second cache, so that the backlog reads 0 as soon as it is drained.
const statsFresh = `matching.TaskQueueInfoByBuildIdTTL="1ms"`

// backlog is the number of workflow tasks waiting on a task queue for a
// worker (the server's approximate count; sticky queues aside).
func (o *observer) backlog(ctx context.Context, queue string) (int, error) {
	resp, err := o.tc.WorkflowService().DescribeTaskQueue(ctx, &workflowservice.DescribeTaskQueueRequest{
		Namespace: o.ns, TaskQueue: &taskqueuepb.TaskQueue{Name: queue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
		TaskQueueType: enumspb.TASK_QUEUE_TYPE_WORKFLOW, ReportStats: true})
	if err != nil {
		return 0, err
	}
	return int(resp.GetStats().GetApproximateBacklogCount()), nil
}

// pollEvery is how often a wait checks its condition at first: the
// precision of the figures that are not timed by the SMTP server or
// PostgreSQL. A long wait checks less often, every hundredth of the time
// waited so far (at most every pollAtMost): its figure keeps a precision of
// 1 %, and the visibility counts, which scan the dev server's store, do not
// load the server they measure.
const (
	pollEvery  = 200 * time.Millisecond
	pollAtMost = 2 * time.Second
)

// waitFor polls cond until it holds and returns the moment it did, or
// gives up at deadline. cond says how far things are, which is logged now
// and then.
func waitFor(ctx context.Context, log *slog.Logger, what string, deadline time.Time, cond func(context.Context) (bool, string, error)) (time.Time, error) {
	began := time.Now()
	lastLog := began
	var progress string
	var lastErr error
	for {
		done, p, err := cond(ctx)
		now := time.Now()
		if err == nil && done {
			return now, nil
		}
		if err != nil {
			lastErr = err
		} else {
			progress = p
		}
		if now.After(deadline) {
			return now, fmt.Errorf("%s: not done at the deadline (%s; last error: %v)", what, progress, lastErr)
		}
		if now.Sub(lastLog) > 15*time.Second {
			log.Info("waiting", "for", what, "progress", progress, "err", err)
			lastLog = now
		}
		select {
		case <-ctx.Done():
			return now, ctx.Err()
		case <-time.After(min(max(pollEvery, now.Sub(began)/100), pollAtMost)):
		}
	}
}
