package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/cmd/drumbeat/devstack"
)

// system is the local stack the way `make run` starts it (PostgreSQL, the
// Temporal dev server on a database file), with Drumbeat's worker and API
// as separate processes that the run can kill.
type system struct {
	log     *slog.Logger
	stack   *devstack.Stack
	bin     string
	logDir  string
	env     []string
	token   string
	apiURL  string
	worker  *devstack.Process
	api     *devstack.Process
	workers int
}

// startSystem starts a fresh stack in cfg.Dir (a new Temporal database and
// drumbeat database each run), migrates, seeds a user and token, and starts
// one worker and the API.
func startSystem(ctx context.Context, cfg config, log *slog.Logger, smtpURL string) (sys *system, err error) {
	bin, err := cfg.drumbeatPath()
	if err != nil {
		return nil, err
	}
	dir, err := absPath(cfg.Dir)
	if err != nil {
		return nil, err
	}
	// The run owns its PostgreSQL: never one named by the caller's environment.
	os.Unsetenv("DATABASE_URL")
	for _, stale := range []string{"temporal.db", "temporal.db-wal", "temporal.db-shm", "logs"} {
		if err := os.RemoveAll(filepath.Join(dir, stale)); err != nil {
			return nil, err
		}
	}
	stack, err := devstack.Start(ctx, devstack.Options{DataDir: dir, Headless: true, NoMail: true, Log: log})
	if err != nil {
		return nil, err
	}
	sys = &system{log: log, stack: stack, bin: bin, logDir: filepath.Join(dir, "logs"), token: "chaos-" + randomHex(12)}
	defer func() {
		if err != nil {
			sys.stop()
		}
	}()
	env := stack.Env()
	if err := recreateDatabase(ctx, env.DatabaseURL); err != nil {
		return sys, err
	}
	apiPort, err := devstack.FreePort()
	if err != nil {
		return sys, err
	}
	sys.apiURL = "http://127.0.0.1:" + strconv.Itoa(apiPort)
	sys.env = append(append(os.Environ(), env.Environ()...),
		"SMTP_URL="+smtpURL,
		"SMTP_POOL="+strconv.Itoa(cfg.SMTPPool),
		"HTTP_ADDR=127.0.0.1:"+strconv.Itoa(apiPort),
		"DEMO_TOKEN="+sys.token,
		// One throw-away secret for the api and every worker: they must share it.
		"UNSUBSCRIBE_SECRET="+randomHex(32),
		"MAX_PARTICIPANTS="+strconv.Itoa(max(cfg.N, 100000)),
		"LOG_LEVEL=info",
	)
	for _, cmd := range []string{"migrate", "seed"} {
		if err := devstack.RunCommand(ctx, filepath.Join(sys.logDir, "setup.log"), sys.env, bin, cmd); err != nil {
			return sys, fmt.Errorf("drumbeat %s: %w", cmd, err)
		}
	}
	if err := sys.startWorker(); err != nil {
		return sys, err
	}
	if sys.api, err = devstack.StartProcess(log, "api", filepath.Join(sys.logDir, "api.log"), sys.env, bin, "api"); err != nil {
		return sys, err
	}
	return sys, sys.waitAPI(ctx)
}

// recreateDatabase drops and creates the drumbeat database, so a run starts
// from nothing whatever an earlier one left.
func recreateDatabase(ctx context.Context, dbURL string) error {
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

// startWorker starts a `drumbeat worker` process.
func (s *system) startWorker() error {
	s.workers++
	p, err := devstack.StartProcess(s.log, "worker", filepath.Join(s.logDir, "worker.log"), s.env, s.bin, "worker")
	if err != nil {
		return err
	}
	s.worker = p
	return nil
}

// killWorker crashes the worker with SIGKILL and starts a new one, as a
// supervisor would.
func (s *system) killWorker() error {
	s.worker.Kill()
	s.log.Warn("worker killed with SIGKILL", "pid", s.worker.Pid())
	return s.startWorker()
}

// waitAPI waits until the API answers /readyz.
func (s *system) waitAPI(ctx context.Context) error {
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(s.apiURL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if s.api.Exited() {
			return s.api.ExitError()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the API at %s is not ready after a minute (last error: %v)", s.apiURL, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// checkProcesses reports a worker or API that ended without being killed.
func (s *system) checkProcesses() error {
	var errs []error
	for _, p := range []*devstack.Process{s.worker, s.api} {
		if p != nil && p.Exited() {
			errs = append(errs, p.ExitError())
		}
	}
	return errors.Join(errs...)
}

// stop ends the processes and the stack; the data and logs stay in the
// run's folder.
func (s *system) stop() {
	for _, p := range []*devstack.Process{s.api, s.worker} {
		if p != nil {
			p.Stop(10 * time.Second)
		}
	}
	if err := s.stack.Stop(); err != nil {
		s.log.Warn("stopping the stack", "err", err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func absPath(p string) (string, error) { return filepath.Abs(p) }
