package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// clearConfigEnv unsets, for the test, every variable loadConfig reads, so
// the machine's own environment (the test stack's addresses) cannot leak in.
func clearConfigEnv(t *testing.T) {
	t.Helper()
	_, _ = loadConfig()
	for _, name := range readVariables() {
		t.Setenv(name, "")
	}
}

func TestConfigDefaults(t *testing.T) {
	clearConfigEnv(t)
	cfg, err := loadConfig()
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:7233", cfg.TemporalAddress)
	assert.Equal(t, "default", cfg.TemporalNamespace)
	assert.Equal(t, "drumbeat", cfg.TaskQueue)
	assert.Equal(t, 4, cfg.SMTPPool)
	assert.Equal(t, 500, cfg.PageSize)
	assert.Equal(t, 0, cfg.WorkerActivities, "unset: the SDK's default")
	assert.Equal(t, 2000, cfg.WorkerCacheSize, "bounded, unlike the SDK's default of 10,000")
	assert.Equal(t, "127.0.0.1:9090", cfg.MetricsAddr)
	assert.Equal(t, 30*time.Second, cfg.WorkerStopTimeout)
	assert.Equal(t, "http://127.0.0.1:8080", cfg.PublicURL)
	assert.Empty(t, cfg.UnsubscribeSecret)
	assert.Error(t, cfg.requireSecrets(), "the api and the worker need a secret")
	assert.Equal(t, "info", cfg.LogLevel)
	assert.Zero(t, cfg.EmailRate, "unlimited")
	assert.False(t, cfg.FrequencyCap.Set(), "no cap")
	assert.Equal(t, time.UTC, cfg.DefaultTimeZone)
	assert.False(t, cfg.PProf, "no profiles unless asked for")
	assert.Nil(t, cfg.Temporal.TLS, "no TLS unless asked for")
	assert.Empty(t, cfg.Temporal.APIKey)
}

