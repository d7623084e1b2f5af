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
	assert.Equal(t, allFaults, cfg.Faults)
	assert.Equal(t, 4, cfg.SMTPPool)
	assert.Equal(t, time.Hour, cfg.Timeout)
	assert.Equal(t, time.Minute, cfg.SMTPDown)
	assert.True(t, cfg.has(faultWorker))
}

func TestLoadConfigChoosesFaults(t *testing.T) {
	cfg, err := loadConfig(envOf(map[string]string{"CHAOS_N": "1000", "CHAOS_FAULTS": " Temporal,worker ", "SMTP_POOL": "2", "CHAOS_TIMEOUT": "5m"}))
	require.NoError(t, err)
	assert.Equal(t, 1000, cfg.N)
	assert.Equal(t, []string{faultWorker, faultTemporal}, cfg.Faults, "kept in run order")
	assert.Equal(t, 2, cfg.SMTPPool)
	assert.Equal(t, 5*time.Minute, cfg.Timeout)
	assert.False(t, cfg.has(faultSMTP))

	cfg, err = loadConfig(envOf(map[string]string{"CHAOS_FAULTS": "smtp"}))
	require.NoError(t, err)
	assert.Equal(t, []string{faultSMTP}, cfg.Faults, "no worker or PostgreSQL fault: the bound is zero duplicates")
	cfg, err = loadConfig(envOf(map[string]string{"CHAOS_FAULTS": "all"}))
	require.NoError(t, err)
	assert.Equal(t, allFaults, cfg.Faults)
}

func TestLoadConfigRefusesBadValues(t *testing.T) {
	_, err := loadConfig(envOf(map[string]string{"CHAOS_N": "ten", "SMTP_POOL": "0", "CHAOS_TIMEOUT": "-1m", "CHAOS_FAULTS": "worker,disk"}))
	require.Error(t, err)
	for _, want := range []string{`CHAOS_N="ten"`, `SMTP_POOL="0"`, `CHAOS_TIMEOUT="-1m"`, `"disk" is not a fault`} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestDrumbeatPathMustBeExecutable(t *testing.T) {
	_, err := config{Drumbeat: t.TempDir()}.drumbeatPath()
	assert.ErrorContains(t, err, "make build")
	_, err = config{Drumbeat: "/nonexistent/drumbeat"}.drumbeatPath()
	assert.ErrorContains(t, err, "not an executable")
}
