package devstack

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
)

// TestRestartParts restarts PostgreSQL (pg_ctl restart -m fast) and the
// Temporal dev server of a stack kept on a data folder, as a fault drill
// does: sessions are cut, data and workflows survive, and Stop still stops
// the server pg_ctl started.
func TestRestartParts(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts parts of a stack")
	}
	t.Setenv("DATABASE_URL", "")
	os.Unsetenv("DATABASE_URL")
	dir, err := os.MkdirTemp("", "drumbeat-devstack-restart-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755)) // PostgreSQL may run as another user
	t.Cleanup(func() { os.RemoveAll(dir) })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	st, err := Start(ctx, Options{DataDir: dir, Headless: true, NoMail: true, Log: testLogger(t)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Stop() })
	env := st.Env()
	assert.Empty(t, env.SMTPURL, "NoMail starts no SMTP server")
	assert.NotContains(t, strings.Join(env.Environ(), "\n"), "SMTP_URL")

	before, err := pgx.Connect(ctx, env.DatabaseURL)
	require.NoError(t, err)
	_, err = before.Exec(ctx, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)")
	require.NoError(t, err)
	quiet := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	c, err := client.Dial(client.Options{HostPort: env.TemporalAddress, Logger: quiet})
	require.NoError(t, err)
	defer c.Close()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "restart-drill", TaskQueue: "nobody-polls"}, "Drill")
	require.NoError(t, err)

	require.NoError(t, st.RestartPostgres(ctx))
	_, err = before.Exec(ctx, "SELECT 1")
	assert.Error(t, err, "a fast restart disconnects every session")
	after, err := pgx.Connect(ctx, env.DatabaseURL)
	require.NoError(t, err)
	var v int
	require.NoError(t, after.QueryRow(ctx, "SELECT v FROM kept").Scan(&v))
	assert.Equal(t, 7, v)
	require.NoError(t, after.Close(ctx))

	require.NoError(t, st.RestartTemporal(ctx))
	d, err := c.DescribeWorkflowExecution(ctx, "restart-drill", run.GetRunID())
	require.NoError(t, err, "the workflow survives on the database file")
	assert.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, d.WorkflowExecutionInfo.Status)

	pgAddr := strings.SplitN(strings.TrimPrefix(env.DatabaseURL, "postgres://postgres@"), "/", 2)[0]
	require.NoError(t, st.Stop())
	assert.False(t, portOpen(pgAddr), "Stop stops the server pg_ctl restarted")
	assert.False(t, portOpen(env.TemporalAddress), "Stop stops the restarted dev server")
}

// A process started next to the stack dies at once on Kill, as in a crash.
func TestProcessKill(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "sleep.log")
	p, err := StartProcess(testLogger(t), "sleep", logPath, os.Environ(), "/bin/sh", "-c", "trap '' TERM; echo up; exec sleep 60")
	require.NoError(t, err)
	assert.False(t, p.Exited())
	begin := time.Now()
	p.Kill()
	assert.True(t, p.Exited())
	assert.Less(t, time.Since(begin), 5*time.Second, "SIGKILL does not wait for the process")
	assert.Contains(t, p.ExitError().Error(), "killed")
	p.Stop(time.Second) // safe after Kill

	err = RunCommand(context.Background(), logPath, os.Environ(), "/bin/sh", "-c", "echo failing; exit 3")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "failing", "the error carries the command's output")
}