func TestConfigAcceptsGoodValues(t *testing.T) {
	cases := []struct {
		name, value string
		check       func(t *testing.T, c config)
	}{
		{"WORKER_CACHE_SIZE", "500", func(t *testing.T, c config) { assert.Equal(t, 500, c.WorkerCacheSize) }},
		{"WORKER_CACHE_SIZE", "0", func(t *testing.T, c config) { assert.Zero(t, c.WorkerCacheSize, "no sticky execution") }},
		{"SMTP_POOL", "12", func(t *testing.T, c config) { assert.Equal(t, 12, c.SMTPPool) }},
		{"SMTP_POOL", " 7 ", func(t *testing.T, c config) { assert.Equal(t, 7, c.SMTPPool, "blanks around a value are trimmed") }},
		{"PAGE_SIZE", "1", func(t *testing.T, c config) { assert.Equal(t, 1, c.PageSize) }},
		{"HTTP_ADDR", "0.0.0.0:9999", func(t *testing.T, c config) { assert.Equal(t, "0.0.0.0:9999", c.HTTPAddr) }},
		{"METRICS_ADDR", ":9464", func(t *testing.T, c config) { assert.Equal(t, ":9464", c.MetricsAddr) }},
		{"LOG_LEVEL", "DEBUG", func(t *testing.T, c config) { assert.Equal(t, "debug", c.LogLevel) }},
		{"LOG_FORMAT", "json", func(t *testing.T, c config) { assert.Equal(t, "json", c.LogFormat) }},
		{"WORKER_STOP_TIMEOUT", "1m30s", func(t *testing.T, c config) { assert.Equal(t, 90*time.Second, c.WorkerStopTimeout) }},
		{"WORKER_STOP_TIMEOUT", "0s", func(t *testing.T, c config) { assert.Zero(t, c.WorkerStopTimeout) }},
		{"WORKER_MAX_ACTIVITIES", "50", func(t *testing.T, c config) { assert.Equal(t, 50, c.WorkerActivities) }},
		{"PPROF", "true", func(t *testing.T, c config) { assert.True(t, c.PProf) }},
		{"PPROF", "0", func(t *testing.T, c config) { assert.False(t, c.PProf) }},
		{"SMTP_URL", "smtp://user:pw@mail.example.com:587?tls=starttls", func(t *testing.T, c config) {
			assert.Equal(t, "smtp://user:pw@mail.example.com:587?tls=starttls", c.SMTPURL)
		}},
		{"MAIL_FROM", "Sales <sales@example.com>", func(t *testing.T, c config) { assert.Equal(t, "Sales <sales@example.com>", c.MailFrom) }},
		{"PUBLIC_URL", "https://crm.example.com/", func(t *testing.T, c config) {
			assert.Equal(t, "https://crm.example.com", c.unsubscribe().BaseURL, "links are built without a double slash")
		}},
		{"UNSUBSCRIBE_SECRET", strings.Repeat("ab", 32), func(t *testing.T, c config) {
			assert.Equal(t, []byte(strings.Repeat("ab", 32)), c.unsubscribe().Secret)
			assert.NoError(t, c.requireSecrets())
		}},
		{"EMAIL_RATE", "20", func(t *testing.T, c config) { assert.Equal(t, 20.0, c.EmailRate) }},
		{"EMAIL_RATE", "0.5", func(t *testing.T, c config) { assert.Equal(t, 0.5, c.EmailRate) }},
		{"FREQUENCY_CAP", "3/7d", func(t *testing.T, c config) {
			assert.Equal(t, domain.FrequencyCap{Max: 3, Period: 7 * 24 * time.Hour}, c.FrequencyCap)
		}},
		{"DEFAULT_TIME_ZONE", "America/New_York", func(t *testing.T, c config) {
			assert.Equal(t, "America/New_York", c.DefaultTimeZone.String())
		}},
		{"DATABASE_URL", "postgres://u:p@db:5432/crm?sslmode=require", func(t *testing.T, c config) {
			assert.Equal(t, "postgres://u:p@db:5432/crm?sslmode=require", c.DatabaseURL)
		}},
		{"TEMPORAL_ADDRESS", "ns.a1b2c.tmprl.cloud:7233", func(t *testing.T, c config) {
			assert.Equal(t, "ns.a1b2c.tmprl.cloud:7233", c.TemporalAddress)
		}},
		{"TEMPORAL_API_KEY", "secret-key", func(t *testing.T, c config) { assert.Equal(t, "secret-key", c.Temporal.APIKey) }},
		{"TEMPORAL_TLS", "true", func(t *testing.T, c config) {
			require.NotNil(t, c.Temporal.TLS)
			assert.False(t, c.Temporal.TLS.Disabled)
		}},
		{"TEMPORAL_TLS", "0", func(t *testing.T, c config) {
			require.NotNil(t, c.Temporal.TLS)
			assert.True(t, c.Temporal.TLS.Disabled)
		}},
		{"DRUMBEAT_BUILTIN_SINK", "1", func(t *testing.T, c config) { assert.True(t, c.Dev.BuiltinSink) }},
		{"TEMPORAL_PORT", "17233", func(t *testing.T, c config) { assert.Equal(t, 17233, c.Dev.TemporalPort) }},
	}
	for _, tc := range cases {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			clearConfigEnv(t)
			t.Setenv(tc.name, tc.value)
			cfg, err := loadConfig()
			require.NoError(t, err)
			tc.check(t, cfg)
		})
	}
}

