// Package rig drives the real drumbeat binary on a local stack, the way an
// operator would: PostgreSQL and the Temporal dev server (started the way
// `make run` starts them, or named by the environment), `drumbeat worker`
// and `drumbeat api` as processes of their own, an SMTP server inside the
// calling program that sees every accepted message, and an API client.
// cmd/chaos and cmd/bench are built on it.
package rig

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"github.com/drumbeat-crm/drumbeat/cmd/drumbeat/devstack"
	"github.com/drumbeat-crm/drumbeat/worker"
)

// Options says how to start a system.
type Options struct {
	// Dir keeps the run's data and logs (Dir/logs).
	Dir string
	// Bin is the drumbeat binary, already checked with Executable.
	Bin string
	// SMTPURL is where the worker sends mail (the caller's own server).
	SMTPURL string
	// Env holds further variables for the worker and the API (SMTP_POOL,
	// MAX_PARTICIPANTS, ...); they win over the environment.
	Env []string
	// External uses the PostgreSQL and Temporal that DATABASE_URL and
	// TEMPORAL_ADDRESS name when both are set, instead of starting a fresh
	// stack. The database is migrated and seeded, never dropped, and the
	// worker polls a task queue of its own.
	External bool
	// Ephemeral keeps a started stack's data in memory and temporary
	// folders (Temporal in memory, PostgreSQL without fsync), as `drumbeat
	// stack` does: the fastest the dev server goes. Otherwise Temporal
	// keeps its state in a database file in Dir, as `make run` does, and
	// survives its own restart.
	Ephemeral bool
	// TemporalConfig sets dynamic configuration values of a started
	// Temporal server ("key=JSON value").
	TemporalConfig []string
	// TemporalStore is what a started stack runs Temporal on: the dev
	// server (devstack.TemporalDev, the default) or the Temporal server on
	// the stack's PostgreSQL (devstack.TemporalPostgres).
	TemporalStore string
	Log           *slog.Logger
}

// System is a running stack with a Drumbeat worker and API.
type System struct {
	// Stack is the stack the system started; nil when External.
	Stack *devstack.Stack
	// Env says where PostgreSQL and Temporal are.
	Env devstack.Env
	// Namespace is the Temporal namespace and TaskQueue the worker's queue.
	Namespace, TaskQueue string
	// Token is the seeded administrator's API token.
	Token string
	// APIURL is the API's base URL; MetricsURL the worker's operations endpoint.
	APIURL, MetricsURL string
	// Worker and API are the two Drumbeat processes.
	Worker, API *devstack.Process

	log    *slog.Logger
	bin    string
	logDir string
	env    []string
}

// Start starts a fresh stack in opts.Dir (a new Temporal database and
// drumbeat database each time) or, with External, uses the one the
// environment names; then migrates, seeds a user and token, and starts one
// worker and the API.
func Start(ctx context.Context, opts Options) (sys *System, err error) {
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	sys = &System{log: log, bin: opts.Bin, logDir: filepath.Join(dir, "logs"), Token: "rig-" + RandomHex(12),
		Namespace: devstack.TemporalNamespace, TaskQueue: worker.DefaultTaskQueue}
	defer func() {
		if err != nil {
			sys.Stop()
		}
	}()
	if err := os.MkdirAll(sys.logDir, 0o755); err != nil {
		return sys, err
	}
	var base []string
	if dbURL, tAddr := os.Getenv("DATABASE_URL"), os.Getenv("TEMPORAL_ADDRESS"); opts.External && dbURL != "" && tAddr != "" {
		log.Info("using the stack named by DATABASE_URL and TEMPORAL_ADDRESS", "temporal", tAddr)
		sys.Env = devstack.Env{DatabaseURL: dbURL, TemporalAddress: tAddr}
		if ns := strings.TrimSpace(os.Getenv("TEMPORAL_NAMESPACE")); ns != "" {
			sys.Namespace = ns
		}
		// Another worker may poll the default queue of that stack.
		sys.TaskQueue = "rig-" + RandomHex(6)
		base = append(os.Environ(), "TEMPORAL_TASK_QUEUE="+sys.TaskQueue)
	} else {
		if err := sys.startStack(ctx, dir, opts); err != nil {
			return sys, err
		}
		base = append(os.Environ(), sys.Env.Environ()...)
	}
	apiPort, err := devstack.FreePort()
	if err != nil {
		return sys, err
	}
	metricsPort, err := devstack.FreePort()
	if err != nil {
		return sys, err
	}
	sys.APIURL = "http://127.0.0.1:" + strconv.Itoa(apiPort)
	sys.MetricsURL = "http://127.0.0.1:" + strconv.Itoa(metricsPort)
	sys.env = append(append(base,
		"SMTP_URL="+opts.SMTPURL,
		"HTTP_ADDR=127.0.0.1:"+strconv.Itoa(apiPort),
		"METRICS_ADDR=127.0.0.1:"+strconv.Itoa(metricsPort),
		"DEMO_TOKEN="+sys.Token,
		// One throw-away secret for the api and every worker: they must share it.
		"UNSUBSCRIBE_SECRET="+RandomHex(32),
		"LOG_LEVEL=info",
	), opts.Env...)
	for _, cmd := range []string{"migrate", "seed"} {
		if err := devstack.RunCommand(ctx, filepath.Join(sys.logDir, "setup.log"), sys.env, sys.bin, cmd); err != nil {
			return sys, fmt.Errorf("drumbeat %s: %w", cmd, err)
		}
	}
	if err := sys.StartWorker(); err != nil {
		return sys, err
	}
	if sys.API, err = devstack.StartProcess(log, "api", filepath.Join(sys.logDir, "api.log"), sys.env, sys.bin, "api"); err != nil {
		return sys, err
	}
	return sys, sys.waitAPI(ctx)
}

