package devstack

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// RestartPostgres restarts the stack's PostgreSQL as an operator would,
// with `pg_ctl restart -m fast` (every session is disconnected), and waits
// until it accepts connections again. It must not run at the same time as
// Stop.
func (st *Stack) RestartPostgres(ctx context.Context) error {
	if st.pg == nil {
		return errors.New("PostgreSQL is not run by this stack ($DATABASE_URL names it)")
	}
	return st.pg.restart(ctx)
}

// RestartTemporal stops the stack's Temporal dev server and starts it again
// on the same port and database file (with Options.Ephemeral its state is
// in memory and lost), and waits until it is healthy. It must not run at
// the same time as Stop.
func (st *Stack) RestartTemporal(ctx context.Context) error {
	if st.temporal == nil {
		return errors.New("the stack runs no Temporal dev server")
	}
	return st.temporal.restart(ctx)
}

// restart runs pg_ctl restart, which stops the postmaster the stack started
// and starts a new one, detached, with the same options (postmaster.opts).
func (pg *postgres) restart(ctx context.Context) error {
	// pg_ctl writes the new server's output to a file of its own, which the
	// user PostgreSQL runs as must be able to open.
	serverLog := filepath.Join(pg.logDir, "postgres-restarted.log")
	f, err := os.OpenFile(serverLog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("open %s: %w", serverLog, err)
	}
	_ = f.Close()
	if pg.cred != nil {
		if err := os.Chown(serverLog, int(pg.cred.Uid), int(pg.cred.Gid)); err != nil {
			return fmt.Errorf("chown %s to postgres: %w", serverLog, err)
		}
	}
	rctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	// From here on the postmaster may be pg_ctl's, so stop must use pg_ctl.
	pg.restarted = true
	err = runCommand(rctx, filepath.Join(pg.logDir, "postgres.log"), postgresEnv(), pg.cred,
		filepath.Join(pg.binDir, "pg_ctl"), "restart", "-D", pg.dir, "-m", "fast", "-w", "-t", "60", "-l", serverLog)
	if err != nil {
		return fmt.Errorf("pg_ctl restart: %w", err)
	}
	return pg.ready(ctx)
}

// restart stops the dev server and starts it again with the same command.
func (t *temporal) restart(ctx context.Context) error {
	t.proc.stop(10 * time.Second)
	proc, err := startChild(t.log, "temporal", t.logPath, t.env, nil, t.argv...)
	if err != nil {
		return err
	}
	t.proc = proc
	return t.ready(ctx, t.log)
}
