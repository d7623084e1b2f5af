package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrNotFound reports that a record does not exist (or is not visible).
var ErrNotFound = errors.New("not found")

// Error types carried across Temporal as application error types, so that a
// refusal inside a workflow reaches the API as the same kind of error.
const (
	// ErrTypeTransition marks a refused state transition.
	ErrTypeTransition = "TransitionRefused"
	// ErrTypeValidation marks invalid input.
	ErrTypeValidation = "ValidationFailed"
	// ErrTypeNotFound marks a missing record.
	ErrTypeNotFound = "NotFound"
)

// TransitionError reports a state change that the rules refuse.
type TransitionError struct {
	Entity string // "campaign", "participant", ...
	From   string
	To     string
	Reason string
}

// Error implements error.
func (e *TransitionError) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("%s cannot move from %q to %q: %s", e.Entity, e.From, e.To, e.Reason)
	}
	return fmt.Sprintf("%s cannot move from %q to %q", e.Entity, e.From, e.To)
}

// FieldError is one invalid field of an input.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError lists every invalid field of an input.
type ValidationError struct {
	Fields []FieldError
}

// Error implements error.
func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Validator collects field errors; its Err is nil when nothing was added.
type Validator struct {
	fields []FieldError
}

// Add records an error for a field.
func (v *Validator) Add(field, format string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check records an error for a field when ok is false.
func (v *Validator) Check(ok bool, field, format string, args ...any) {
	if !ok {
		v.Add(field, format, args...)
	}
}

// Len is the number of errors recorded.
func (v *Validator) Len() int { return len(v.fields) }

// Err returns a *ValidationError with the fields sorted by name, or nil.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	out := append([]FieldError(nil), v.fields...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return &ValidationError{Fields: out}
}

// InvalidCursor refuses a page cursor that no previous page gave out: a
// forged or damaged one. Every cursor decoder answers with it.
func InvalidCursor() error {
	return &ValidationError{Fields: []FieldError{{Field: "cursor", Message: invalidCursor}}}
}

const invalidCursor = "invalid cursor: pass the next_cursor of a previous page unchanged"

// ConflictError reports a request that clashes with the current state of a
// record (a duplicate, or an operation that is not possible right now).
type ConflictError struct {
	Reason string
}

// Error implements error.
func (e *ConflictError) Error() string { return e.Reason }