// startStack starts PostgreSQL and the Temporal dev server (on a database
// file in dir unless ephemeral), both fresh, and a fresh drumbeat database.
func (s *System) startStack(ctx context.Context, dir string, opts Options) error {
	// The run owns its PostgreSQL: never one named by the caller's environment.
	os.Unsetenv("DATABASE_URL")
	for _, stale := range []string{"temporal.db", "temporal.db-wal", "temporal.db-shm", "logs"} {
		if err := os.RemoveAll(filepath.Join(dir, stale)); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(s.logDir, 0o755); err != nil {
		return err
	}
	stack, err := devstack.Start(ctx, devstack.Options{DataDir: dir, Ephemeral: opts.Ephemeral, Headless: true, NoMail: true,
		TemporalConfig: opts.TemporalConfig, TemporalStore: opts.TemporalStore, Log: s.log})
	if err != nil {
		return err
	}
	s.Stack, s.Env = stack, stack.Env()
	return RecreateDatabase(ctx, s.Env.DatabaseURL)
}

// RecreateDatabase drops and creates the database dbURL names, so a run
// starts from nothing whatever an earlier one left.
func RecreateDatabase(ctx context.Context, dbURL string) error {
	u, err := url.Parse(dbURL)
	if err != nil {
		return err
	}
	name := pgx.Identifier{u.Path[1:]}.Sanitize()
	u.Path = "/postgres"
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, stmt := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}

// StartWorker starts a `drumbeat worker` process.
func (s *System) StartWorker() error {
	p, err := devstack.StartProcess(s.log, "worker", filepath.Join(s.logDir, "worker.log"), s.env, s.bin, "worker")
	if err != nil {
		return err
	}
	s.Worker = p
	return nil
}

// KillWorker crashes the worker with SIGKILL and starts a new one, as a
// supervisor would.
func (s *System) KillWorker() error {
	s.Worker.Kill()
	s.log.Warn("worker killed with SIGKILL", "pid", s.Worker.Pid())
	return s.StartWorker()
}

// waitAPI waits until the API answers /readyz.
func (s *System) waitAPI(ctx context.Context) error {
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(s.APIURL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if s.API.Exited() {
			return s.API.ExitError()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the API at %s is not ready after a minute (last error: %v)", s.APIURL, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// CheckProcesses reports a worker or API that ended without being killed.
func (s *System) CheckProcesses() error {
	var errs []error
	for _, p := range []*devstack.Process{s.Worker, s.API} {
		if p != nil && p.Exited() {
			errs = append(errs, p.ExitError())
		}
	}
	return errors.Join(errs...)
}

// Stop ends the processes and the stack; the data and logs stay in the
// run's folder.
func (s *System) Stop() {
	for _, p := range []*devstack.Process{s.API, s.Worker} {
		if p != nil {
			p.Stop(10 * time.Second)
		}
	}
	if s.Stack != nil {
		if err := s.Stack.Stop(); err != nil {
			s.log.Warn("stopping the stack", "err", err)
		}
	}
}

// RandomHex returns n random bytes in hex.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// DialTemporal connects to the system's Temporal namespace, without the
// SDK's log lines.
func (s *System) DialTemporal() (client.Client, error) {
	return client.Dial(client.Options{HostPort: s.Env.TemporalAddress, Namespace: s.Namespace,
		Logger: tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))})
}

// ReceivedLog creates dir and, in it, smtp-received.log: where a run's SMTP
// server logs every accepted message.
func ReceivedLog(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return os.Create(filepath.Join(dir, "smtp-received.log"))
}
