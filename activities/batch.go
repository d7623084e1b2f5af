package activities

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/metrics"
)

// BatchHandler processes the items of one type of batch process.
type BatchHandler interface {
	// ProcessItems handles one page of items that have no outcome yet and
	// returns an outcome for each item it handled. Every side effect must be
	// keyed (domain.BatchKey) so that a retried page repeats nothing. An
	// error retries the whole page; a per-item problem is an ItemFailed result.
	ProcessItems(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error)
}

// BatchHandlerFunc adapts a function to BatchHandler.
type BatchHandlerFunc func(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error)

// ProcessItems implements BatchHandler.
func (f BatchHandlerFunc) ProcessItems(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	return f(ctx, a, b, items)
}

var (
	batchMu       sync.RWMutex
	batchHandlers = map[string]BatchHandler{}
)

// RegisterBatchHandler makes a handler responsible for one batch type. Each
// business area registers its own types from an init function.
func RegisterBatchHandler(typ string, h BatchHandler) {
	batchMu.Lock()
	defer batchMu.Unlock()
	if _, dup := batchHandlers[typ]; dup {
		panic("activities: batch type registered twice: " + typ)
	}
	batchHandlers[typ] = h
}

func batchHandler(typ string) (BatchHandler, bool) {
	batchMu.RLock()
	defer batchMu.RUnlock()
	h, ok := batchHandlers[typ]
	return h, ok
}

// BatchPageInput asks for one page of a batch process.
type BatchPageInput struct {
	BatchID  string
	AfterSeq int
	Limit    int
	// Followed says a FollowBatch activity runs beside the pages: a
	// BatchFollower's page then leaves its lagging part to it.
	Followed bool
}

// BatchPageResult tells how far the batch got.
type BatchPageResult struct {
	LastSeq   int
	Processed int
	Done      bool
}

// batchSlice is how long one ProcessBatchPage goes on taking pages: the
// pages of a batch then cost a round trip through the workflow every few
// seconds instead of one each (a 10,000-item batch is 100 pages).
const batchSlice = 5 * time.Second

// ProcessBatchPage runs the batch's handler on its next pages of pending
// items, recording each page's outcomes in its own transaction, for up to
// batchSlice, and reports how far it got. A retried attempt starts from the
// first item still pending, so a page is never done twice.
func (a *Activities) ProcessBatchPage(ctx context.Context, in BatchPageInput) (BatchPageResult, error) {
	b, err := a.Store.GetBatch(ctx, in.BatchID)
	if err != nil {
		return BatchPageResult{}, permanent(err)
	}
	h, ok := batchHandler(b.Type)
	if !ok {
		return BatchPageResult{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("no handler for batch type %q", b.Type), domain.ErrTypeValidation, nil)
	}
	if err := a.Store.MarkBatchRunning(ctx, b.ID); err != nil {
		return BatchPageResult{}, err
	}
	limit := in.Limit
	if limit <= 0 {
		limit = 100
	}
	process := h.ProcessItems
	if f, ok := h.(BatchFollower); ok && in.Followed {
		process = f.LeadItems
	}
	out := BatchPageResult{LastSeq: in.AfterSeq}
	for start := time.Now(); ; {
		items, err := a.Store.PendingBatchItems(ctx, b.ID, out.LastSeq, limit)
		if err != nil {
			return out, err
		}
		if len(items) == 0 {
			out.Done = true
			return out, nil
		}
		results, err := process(ctx, a, b, items)
		if err != nil {
			return out, permanent(err)
		}
		if err := a.Store.RecordItemResults(ctx, b.ID, results); err != nil {
			return out, err
		}
		metrics.BatchItemsDone(b.Type, len(results))
		out.LastSeq, out.Processed = items[len(items)-1].Seq, out.Processed+len(results)
		activity.RecordHeartbeat(ctx, out.LastSeq)
		if time.Since(start) >= batchSlice {
			return out, nil
		}
	}
}

// FinishBatchInput ends a batch process.
type FinishBatchInput struct {
	BatchID string
	Status  domain.BatchStatus
	Reason  string
}

// BatchFinisher is a BatchHandler whose own records follow the end of its
// batch process. FinishBatch must be idempotent: a retried activity calls it
// again.
type BatchFinisher interface {
	FinishBatch(ctx context.Context, a *Activities, b domain.Batch, status domain.BatchStatus) error
}

// FinishBatch records the end of a batch process (its counters are derived
// from the items). The handler's records are finished first, so that once
// the batch shows it has ended, they have too.
func (a *Activities) FinishBatch(ctx context.Context, in FinishBatchInput) error {
	b, err := a.Store.GetBatch(ctx, in.BatchID)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	if h, ok := batchHandler(b.Type); ok && err == nil {
		if f, ok := h.(BatchFinisher); ok {
			if err := f.FinishBatch(ctx, a, b, in.Status); err != nil {
				return err
			}
		}
	}
	return a.Store.FinishBatch(ctx, in.BatchID, in.Status, in.Reason)
}
