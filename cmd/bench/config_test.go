package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadConfigDefaults(t *testing.T) {
	cfg, err := loadConfig(envOf(nil))
	require.NoError(t, err)
	assert.Equal(t, 10000, cfg.N)
	assert.Equal(t, 3, cfg.Runs)
	assert.Equal(t, 30*time.Second, cfg.Delay)
	assert.Zero(t, cfg.Profile)
	assert.Empty(t, cfg.Worker)
	assert.Equal(t, []string{"a", "b", "c", "d", "e", "g", "f"}, cfg.Scenarios)
	assert.Equal(t, 1_000_000, cfg.Leads)
	assert.Equal(t, 16, cfg.Clients)
	assert.Equal(t, 320, cfg.Requests)
	assert.Equal(t, []string{"MAX_PARTICIPANTS=100000"}, cfg.env())
	assert.Equal(t, "dev", cfg.Temporal)
	require.Len(t, cfg.passes(), 1, "the dev server only")
	assert.Equal(t, pass{store: "dev", cfg: cfg}, cfg.passes()[0])
}

// TEMPORAL=postgres measures everything but the leads a second time, on
// the Temporal server on PostgreSQL, in a folder of its own.
func TestLoadConfigTemporalPostgres(t *testing.T) {
	cfg, err := loadConfig(envOf(map[string]string{"TEMPORAL": "postgres", "BENCH_SCENARIOS": "a,b,f", "BENCH_DIR": "/tmp/b"}))
	require.NoError(t, err)
	assert.Equal(t, "postgres", cfg.Temporal)
	passes := cfg.passes()
	require.Len(t, passes, 2)
	assert.Equal(t, "dev", passes[0].store)
	assert.Equal(t, []string{"a", "b", "f"}, passes[0].cfg.Scenarios)
	assert.Equal(t, "postgres", passes[1].store)
	assert.Equal(t, "@pg", passes[1].suffix)
	assert.Equal(t, []string{"a", "b"}, passes[1].cfg.Scenarios, "the leads never touch Temporal")
	assert.Equal(t, "/tmp/b/temporal-postgres", passes[1].cfg.Dir)
	assert.Equal(t, []string{"a", "b", "f"}, cfg.Scenarios, "the first pass's scenarios are left alone")

	cfg, err = loadConfig(envOf(map[string]string{"TEMPORAL": "postgres", "BENCH_SCENARIOS": "f"}))
	require.NoError(t, err)
	assert.Len(t, cfg.passes(), 1, "nothing to measure on the second server")
}

func TestLoadConfigReadsEverySetting(t *testing.T) {
	cfg, err := loadConfig(envOf(map[string]string{"BENCH_N": "200000", "BENCH_RUNS": " 1 ", "BENCH_DELAY": "5s",
		"BENCH_TIMEOUT": "2m", "BENCH_PROFILE": "45s", "SMTP_POOL": "16", "PAGE_SIZE": "2000", "BENCH_DIR": "/tmp/b"}))
	require.NoError(t, err)
	assert.Equal(t, 200000, cfg.N)
	assert.Equal(t, 1, cfg.Runs)
	assert.Equal(t, 5*time.Second, cfg.Delay)
	assert.Equal(t, 2*time.Minute, cfg.Timeout)
	assert.Equal(t, 45*time.Second, cfg.Profile)
	assert.Equal(t, "/tmp/b", cfg.Dir)
	assert.Equal(t, []string{"MAX_PARTICIPANTS=200000", "SMTP_POOL=16", "PAGE_SIZE=2000", "PPROF=true"}, cfg.env(),
		"the worker's own settings are passed on, and profiles need PPROF")

	cfg, err = loadConfig(envOf(map[string]string{"BENCH_SCENARIOS": " D, a "}))
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "d"}, cfg.Scenarios, "in run order, with the start (d) needs")
	assert.False(t, cfg.has("c"))
	cfg, err = loadConfig(envOf(map[string]string{"BENCH_SCENARIOS": "f,a", "BENCH_LEADS": "5000", "BENCH_CLIENTS": "4", "BENCH_REQUESTS": "40"}))
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "f"}, cfg.Scenarios, "the leads need no campaign")
	assert.Equal(t, []int{5000, 4, 40}, []int{cfg.Leads, cfg.Clients, cfg.Requests})
}

func TestLoadConfigRefusesBadValues(t *testing.T) {
	_, err := loadConfig(envOf(map[string]string{"BENCH_N": "ten", "BENCH_RUNS": "0", "BENCH_DELAY": "1500ms",
		"BENCH_TIMEOUT": "-1m", "BENCH_PROFILE": "yes", "BENCH_SCENARIOS": "a,z", "TEMPORAL": "sqlite"}))
	require.Error(t, err)
	for _, want := range []string{`BENCH_N="ten"`, `BENCH_RUNS="0"`, `BENCH_DELAY="1500ms": want whole seconds`,
		`BENCH_TIMEOUT="-1m"`, `BENCH_PROFILE="yes"`, `BENCH_SCENARIOS="a,z": want all, or a comma list of a, b, c, d, e, g, f`,
		`TEMPORAL="sqlite": want dev (the Temporal CLI's dev server) or postgres`} {
		assert.Contains(t, err.Error(), want)
	}
	_, err = loadConfig(envOf(map[string]string{"BENCH_LEADS": "1e6"}))
	assert.ErrorContains(t, err, `BENCH_LEADS="1e6": want a positive whole number`)
	_, err = loadConfig(envOf(map[string]string{"TEMPORAL": "Postgres"}))
	assert.ErrorContains(t, err, `TEMPORAL="Postgres"`, "spelled exactly")
}

func TestDrumbeatPathMustBeExecutable(t *testing.T) {
	_, err := config{Drumbeat: t.TempDir()}.drumbeatPath()
	assert.ErrorContains(t, err, "make bench")
}
