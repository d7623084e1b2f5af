package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
)

// TestBenchSmoke runs the whole benchmark once at a tiny size on the stack
// `make test` started (the one DATABASE_URL and TEMPORAL_ADDRESS name; a
// database of its own on that PostgreSQL), with the real binary built as
// `make build` builds it: every figure is taken, nothing is sent twice and
// the table says where each target stands.
func TestBenchSmoke(t *testing.T) {
	for _, name := range []string{"DATABASE_URL", "TEMPORAL_ADDRESS"} {
		require.NotEmpty(t, os.Getenv(name), "%s is not set: run the tests with `make test`, which starts the stack", name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	t.Setenv("DATABASE_URL", ownDatabase(t, ctx, os.Getenv("DATABASE_URL")))
	dir := t.TempDir()
	bin := filepath.Join(dir, "drumbeat")
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "../drumbeat").CombinedOutput()
	require.NoError(t, err, "%s", out)

	cfg, err := loadConfig(func(k string) string {
		return map[string]string{"BENCH_N": "20", "BENCH_RUNS": "1", "BENCH_DELAY": "2s", "BENCH_TIMEOUT": "3m",
			"BENCH_LEADS": "500", "BENCH_CLIENTS": "4", "BENCH_REQUESTS": "8", "BENCH_DIR": dir, "DRUMBEAT_BIN": bin}[k]
	})
	require.NoError(t, err)
	rep, err := runBench(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	require.Empty(t, rep.failures)
	require.Len(t, rep.runs, 1)
	for _, f := range figures(cfg.N) {
		assert.Contains(t, rep.runs[0], f.key, "run 1 took %s", f.label)
	}
	assert.Positive(t, rep.runs[0]["b.nth"])
	assert.GreaterOrEqual(t, rep.runs[0]["d.p50"], 0.0, "no delayed email before its due time")
	assert.Zero(t, rep.repeats)
	for _, name := range cpuNames {
		assert.Contains(t, rep.runs[0], "cpu.b."+name, "the CPU time of %s during the start", name)
	}
	assert.Positive(t, rep.runs[0]["cpu.c.temporal"], "the server works during a batch")
	require.Len(t, rep.rounds, 4)
	for _, r := range rep.rounds {
		assert.Positive(t, r.Tasks, r.Step)
	}
	var buf bytes.Buffer
	rep.Print(&buf)
	assert.Contains(t, buf.String(), "| (b) campaign start: Nth email accepted |")
	assert.Equal(t, len(figures(cfg.N)), strings.Count(buf.String(), " 1/1 |"), "every row from the one run")
	assert.Regexp(t, `< 1 s \| (met|missed) \|`, buf.String())
}

// ownDatabase creates an empty database on the server base names, dropped
// when the test ends, and returns its URL.
func ownDatabase(t *testing.T, ctx context.Context, base string) string {
	u, err := url.Parse(base)
	require.NoError(t, err)
	name := "bench_" + rig.RandomHex(5)
	conn, err := pgx.Connect(ctx, base)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE DATABASE "+name)
	require.NoError(t, err)
	t.Cleanup(func() {
		if c, err := pgx.Connect(context.Background(), base); err == nil {
			_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			_ = c.Close(context.Background())
		}
	})
	u.Path = "/" + name
	return u.String()
}
