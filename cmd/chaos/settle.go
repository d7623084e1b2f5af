package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/cmd/drumbeat/devstack"
	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// observer reads the state of a run from PostgreSQL, the API and Temporal.
type observer struct {
	log      *slog.Logger
	api      *rig.Client
	store    *store.Store
	temporal client.Client
	camp     campaign
	batches  []string
}

// inFlight lists what is still going on; empty means the run has settled:
// every outbox row is final, every batch has finished, every participant
// workflow has closed (Responded is final once its follow-up is sent) and
// the campaign workflow is idle (no fan-out, no activity).
func (o *observer) inFlight(ctx context.Context) []string {
	var busy []string
	_, pending, _, err := o.store.OutboxCounts(ctx, o.camp.ID)
	switch {
	case err != nil:
		busy = append(busy, "outbox unreadable: "+err.Error())
	case pending > 0:
		busy = append(busy, fmt.Sprintf("%d outbox rows pending", pending))
	}
	for _, id := range o.batches {
		b, err := rig.Batch(ctx, o.api, id)
		if err != nil {
			busy = append(busy, "batch unreadable: "+err.Error())
		} else if b.Status != domain.BatchCompleted && b.Status != domain.BatchFailed {
			busy = append(busy, fmt.Sprintf("batch %s %s (%d of %d done)", id, b.Status, b.Done(), b.Total))
		}
	}
	running, err := o.count(ctx, fmt.Sprintf("WorkflowType = '%s' AND CampaignId = '%s' AND ExecutionStatus = 'Running'",
		workflows.ParticipantWorkflowName, o.camp.ID))
	switch {
	case err != nil:
		busy = append(busy, "visibility unreadable: "+err.Error())
	case running > 0:
		busy = append(busy, fmt.Sprintf("%d participant workflows running", running))
	}
	if idle, why := o.campaignIdle(ctx); !idle {
		busy = append(busy, why)
	}
	return busy
}

// campaignIdle reports whether the campaign workflow has nothing to do: no
// activity (the bulk start) and no workflow task waiting for a worker.
// Describe only: a query would need a worker and could not tell a busy
// workflow from a stuck one.
func (o *observer) campaignIdle(ctx context.Context) (bool, string) {
	d, err := o.temporal.DescribeWorkflowExecution(ctx, domain.CampaignWorkflowID(o.camp.ID), "")
	if err != nil {
		return false, "campaign workflow unreadable: " + err.Error()
	}
	if n := len(d.GetPendingActivities()); n > 0 {
		return false, fmt.Sprintf("campaign workflow has %d activities in flight", n)
	}
	if wt := d.GetPendingWorkflowTask(); wt != nil {
		return false, fmt.Sprintf("campaign workflow task %s since %s (attempt %d)", strings.ToLower(strings.TrimPrefix(wt.GetState().String(), "PENDING_WORKFLOW_TASK_STATE_")),
			wt.GetScheduledTime().AsTime().Format(time.TimeOnly), wt.GetAttempt())
	}
	return true, ""
}

func (o *observer) count(ctx context.Context, query string) (int64, error) {
	resp, err := o.temporal.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{
		Namespace: devstack.TemporalNamespace, Query: query})
	if err != nil {
		return 0, err
	}
	return resp.GetCount(), nil
}

// settle waits until nothing is in flight, or the deadline, and returns what
// was still going on then (nothing when settled).
func (o *observer) settle(ctx context.Context, deadline time.Time, faultsDone <-chan struct{}) []string {
	var busy []string
	lastLog := time.Time{}
	for {
		busy = o.inFlight(ctx)
		select {
		case <-faultsDone:
		default:
			busy = append(busy, "faults still to apply")
		}
		if len(busy) == 0 || time.Now().After(deadline) || ctx.Err() != nil {
			return busy
		}
		if time.Since(lastLog) > 30*time.Second {
			o.log.Info("waiting for the run to settle", "in_flight", strings.Join(busy, "; "))
			lastLog = time.Now()
		}
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
		}
	}
}

// workflowCounts classifies the campaign's workflows, by the latest run of
// each workflow id, once the run has settled (or timed out).
type workflowCounts struct {
	// Failed are workflows whose latest run failed, timed out, was
	// terminated or cancelled.
	Failed int
	// Stuck are workflows still busy (participant workflows running, a
	// campaign workflow with work in flight, an unfinished batch) and
	// participants without any workflow.
	Stuck int
	// ExtraRuns are runs beyond one per workflow id (not counting
	// continue-as-new chains).
	ExtraRuns int
	Detail    []string
}

// classifyWorkflows lists every workflow of the campaign and its batches.
func (o *observer) classifyWorkflows(ctx context.Context, participants int) (workflowCounts, error) {
	type latest struct {
		status enumspb.WorkflowExecutionStatus
		start  time.Time
		typ    string
		runs   int
	}
	byID := map[string]*latest{}
	req := &workflowservice.ListWorkflowExecutionsRequest{Namespace: devstack.TemporalNamespace, PageSize: 1000,
		Query: fmt.Sprintf("CampaignId = '%s'", o.camp.ID)}
	for {
		resp, err := o.temporal.ListWorkflow(ctx, req)
		if err != nil {
			return workflowCounts{}, err
		}
		for _, e := range resp.GetExecutions() {
			id, start := e.GetExecution().GetWorkflowId(), e.GetStartTime().AsTime()
			l := byID[id]
			if l == nil {
				l = &latest{}
				byID[id] = l
			}
			if e.GetStatus() != enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW {
				l.runs++
			}
			if start.After(l.start) || l.start.IsZero() {
				l.status, l.start, l.typ = e.GetStatus(), start, e.GetType().GetName()
			}
		}
		if len(resp.GetNextPageToken()) == 0 {
			break
		}
		req.NextPageToken = resp.GetNextPageToken()
	}
	var wc workflowCounts
	count := map[string]int{}
	seenParticipants := 0
	for id, l := range byID {
		if l.typ == workflows.ParticipantWorkflowName {
			seenParticipants++
		}
		wc.ExtraRuns += max(0, l.runs-1)
		switch l.status {
		case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		case enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
			if l.typ == workflows.CampaignWorkflowName {
				if idle, why := o.campaignIdle(ctx); !idle {
					wc.Stuck++
					wc.Detail = append(wc.Detail, why)
				}
				continue
			}
			wc.Stuck++
			count[l.typ+" running"]++
		default:
			wc.Failed++
			count[l.typ+" "+strings.ToLower(l.status.String())]++
			o.log.Warn("workflow ended badly", "id", id, "status", l.status)
		}
	}
	if missing := participants - seenParticipants; missing > 0 {
		wc.Stuck += missing
		count["participants without a workflow"] = missing
	}
	for _, id := range o.batches {
		d, err := o.temporal.DescribeWorkflowExecution(ctx, domain.BatchWorkflowID(id), "")
		var status enumspb.WorkflowExecutionStatus
		if err == nil {
			status = d.GetWorkflowExecutionInfo().GetStatus()
		}
		switch {
		case err != nil:
			return wc, fmt.Errorf("batch workflow %s: %w", id, err)
		case status == enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		case status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
			wc.Stuck++
			count["batch running"]++
		default:
			wc.Failed++
			count["batch "+strings.ToLower(status.String())]++
		}
	}
	for k, v := range count {
		wc.Detail = append(wc.Detail, fmt.Sprintf("%d %s", v, k))
	}
	return wc, nil
}

// errNotSettled marks a run that was still busy at its deadline.
var errNotSettled = errors.New("the run did not settle before CHAOS_TIMEOUT")
