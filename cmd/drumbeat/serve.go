package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/contrib/envconfig"
	tlog "go.temporal.io/sdk/log"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/api"
	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/metrics"
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

// dialTemporal connects to Temporal with the SDK's environment
// configuration (TLS, mTLS, API key) at TEMPORAL_ADDRESS and
// TEMPORAL_NAMESPACE; mh (nil: none) receives the SDK's metrics.
func dialTemporal(cfg config, mh client.MetricsHandler) (client.Client, error) {
	opts, err := cfg.Temporal.ToClientOptions(envconfig.ToClientOptionsRequest{})
	if err != nil {
		return nil, fmt.Errorf("Temporal connection settings: %w", err)
	}
	opts.HostPort, opts.Namespace = cfg.TemporalAddress, cfg.TemporalNamespace
	opts.Logger = tlog.NewStructuredLogger(slog.Default().With("component", "temporal"))
	opts.MetricsHandler = mh
	c, err := client.Dial(opts)
	if err != nil {
		return nil, fmt.Errorf("connect to Temporal at %s: %w", cfg.TemporalAddress, err)
	}
	return c, nil
}

// runMigrate applies pending migrations, then creates the search attributes
// the Temporal namespace lacks.
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
	if err != nil {
		return err
	}
	if len(done) == 0 {
		slog.Info("database is up to date")
	}
	tc, err := dialTemporal(cfg, nil)
	if err != nil {
		return err
	}
	defer tc.Close()
	return ensureSearchAttributes(ctx, cfg, tc)
}

// ensureSearchAttributes creates the search attributes the namespace
// lacks. A connection that may not manage them (Temporal Cloud) only warns:
// there they are created with tcld or in the web console.
func ensureSearchAttributes(ctx context.Context, cfg config, tc client.Client) error {
	added, err := worker.EnsureSearchAttributes(ctx, tc.OperatorService(), cfg.TemporalNamespace)
	if worker.NotPermitted(err) {
		slog.Warn("cannot check or create the Temporal search attributes with this connection; create them yourself",
			"namespace", cfg.TemporalNamespace, "names", worker.SearchAttributeNames(), "error", err)
		return nil
	}
	if err != nil {
		return err
	}
	if len(added) > 0 {
		slog.Info("created Temporal search attributes", "namespace", cfg.TemporalNamespace, "names", added)
	} else {
		slog.Info("Temporal search attributes are in place", "namespace", cfg.TemporalNamespace)
	}
	return nil
}

func runAPI(ctx context.Context, cfg config) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	tc, err := dialTemporal(cfg, nil)
	if err != nil {
		return err
	}
	defer tc.Close()
	return serveAPI(ctx, cfg, st, tc)
}

// serveAPI serves the API and the web pages until ctx ends, then shuts down gracefully.
func serveAPI(ctx context.Context, cfg config, st *store.Store, tc client.Client) error {
	ops := app.New(app.Config{Store: st, Temporal: tc, TaskQueue: cfg.TaskQueue, Log: slog.Default(), MaxParticipants: cfg.MaxParticipants})
	pages, err := web.New(web.Config{Store: st, App: ops, Log: slog.Default(), TrustedProxies: cfg.TrustedProxies})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr: cfg.HTTPAddr,
		Handler: api.NewRouter(api.Config{Store: st, Temporal: tc, TaskQueue: cfg.TaskQueue,
			Log: slog.Default(), MaxParticipants: cfg.MaxParticipants, Metrics: metrics.NewAPI(),
			AuthFailuresPerMinute: cfg.AuthFailuresPerMinute, TrustedProxies: cfg.TrustedProxies, Pages: pages,
			Unsubscribe: cfg.unsubscribe()}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	if cfg.PProf {
		srv.Handler = withProfiles(srv.Handler)
	}
	slog.Info("API listening", "addr", cfg.HTTPAddr)
	go purgeIdempotencyKeys(ctx, st)
	return serveHTTP(ctx, srv)
}

// purgeIdempotencyKeys deletes, every hour, the Idempotency-Keys older than
// their 24 hours (a key in use is replaced when it is reused after that
// anyway; this keeps the table small). Several API processes purging at
// once only delete the same rows.
func purgeIdempotencyKeys(ctx context.Context, st *store.Store) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := st.PurgeIdempotencyKeys(ctx); err != nil && ctx.Err() == nil {
			slog.Warn("could not purge idempotency keys", "error", err)
		} else if n > 0 {
			slog.Info("purged idempotency keys", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// serveHTTP serves srv until ctx ends, then shuts it down gracefully.
func serveHTTP(ctx context.Context, srv *http.Server) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
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

// runWorker runs a worker process: PostgreSQL, Temporal with the SDK's
// metrics, and the worker's metrics and health endpoints.
func runWorker(ctx context.Context, cfg config) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	wm := metrics.NewWorker(st.OutboxPending, slog.Default())
	defer wm.Close()
	tc, err := dialTemporal(cfg, wm.Temporal)
	if err != nil {
		return err
	}
	defer tc.Close()
	return serveWorker(ctx, cfg, st, tc, wm)
}

// serveWorker runs a worker until ctx ends, with /metrics, /healthz and
// /readyz on METRICS_ADDR. On the way out it stops taking work and gives
// running activities WORKER_STOP_TIMEOUT to finish (see worker.Options).
func serveWorker(ctx context.Context, cfg config, st *store.Store, tc client.Client, wm *metrics.Worker) error {
	if err := ensureSearchAttributes(ctx, cfg, tc); err != nil {
		return err
	}
	mailer, err := activities.NewSMTPMailer(cfg.SMTPURL, cfg.MailFrom, cfg.SMTPPool)
	if err != nil {
		return err
	}
	defer mailer.Close()
	if cfg.EmailRate > 0 {
		mailer.Pacer = &activities.SendRate{Store: st, PerSecond: cfg.EmailRate}
	}
	acts := &activities.Activities{Store: st, Mailer: mailer, PageSize: cfg.PageSize, Log: slog.Default(),
		Unsubscribe: cfg.unsubscribe(), DefaultTimeZone: cfg.DefaultTimeZone, FrequencyCap: cfg.FrequencyCap}
	if u, _ := url.Parse(cfg.PublicURL); u.Scheme != "https" && !isLoopback(u.Hostname()) {
		slog.Warn("PUBLIC_URL is not https: mailbox providers ignore one-click unsubscribe links that are not https",
			"public_url", cfg.PublicURL)
	}
	worker.SetCacheSize(cfg.WorkerCacheSize)
	w := worker.New(tc, cfg.TaskQueue, acts, worker.Options{MaxConcurrentActivities: cfg.WorkerActivities,
		StopTimeout: cfg.WorkerStopTimeout})
	ops := newWorkerOps(cfg.MetricsAddr, st, tc, wm)
	if cfg.PProf {
		ops.servePprof()
	}
	if err := ops.listen(); err != nil {
		return err
	}
	defer ops.close()
	if err := w.Start(); err != nil {
		return err
	}
	ops.setReady(true)
	// The outbox sender runs from now on (a wake starts it when it does not).
	if err := acts.Waker.WakeOutboxSender(ctx); err != nil {
		slog.Warn("start the outbox sender", "error", err)
	}
	slog.Info("worker polling", "task_queue", cfg.TaskQueue, "metrics", "http://"+cfg.MetricsAddr+"/metrics")
	<-ctx.Done()
	ops.setReady(false)
	slog.Info("worker stopping", "timeout", cfg.WorkerStopTimeout)
	start := time.Now()
	w.Stop()
	slog.Info("worker stopped", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// isLoopback reports whether host names this machine (a local stack).
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
