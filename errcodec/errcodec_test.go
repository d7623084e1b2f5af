package errcodec

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/domain"
)

var refusals = []error{
	&domain.TransitionError{Entity: "campaign", From: "planning", To: "completed", Reason: "it never started"},
	&domain.ValidationError{Fields: []domain.FieldError{{Field: "status", Message: "is required"}, {Field: "owner_id", Message: "no such user"}}},
	&domain.ConflictError{Reason: "the enrollment is scheduled"},
	&domain.ForbiddenError{Privilege: domain.PrivAdmin, Reason: "locking an opportunity needs the privilege admin"},
	domain.ErrNotFound,
}

// TestEveryDomainErrorCrossesTemporal: each domain error kind, raised in an
// activity, fails the activity for good (one attempt, not retried) and
// comes out of the workflow's failure as the same domain error, with its
// fields, after being serialized the way Temporal carries it.
func TestEveryDomainErrorCrossesTemporal(t *testing.T) {
	for _, want := range refusals {
		t.Run(fmt.Sprintf("%T", want), func(t *testing.T) {
			var s testsuite.WorkflowTestSuite
			env := s.NewTestWorkflowEnvironment()
			attempts := 0
			env.RegisterActivityWithOptions(func(ctx context.Context) error {
				attempts++
				return Encode(fmt.Errorf("refused: %w", want))
			}, activityOptions("Refuse"))
			env.RegisterWorkflow(refusingWorkflow)
			env.ExecuteWorkflow(refusingWorkflow)
			require.True(t, env.IsWorkflowCompleted())
			got := Decode(env.GetWorkflowError())
			assert.Equal(t, 1, attempts, "a refusal is not retried")
			switch w := want.(type) {
			case *domain.TransitionError:
				var te *domain.TransitionError
				require.ErrorAs(t, got, &te)
				assert.Equal(t, *w, *te)
			case *domain.ValidationError:
				var ve *domain.ValidationError
				require.ErrorAs(t, got, &ve)
				assert.Equal(t, w.Fields, ve.Fields)
			case *domain.ConflictError:
				var ce *domain.ConflictError
				require.ErrorAs(t, got, &ce)
				assert.Equal(t, w.Reason, ce.Reason)
			case *domain.ForbiddenError:
				var fe *domain.ForbiddenError
				require.ErrorAs(t, got, &fe)
				assert.Equal(t, *w, *fe)
			default:
				assert.ErrorIs(t, got, domain.ErrNotFound)
			}
		})
	}
}

// TestOtherErrorsAreRetried: an error that is no refusal passes through
// Encode and Decode unchanged, so Temporal retries it.
func TestOtherErrorsAreRetried(t *testing.T) {
	plain := errors.New("connection reset")
	assert.Same(t, plain, Encode(plain))
	assert.Same(t, plain, Decode(plain))
	assert.NoError(t, Encode(nil))
	other := temporal.NewApplicationError("busy", "SomethingElse")
	assert.Same(t, other, Decode(other))

	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	attempts := 0
	env.RegisterActivityWithOptions(func(ctx context.Context) error {
		attempts++
		if attempts < 3 {
			return Encode(plain)
		}
		return nil
	}, activityOptions("Refuse"))
	env.RegisterWorkflow(refusingWorkflow)
	env.ExecuteWorkflow(refusingWorkflow)
	require.NoError(t, env.GetWorkflowError())
	assert.Equal(t, 3, attempts)
}

func refusingWorkflow(ctx workflow.Context) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Millisecond, MaximumAttempts: 5}})
	return workflow.ExecuteActivity(ctx, "Refuse").Get(ctx, nil)
}

func activityOptions(name string) activity.RegisterOptions {
	return activity.RegisterOptions{Name: name}
}
