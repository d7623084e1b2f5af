// Package app is Drumbeat's layer of operations: every business operation
// that both front ends (the JSON API in package api and the web pages in
// package web) perform, each one function that takes the acting user and
// domain values and returns domain values or a domain error. The rules they
// apply live in domain; the state they change lives in PostgreSQL (store)
// or in a workflow, reached through the typed clients of package workflows.
// A front end binds its input, calls one operation and renders the answer;
// it checks no rule itself.
//
// Operations that read or write one record and apply no rule beyond the
// record's own validation are store functions, and the front ends call
// those directly: the store function is that operation.
package app

import (
	"context"
	"log/slog"

	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// Config is what the operations need.
type Config struct {
	Store     *store.Store
	Temporal  client.Client
	TaskQueue string
	Log       *slog.Logger
	// MaxParticipants caps a campaign's participants (0: 100000).
	MaxParticipants int
}

// Service performs the operations. It is safe for concurrent use.
type Service struct {
	st       *store.Store
	wf       workflows.Clients
	log      *slog.Logger
	maxParts int
}

// New returns the operations over cfg.
func New(cfg Config) *Service {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.MaxParticipants == 0 {
		cfg.MaxParticipants = 100000
	}
	return &Service{st: cfg.Store, wf: workflows.NewClients(cfg.Temporal, cfg.TaskQueue), log: cfg.Log, maxParts: cfg.MaxParticipants}
}

// Store is the store the operations use, for the front ends' plain reads
// and single-record writes.
func (s *Service) Store() *store.Store { return s.st }

// detached keeps an operation going once it has reached Temporal, even if
// the caller goes away: a started update must be seen through.
func detached(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
