package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// BatchFollower is a BatchHandler whose items have a part that may lag
// behind their pages: the rows and the messages of a batch status update
// are done page after page, and telling each participant's workflow about
// its change follows, so that the batch is done at the speed of SQL and
// SMTP rather than at the speed of Temporal's signals. ProcessItems still
// does both parts, for the runs recorded before the split.
type BatchFollower interface {
	BatchHandler
	// LeadItems is ProcessItems without the lagging part.
	LeadItems(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error)
	// FollowItems does the lagging part for the items that succeeded. It
	// must be harmless to repeat.
	FollowItems(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) error
}

// FollowBatchInput names the batch whose lagging part to run.
type FollowBatchInput struct {
	BatchID string
	Limit   int
}

// followIdle is how long the follower waits for the next page's outcomes.
const followIdle = 250 * time.Millisecond

// FollowBatch runs the lagging part of a batch whose handler is a
// BatchFollower (and returns at once for any other), behind its pages: it
// reads the items that have an outcome in seq order from its cursor (kept
// in the heartbeat, so a retry resumes there), hands the succeeded ones to
// FollowItems, and waits for more while the batch runs. As the bulk start's
// starting side does (see follow), it leaves the machine to the pages while
// they move: it follows only once the batch has ended or no page has
// finished for leadQuiet. It returns once the batch has ended and every
// outcome recorded before the end was followed.
func (a *Activities) FollowBatch(ctx context.Context, in FollowBatchInput) (int, error) {
	var after int
	if activity.HasHeartbeatDetails(ctx) {
		_ = activity.GetHeartbeatDetails(ctx, &after)
	}
	limit := in.Limit
	if limit <= 0 {
		limit = 500
	}
	followed := 0
	// frontier is how many outcomes the pages had recorded at the last
	// look, and since when that has not changed.
	frontier, since := -1, time.Now()
	for {
		// The batch's state is read before its items: once it has ended,
		// every outcome it will ever have is in the read that follows.
		b, err := a.Store.GetBatch(ctx, in.BatchID)
		if err != nil {
			return followed, permanent(err)
		}
		h, ok := batchHandler(b.Type)
		f, follows := h.(BatchFollower)
		if !ok || !follows {
			return 0, nil
		}
		ended := b.Status == domain.BatchCompleted || b.Status == domain.BatchFailed
		// wait lets followIdle pass, heartbeating where the follower is.
		wait := func() error {
			activity.RecordHeartbeat(ctx, after)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(followIdle):
				return nil
			}
		}
		if !ended {
			if b.Done() != frontier {
				frontier, since = b.Done(), time.Now()
			}
			if time.Since(since) < leadQuiet { // the pages are moving: leave them the machine
				if err := wait(); err != nil {
					return followed, err
				}
				continue
			}
		}
		items, err := a.Store.BatchItems(ctx, b.ID, after, limit)
		if err != nil {
			return followed, err
		}
		// While the pages run, the first pending item is where they are;
		// once the batch has ended, an item left pending will stay so.
		done := items
		if !ended {
			done = leading(items, func(it domain.BatchItem) bool { return it.Status != domain.ItemPending })
		}
		if len(done) == 0 {
			if ended {
				return followed, nil
			}
			if err := wait(); err != nil {
				return followed, err
			}
			continue
		}
		if succeeded := succeededItems(done); len(succeeded) > 0 {
			if err := f.FollowItems(ctx, a, b, succeeded); err != nil {
				return followed, err
			}
			followed += len(succeeded)
		}
		after = done[len(done)-1].Seq
		activity.RecordHeartbeat(ctx, after)
	}
}

func succeededItems(items []domain.BatchItem) []domain.BatchItem {
	var out []domain.BatchItem
	for _, it := range items {
		if it.Status == domain.ItemSucceeded {
			out = append(out, it)
		}
	}
	return out
}
