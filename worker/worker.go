// Package worker registers Drumbeat's workflows and activities with a
// Temporal worker. Any number of workers may poll the same task queue; they
// share the work.
package worker

import (
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// DefaultTaskQueue is the task queue Drumbeat's workflows and activities use
// unless TEMPORAL_TASK_QUEUE says otherwise.
const DefaultTaskQueue = "drumbeat"

// Options tunes a worker.
type Options struct {
	// MaxConcurrentActivities bounds the activities run at once (0: SDK default).
	MaxConcurrentActivities int
	// Identity names the worker in Temporal Web (0: SDK default).
	Identity string
	// StopTimeout is how long a stopping worker lets running activities
	// finish before it cancels them (0: at once). Heartbeating activities
	// are handed back at once in any case (see handBack).
	StopTimeout time.Duration
}

// DefaultCacheSize is how many workflow runs a worker keeps in memory
// between their tasks unless WORKER_CACHE_SIZE says otherwise. A cached run
// costs about 80 KB (its coroutines and state), so the SDK's default of
// 10,000 held 0.9 GB with a 10,000-participant campaign open and would grow
// with every campaign; a run that is not cached is replayed from its
// history at its next task, and a participant's history is short (7 to 30
// events), so the cache is bounded instead, whatever the number of open
// participants.
const DefaultCacheSize = 2000

// SetCacheSize bounds the workflow runs every worker of this process keeps
// in memory between tasks. It must be called before the first worker
// starts (the SDK's cache is shared by a process's workers and sized once).
// 0 turns sticky execution off: the server then sends every workflow task
// to the shared queue, with the run's whole history, never to a queue of
// this worker's own where it could wait for the sticky timeout (5 s).
func SetCacheSize(n int) { sdkworker.SetStickyWorkflowCacheSize(n) }

// New builds a worker on taskQueue with every workflow and activity
// registered, and beside it a small one on the outbox sender's own queue
// (workflows.OutboxTaskQueue): the sender's wake and its drains then never
// wait behind participant tasks, in the shared queue or in this process's
// workflow task slots. The activities' Starter is set to start participant
// workflows on the same queue when it is nil.
func New(c client.Client, taskQueue string, acts *activities.Activities, opts Options) *Worker {
	if acts.Starter == nil {
		acts.Starter = &Starter{Client: c, TaskQueue: taskQueue}
	}
	if acts.Schedules == nil {
		acts.Schedules = workflows.NewClients(c, taskQueue).Audiences
	}
	if acts.Drips == nil {
		acts.Drips = workflows.NewClients(c, taskQueue).Drips
	}
	if acts.Waker == nil {
		acts.Waker = workflows.NewClients(c, taskQueue).Outbox
	}
	w := sdkworker.New(c, taskQueue, sdkworker.Options{
		MaxConcurrentActivityExecutionSize: opts.MaxConcurrentActivities,
		Identity:                           opts.Identity,
		WorkerStopTimeout:                  opts.StopTimeout,
		Interceptors:                       []interceptor.WorkerInterceptor{&handBack{}},
	})
	Register(w, acts)
	// One drain at a time is all the sender asks for (it runs one activity
	// at once); a second slot lets a retry start while a stuck one ends.
	outbox := sdkworker.New(c, workflows.OutboxTaskQueue(taskQueue), sdkworker.Options{
		MaxConcurrentActivityExecutionSize:     2,
		MaxConcurrentWorkflowTaskExecutionSize: 2,
		MaxConcurrentWorkflowTaskPollers:       2,
		MaxConcurrentActivityTaskPollers:       2,
		Identity:                               opts.Identity,
		WorkerStopTimeout:                      opts.StopTimeout,
		Interceptors:                           []interceptor.WorkerInterceptor{&handBack{}},
	})
	outbox.RegisterWorkflowWithOptions(workflows.OutboxSenderWorkflow, workflow.RegisterOptions{Name: workflows.OutboxSenderWorkflowName})
	outbox.RegisterActivity(acts)
	return &Worker{Worker: w, outbox: outbox}
}

// Worker is a process's worker: the embedded one polls the shared task
// queue, outbox the sender's own. Start, Run and Stop act on both.
type Worker struct {
	sdkworker.Worker
	outbox sdkworker.Worker
}

// Start starts polling both queues.
func (w *Worker) Start() error {
	if err := w.outbox.Start(); err != nil {
		return err
	}
	if err := w.Worker.Start(); err != nil {
		w.outbox.Stop()
		return err
	}
	return nil
}

// Run polls both queues until interrupt delivers or closes.
func (w *Worker) Run(interrupt <-chan any) error {
	if err := w.Start(); err != nil {
		return err
	}
	<-interrupt
	w.Stop()
	return nil
}

// Stop stops both: the shared queue first, so that nothing new is put in
// the outbox by this process while its sender still drains.
func (w *Worker) Stop() {
	w.Worker.Stop()
	w.outbox.Stop()
}

// Register adds every workflow and activity to a registry (a worker or a
// test environment).
func Register(r interface {
	RegisterWorkflowWithOptions(any, workflow.RegisterOptions)
	RegisterActivity(any)
}, acts *activities.Activities) {
	RegisterWorkflows(r)
	r.RegisterActivity(acts)
}

// RegisterWorkflows adds every workflow to a registry; a replayer needs no more.
func RegisterWorkflows(r interface {
	RegisterWorkflowWithOptions(any, workflow.RegisterOptions)
}) {
	r.RegisterWorkflowWithOptions(workflows.CampaignWorkflow, workflow.RegisterOptions{Name: workflows.CampaignWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.ParticipantWorkflow, workflow.RegisterOptions{Name: workflows.ParticipantWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.BatchWorkflow, workflow.RegisterOptions{Name: workflows.BatchWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.DripWorkflow, workflow.RegisterOptions{Name: workflows.DripWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.AudienceSweepWorkflow, workflow.RegisterOptions{Name: workflows.AudienceSweepWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.AudienceSyncWorkflow, workflow.RegisterOptions{Name: workflows.AudienceSyncWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.DripTriggerWorkflow, workflow.RegisterOptions{Name: workflows.DripTriggerWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.OutboxSenderWorkflow, workflow.RegisterOptions{Name: workflows.OutboxSenderWorkflowName})
}
