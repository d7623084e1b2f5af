// Package errcodec is the one translation between Drumbeat's domain errors
// and Temporal's application errors. A refusal raised in a workflow's
// validator or in an activity crosses Temporal as an application error of a
// known type carrying the domain error itself as its details, and comes out
// of the client as the same domain error, so the API maps one set of errors
// to HTTP statuses whatever layer refused.
//
// Every domain error kind is a refusal: retrying it would fail the same way,
// so Encode makes it non-retryable. Anything else passes through unchanged
// and Temporal retries it.
package errcodec

import (
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Application error types, one per domain error kind.
const (
	// TypeTransition carries a *domain.TransitionError.
	TypeTransition = domain.ErrTypeTransition
	// TypeValidation carries a *domain.ValidationError.
	TypeValidation = domain.ErrTypeValidation
	// TypeNotFound carries domain.ErrNotFound.
	TypeNotFound = domain.ErrTypeNotFound
	// TypeConflict carries a *domain.ConflictError.
	TypeConflict = "Conflict"
	// TypeForbidden carries a *domain.ForbiddenError.
	TypeForbidden = "Forbidden"
)

// Encode turns a domain error into a non-retryable application error whose
// details hold it; any other error (nil included) is returned unchanged.
func Encode(err error) error {
	var te *domain.TransitionError
	var ve *domain.ValidationError
	var ce *domain.ConflictError
	var fe *domain.ForbiddenError
	switch {
	case err == nil:
		return nil
	case isApplication(err):
		return err // encoded already (an activity's refusal surfacing in a workflow)
	case errors.As(err, &te):
		return temporal.NewNonRetryableApplicationError(te.Error(), TypeTransition, nil, *te)
	case errors.As(err, &ve):
		return temporal.NewNonRetryableApplicationError(ve.Error(), TypeValidation, nil, *ve)
	case errors.As(err, &ce):
		return temporal.NewNonRetryableApplicationError(ce.Error(), TypeConflict, nil, *ce)
	case errors.As(err, &fe):
		return temporal.NewNonRetryableApplicationError(fe.Error(), TypeForbidden, nil, *fe)
	case errors.Is(err, domain.ErrNotFound):
		return temporal.NewNonRetryableApplicationError(err.Error(), TypeNotFound, nil)
	}
	return err
}

// Decode turns an application error of one of the types above, wherever it
// sits in err's chain (an update's failure, a workflow's, an activity's
// inside a workflow's), back into its domain error. Any other error is
// returned unchanged.
func Decode(err error) error {
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) {
		return err
	}
	switch ae.Type() {
	case TypeTransition:
		var te domain.TransitionError
		if ae.Details(&te) != nil || te.Entity == "" {
			te = domain.TransitionError{Entity: "record", Reason: message(ae)}
		}
		return &te
	case TypeValidation:
		var ve domain.ValidationError
		if ae.Details(&ve) != nil || len(ve.Fields) == 0 {
			ve = domain.ValidationError{Fields: []domain.FieldError{{Field: "body", Message: message(ae)}}}
		}
		return &ve
	case TypeConflict:
		var ce domain.ConflictError
		if ae.Details(&ce) != nil || ce.Reason == "" {
			ce = domain.ConflictError{Reason: message(ae)}
		}
		return &ce
	case TypeForbidden:
		var fe domain.ForbiddenError
		if ae.Details(&fe) != nil || fe.Reason == "" {
			fe = domain.ForbiddenError{Reason: message(ae)}
		}
		return &fe
	case TypeNotFound:
		return domain.ErrNotFound
	}
	return err
}

func isApplication(err error) bool {
	var ae *temporal.ApplicationError
	return errors.As(err, &ae)
}

// message is an application error's own message, without the suffixes the
// SDK adds when it wraps one.
func message(ae *temporal.ApplicationError) string { return ae.Message() }
