package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/api"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/web"
	"github.com/drumbeat-crm/drumbeat/worker"
)

// openStore connects to PostgreSQL and refuses to go on while a migration is pending.
func openStore(ctx context.Context, cfg config) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if err := st.CheckMigrated(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func dialTemporal(cfg config) (client.Client, error) {
	c, err := client.Dial(client.Options{
		HostPort:  cfg.TemporalAddress,
		Namespace: cfg.TemporalNamespace,
		Logger:    tlog.NewStructuredLogger(slog.Default().With("component", "temporal")),
	})
	if err != nil {
		return nil, fmt.Errorf("connect to Temporal at %s: %w", cfg.TemporalAddress, err)
	}
	return c, nil
}

func runMigrate(ctx context.Context, cfg config) error {
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer st.Close()
	done, err := st.Migrate(ctx)
	for _, name := range done {
		slog.Info("applied migration", "name", name)
	}
	if err == nil && len(done) == 0 {
		slog.Info("database is up to date")
	}
	return err
}

// serveFunc runs one service until ctx ends.
type serveFunc func(ctx context.Context, cfg config, st *store.Store, tc client.Client) error

// withConnections opens PostgreSQL (refusing a pending migration) and
// Temporal, runs serve, and closes both.
func withConnections(ctx context.Context, cfg config, serve serveFunc) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	tc, err := dialTemporal(cfg)
	if err != nil {
		return err
	}
	defer tc.Close()
	return serve(ctx, cfg, st, tc)
}

func runAPI(ctx context.Context, cfg config) error { return withConnections(ctx, cfg, serveAPI) }

// serveAPI serves the API and the web pages until ctx ends, then shuts down gracefully.
func serveAPI(ctx context.Context, cfg config, st *store.Store, tc client.Client) error {
	pages, err := web.New(web.Config{Store: st, Log: slog.Default(), TrustedProxies: cfg.TrustedProxies})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr: cfg.HTTPAddr,
		Handler: api.NewRouter(api.Config{Store: st, Temporal: tc, TaskQueue: cfg.TaskQueue,
			Log: slog.Default(), MaxParticipants: cfg.MaxParticipants,
			AuthFailuresPerMinute: cfg.AuthFailuresPerMinute, TrustedProxies: cfg.TrustedProxies, Pages: pages}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	slog.Info("API listening", "addr", cfg.HTTPAddr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func runWorker(ctx context.Context, cfg config) error { return withConnections(ctx, cfg, serveWorker) }

// serveWorker runs a worker until ctx ends.
func serveWorker(ctx context.Context, cfg config, st *store.Store, tc client.Client) error {
	mailer, err := activities.NewSMTPMailer(cfg.SMTPURL, cfg.MailFrom, cfg.SMTPPool)
	if err != nil {
		return err
	}
	defer mailer.Close()
	acts := &activities.Activities{Store: st, Mailer: mailer, PageSize: cfg.PageSize, Log: slog.Default()}
	w := worker.New(tc, cfg.TaskQueue, acts, worker.Options{MaxConcurrentActivities: cfg.WorkerActivities})
	if err := w.Start(); err != nil {
		return err
	}
	slog.Info("worker polling", "task_queue", cfg.TaskQueue)
	<-ctx.Done()
	w.Stop()
	return nil
}