func TestConfigRefusesNonsense(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.pem")
	cases := []struct {
		name, value string
		form        string // part of the accepted form the line must name
	}{
		{"SMTP_POOL", "abc", "a whole number from 1 to 100"},
		{"WORKER_CACHE_SIZE", "-1", "a whole number from 0 to 1000000"},
		{"SMTP_POOL", "0", "a whole number from 1 to 100"},
		{"SMTP_POOL", "4.5", "a whole number from 1 to 100"},
		{"PAGE_SIZE", "-1", "a whole number from 1 to 10000"},
		{"PAGE_SIZE", "100000", "a whole number from 1 to 10000"},
		{"MAX_PARTICIPANTS", "0", "a whole number of at least 1"},
		{"WORKER_MAX_ACTIVITIES", "many", "a whole number of at least 1"},
		{"LOG_LEVEL", "loud", "one of debug, info, warn, error"},
		{"LOG_FORMAT", "xml", "one of text, json"},
		{"PPROF", "yes", "true or false (or 1 or 0)"},
		{"WORKER_STOP_TIMEOUT", "30", "a duration such as 30s"},
		{"WORKER_STOP_TIMEOUT", "-5s", "a duration such as 30s"},
		{"WORKER_STOP_TIMEOUT", "soon", "a duration such as 30s"},
		{"HTTP_ADDR", "8080", "host:port"},
		{"METRICS_ADDR", "127.0.0.1:99999", "host:port"},
		{"TEMPORAL_ADDRESS", "temporal", "host:port"},
		{"SMTP_URL", "http://mail:25", "smtp://[user:password@]host:port"},
		{"SMTP_URL", "smtp://mail:25?tls=maybe", "tls=none|starttls|tls"},
		{"MAIL_FROM", "not an address", "an address such as"},
		{"PUBLIC_URL", "crm.example.com", "an http or https URL"},
		{"PUBLIC_URL", "ftp://crm.example.com", "an http or https URL"},
		{"PUBLIC_URL", "https://crm.example.com/?a=1", "an http or https URL"},
		{"UNSUBSCRIBE_SECRET", "short-secret", "at least 32 characters"},
		{"EMAIL_RATE", "0", "a number of messages a second above 0"},
		{"EMAIL_RATE", "-3", "a number of messages a second above 0"},
		{"EMAIL_RATE", "fast", "a number of messages a second above 0"},
		{"EMAIL_RATE", "1e3", "a number of messages a second above 0"},
		{"EMAIL_RATE", "NaN", "a number of messages a second above 0"},
		{"EMAIL_RATE", "20/s", "a number of messages a second above 0"},
		{"FREQUENCY_CAP", "3", "N/<count><h|d|w>"},
		{"FREQUENCY_CAP", "3/7days", "N/<count><h|d|w>"},
		{"FREQUENCY_CAP", "0/7d", "N/<count><h|d|w>"},
		{"DEFAULT_TIME_ZONE", "Mars/Olympus", "an IANA time zone"},
		{"DEFAULT_TIME_ZONE", "Local", "an IANA time zone"},
		{"DEFAULT_TIME_ZONE", "EST5EDT5", "an IANA time zone"},
		{"DATABASE_URL", "postgres://u@db:notaport/x", "a PostgreSQL URL"},
		{"TEMPORAL_TLS", "maybe", "true or false"},
		{"TEMPORAL_TLS_DISABLE_HOST_VERIFICATION", "yes", "true or false"},
		{"DRUMBEAT_BUILTIN_SINK", "yes", "true or false"},
		{"POSTGRES_PORT", "70000", "a whole number from 1 to 65535"},
		{"TEMPORAL_TLS_CLIENT_CERT_PATH", missing, "want each certificate and key once"},
		{"TEMPORAL_TLS_SERVER_CA_CERT_PATH", missing, "want each certificate and key once"},
		{"TEMPORAL_PROFILE", "nope", "TEMPORAL_PROFILE"},
	}
	for _, tc := range cases {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			clearConfigEnv(t)
			t.Setenv(tc.name, tc.value)
			_, err := loadConfig()
			require.Error(t, err)
			assert.True(t, isConfigError(err))
			lines := strings.Split(err.Error(), "\n")
			require.Len(t, lines, 1, "one line: %s", err)
			assert.Contains(t, lines[0], tc.name)
			assert.Contains(t, lines[0], tc.form)
		})
	}
}

// TestConfigNamesEveryRefusedVariable: two bad values give two lines, in
// reading order, and the good ones around them do not appear.
func TestConfigNamesEveryRefusedVariable(t *testing.T) {
	clearConfigEnv(t)
	t.Setenv("SMTP_POOL", "abc")
	t.Setenv("LOG_LEVEL", "loud")
	t.Setenv("PAGE_SIZE", "20")
	_, err := loadConfig()
	require.Error(t, err)
	assert.Equal(t, []string{
		`drumbeat: SMTP_POOL="abc" is not valid: want a whole number from 1 to 100`,
		`drumbeat: LOG_LEVEL="loud" is not valid: want one of debug, info, warn, error`,
	}, strings.Split(err.Error(), "\n"))
}

// TestTemporalClientCertificateFromEnvironment: a client certificate and
// key given as PEM data make an mTLS configuration; the key alone is refused.
func TestTemporalClientCertificateFromEnvironment(t *testing.T) {
	pki := newTestPKI(t)
	clearConfigEnv(t)
	t.Setenv("TEMPORAL_TLS_CLIENT_CERT_DATA", string(pki.clientCert))
	t.Setenv("TEMPORAL_TLS_CLIENT_KEY_DATA", string(pki.clientKey))
	cfg, err := loadConfig()
	require.NoError(t, err)
	require.NotNil(t, cfg.Temporal.TLS)
	assert.Equal(t, pki.clientCert, cfg.Temporal.TLS.ClientCertData)

	t.Setenv("TEMPORAL_TLS_CLIENT_CERT_DATA", "")
	_, err = loadConfig()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TEMPORAL_TLS_*")
}
