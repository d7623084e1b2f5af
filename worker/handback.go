package worker

import (
	"context"
	"errors"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/temporal"
)

// ErrTypeHandedBack is the type of the retryable error a stopping worker
// returns for an activity it hands back.
const ErrTypeHandedBack = "WorkerStopping"

// errHandedBack is the cause of a handed-back activity's cancellation.
var errHandedBack = errors.New("worker stopping")

// handBack hands heartbeating activities back to Temporal as soon as the
// worker starts to stop. Those are the long bulk passes (a campaign start,
// an audience sweep, a batch page), built to resume from their last
// heartbeat on another worker: waiting for them would hold a stopping
// worker for minutes, and killing them would leave Temporal waiting for
// their heartbeat timeout. Cancelled, they stop at once (a message already
// accepted by the SMTP server is still marked sent) and fail with a
// retryable error, so another worker takes them up right away. Activities
// that do not heartbeat are short; they get WorkerStopTimeout to finish.
type handBack struct {
	interceptor.WorkerInterceptorBase
}

// InterceptActivity implements interceptor.WorkerInterceptor.
func (*handBack) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	return &handBackActivity{ActivityInboundInterceptorBase: interceptor.ActivityInboundInterceptorBase{Next: next}}
}

type handBackActivity struct {
	interceptor.ActivityInboundInterceptorBase
}

// ExecuteActivity runs the activity and cancels a heartbeating one when
// the worker stops.
func (a *handBackActivity) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	if activity.GetInfo(ctx).HeartbeatTimeout == 0 {
		return a.Next.ExecuteActivity(ctx, in)
	}
	stopping := activity.GetWorkerStopChannel(ctx)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-stopping:
			cancel(errHandedBack)
		case <-done:
		}
	}()
	res, err := a.Next.ExecuteActivity(ctx, in)
	if err != nil && errors.Is(context.Cause(ctx), errHandedBack) {
		return nil, temporal.NewApplicationErrorWithCause(
			"worker stopping: handed back to resume on another worker", ErrTypeHandedBack, err)
	}
	return res, err
}
