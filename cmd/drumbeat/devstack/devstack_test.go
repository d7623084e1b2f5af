package devstack

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/smtp"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
)

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func TestEphemeralStack(t *testing.T) {
	// The stack must start its own PostgreSQL here, even inside `drumbeat stack`.
	t.Setenv("DATABASE_URL", "")
	os.Unsetenv("DATABASE_URL")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	begin := time.Now()
	st, err := Start(ctx, Options{Ephemeral: true, Headless: true, Log: testLogger(t)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Stop() })
	t.Logf("stack started in %s", time.Since(begin))
	env := st.Env()

	environ := strings.Join(env.Environ(), "\n")
	assert.Contains(t, environ, "DATABASE_URL="+env.DatabaseURL)
	assert.Contains(t, environ, "TEMPORAL_ADDRESS="+env.TemporalAddress)
	assert.Contains(t, environ, "TEMPORAL_NAMESPACE=default")
	assert.Contains(t, environ, "SMTP_URL=smtp://127.0.0.1:")
	assert.Contains(t, environ, "INBOX_URL="+env.InboxURL)
	assert.NotContains(t, environ, "TEMPORAL_WEB_URL", "headless")

	// PostgreSQL: the drumbeat database answers.
	conn, err := pgx.Connect(ctx, env.DatabaseURL)
	require.NoError(t, err)
	var one int
	require.NoError(t, conn.QueryRow(ctx, "SELECT 1").Scan(&one))
	assert.Equal(t, 1, one)
	var db string
	require.NoError(t, conn.QueryRow(ctx, "SELECT current_database()").Scan(&db))
	assert.Equal(t, "drumbeat", db)
	require.NoError(t, conn.Close(ctx))

	// Temporal: healthy, with Drumbeat's search attributes.
	c, err := client.Dial(client.Options{
		HostPort:  env.TemporalAddress,
		Namespace: TemporalNamespace,
		Logger:    sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
	})
	require.NoError(t, err)
	_, err = c.CheckHealth(ctx, &client.CheckHealthRequest{})
	require.NoError(t, err)
	sa, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: TemporalNamespace})
	require.NoError(t, err)
	for _, name := range SearchAttributes {
		assert.Contains(t, sa.GetCustomAttributes(), name)
	}
	c.Close()

	// SMTP sink: accepts a mail that shows up in the inbox.
	smtpURL, err := url.Parse(env.SMTPURL)
	require.NoError(t, err)
	msg := "From: news@drumbeat.test\r\nTo: zoe@example.com\r\nSubject: stack check\r\n\r\nhello\r\n"
	require.NoError(t, smtp.SendMail(smtpURL.Host, nil, "news@drumbeat.test", []string{"zoe@example.com"}, []byte(msg)))
	resp, err := http.Get(env.InboxURL + "/api/messages?to=zoe@example.com")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Contains(t, string(body), "stack check")

	// Stop closes every port, removes the temporary data and may be repeated.
	pgHost := strings.SplitN(strings.TrimPrefix(env.DatabaseURL, "postgres://postgres@"), "/", 2)[0]
	require.NoError(t, st.Stop())
	require.NoError(t, st.Stop())
	for _, addr := range []string{pgHost, env.TemporalAddress, smtpURL.Host, strings.TrimPrefix(env.InboxURL, "http://")} {
		assert.False(t, portOpen(addr), "port %s still open after Stop", addr)
	}
	_, err = os.Stat(st.tempDir)
	assert.True(t, os.IsNotExist(err), "temporary folder removed")
}

func TestStartFailureStopsWhatStarted(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	os.Unsetenv("DATABASE_URL")
	t.Setenv("TEMPORAL_CLI", "/nonexistent/temporal")
	pgPort, err := freePort()
	require.NoError(t, err)
	st, err := Start(context.Background(), Options{Ephemeral: true, Headless: true, PostgresPort: pgPort, Log: testLogger(t)})
	require.Error(t, err)
	assert.Nil(t, st)
	assert.Contains(t, err.Error(), "TEMPORAL_CLI")
	assert.False(t, portOpen(addr(pgPort)), "PostgreSQL was stopped again")
}

// TestPersistentRestart starts a stack on a data folder twice, as `drumbeat
// dev` does, and checks the second run reuses the cluster and the Temporal
// database, restoring a search attribute the database lacks.
func TestPersistentRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the stack twice")
	}
	t.Setenv("DATABASE_URL", "")
	os.Unsetenv("DATABASE_URL")
	dir, err := os.MkdirTemp("", "drumbeat-devstack-test-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755)) // PostgreSQL may run as another user
	t.Cleanup(func() { os.RemoveAll(dir) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	quiet := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))

	st, err := Start(ctx, Options{DataDir: dir, Headless: true, Log: testLogger(t)})
	require.NoError(t, err)
	env := st.Env()
	conn, err := pgx.Connect(ctx, env.DatabaseURL)
	require.NoError(t, err)
	_, err = conn.Exec(ctx, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)")
	require.NoError(t, err)
	require.NoError(t, conn.Close(ctx))
	c, err := client.Dial(client.Options{HostPort: env.TemporalAddress, Logger: quiet})
	require.NoError(t, err)
	_, err = c.OperatorService().RemoveSearchAttributes(ctx, &operatorservice.RemoveSearchAttributesRequest{
		Namespace: TemporalNamespace, SearchAttributes: []string{"DripStatus"},
	})
	require.NoError(t, err)
	c.Close()
	require.NoError(t, st.Stop())
	assert.FileExists(t, dir+"/temporal.db")

	st, err = Start(ctx, Options{DataDir: dir, Headless: true, Log: testLogger(t)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Stop() })
	env = st.Env()
	conn, err = pgx.Connect(ctx, env.DatabaseURL)
	require.NoError(t, err)
	var v int
	require.NoError(t, conn.QueryRow(ctx, "SELECT v FROM kept").Scan(&v))
	assert.Equal(t, 7, v)
	require.NoError(t, conn.Close(ctx))
	c, err = client.Dial(client.Options{HostPort: env.TemporalAddress, Logger: quiet})
	require.NoError(t, err)
	defer c.Close()
	sa, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: TemporalNamespace})
	require.NoError(t, err)
	for _, name := range SearchAttributes {
		assert.Contains(t, sa.GetCustomAttributes(), name)
	}
	require.NoError(t, st.Stop())
}

func TestEnvironOmitsEmpty(t *testing.T) {
	env := Env{DatabaseURL: "postgres://x", TemporalAddress: "127.0.0.1:1", SMTPURL: "smtp://127.0.0.1:2", InboxURL: "http://127.0.0.1:3", TemporalWebURL: "http://127.0.0.1:4"}
	assert.Equal(t, []string{
		"DATABASE_URL=postgres://x",
		"TEMPORAL_ADDRESS=127.0.0.1:1",
		"TEMPORAL_NAMESPACE=default",
		"SMTP_URL=smtp://127.0.0.1:2",
		"INBOX_URL=http://127.0.0.1:3",
		"TEMPORAL_WEB_URL=http://127.0.0.1:4",
	}, env.Environ())
	assert.Equal(t, []string{"TEMPORAL_NAMESPACE=default"}, Env{}.Environ())
}
