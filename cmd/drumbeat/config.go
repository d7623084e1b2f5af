package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.temporal.io/sdk/contrib/envconfig"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/worker"
)

// config is read from environment variables, each with a default; a value
// that does not parse is refused (see envparse.go).
type config struct {
	DatabaseURL       string        // DATABASE_URL
	TemporalAddress   string        // TEMPORAL_ADDRESS
	TemporalNamespace string        // TEMPORAL_NAMESPACE
	TaskQueue         string        // TEMPORAL_TASK_QUEUE
	SMTPURL           string        // SMTP_URL
	SMTPPool          int           // SMTP_POOL: SMTP connections per worker
	MailFrom          string        // MAIL_FROM
	HTTPAddr          string        // HTTP_ADDR
	LogLevel          string        // LOG_LEVEL: debug, info, warn, error
	LogFormat         string        // LOG_FORMAT: text or json
	MaxParticipants   int           // MAX_PARTICIPANTS per campaign
	PageSize          int           // PAGE_SIZE: participants per bulk page
	WorkerActivities  int           // WORKER_MAX_ACTIVITIES: concurrent activities per worker
	WorkerCacheSize   int           // WORKER_CACHE_SIZE: workflow runs a worker keeps in memory between tasks
	DemoToken         string        // DEMO_TOKEN: the demo user's API token (dev and seed)
	MetricsAddr       string        // METRICS_ADDR: the worker's /metrics, /healthz and /readyz
	PProf             bool          // PPROF: the worker also serves /debug/pprof on METRICS_ADDR, the API on its own address to loopback peers
	WorkerStopTimeout time.Duration // WORKER_STOP_TIMEOUT: how long a stopping worker lets its activities finish
	DemoPassword      string        // DEMO_PASSWORD: the demo administrator's web sign-in password (dev and seed)
	// AUTH_FAILURES_PER_MINUTE: failed authentications one client address may make
	AuthFailuresPerMinute int
	TrustedProxies        []string // TRUSTED_PROXIES: comma-separated addresses or CIDR ranges
	// PUBLIC_URL: where the API is reached from outside; unsubscribe links start with it
	PublicURL string
	// UNSUBSCRIBE_SECRET signs unsubscribe links; the api and the worker
	// refuse to start without one (drumbeat dev makes one)
	UnsubscribeSecret string
	// EMAIL_RATE: messages a second across every worker together (0: unlimited)
	EmailRate float64
	// FREQUENCY_CAP: at most N marketing emails to one contact per period, e.g. 3/7d (zero: none)
	FrequencyCap domain.FrequencyCap
	// DEFAULT_TIME_ZONE: the clock of contacts and leads without a zone of their own
	DefaultTimeZone *time.Location
	// Temporal holds the rest of the Temporal connection (TLS, mTLS, API
	// key, gRPC headers) from the SDK's environment configuration:
	// TEMPORAL_TLS*, TEMPORAL_API_KEY, TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE, ...
	Temporal envconfig.ClientConfigProfile
	Dev      devConfig // what only `drumbeat dev` reads
}

// devConfig is the local stack of `drumbeat dev`.
type devConfig struct {
	DataDir                           string // DRUMBEAT_DATA
	TemporalPort, TemporalUIPort      int    // TEMPORAL_PORT, TEMPORAL_UI_PORT
	SMTPPort, InboxPort, PostgresPort int    // SMTP_PORT, INBOX_PORT, POSTGRES_PORT
	BuiltinSink                       bool   // DRUMBEAT_BUILTIN_SINK: the built-in sink instead of maildev
}

// loadConfig reads every variable. A refused value makes it return a
// *configError; main prints it and exits with code 2.
func loadConfig() (config, error) {
	beginEnv()
	temporal := temporalProfile()
	cfg := config{
		DatabaseURL:           envCheck("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/drumbeat?sslmode=disable", "a PostgreSQL URL such as postgres://user:password@host:5432/drumbeat", checkDatabaseURL),
		TemporalAddress:       envAddr("TEMPORAL_ADDRESS", or(temporal.Address, "127.0.0.1:7233")),
		TemporalNamespace:     env("TEMPORAL_NAMESPACE", or(temporal.Namespace, "default")),
		TaskQueue:             env("TEMPORAL_TASK_QUEUE", worker.DefaultTaskQueue),
		SMTPURL:               envCheck("SMTP_URL", "smtp://127.0.0.1:1025", "smtp://[user:password@]host:port[?tls=none|starttls|tls]", checkSMTPURL),
		SMTPPool:              envIntRange("SMTP_POOL", 4, 1, 100),
		MailFrom:              envCheck("MAIL_FROM", "Drumbeat <campaigns@drumbeat.local>", "an address such as Drumbeat <campaigns@example.com>", checkMailbox),
		HTTPAddr:              envAddr("HTTP_ADDR", "127.0.0.1:8080"),
		LogLevel:              envOneOf("LOG_LEVEL", "info", "debug", "info", "warn", "error"),
		LogFormat:             envOneOf("LOG_FORMAT", "text", "text", "json"),
		MaxParticipants:       envInt("MAX_PARTICIPANTS", 100000),
		PageSize:              envIntRange("PAGE_SIZE", 500, 1, 10000),
		WorkerActivities:      envInt("WORKER_MAX_ACTIVITIES", 0),
		WorkerCacheSize:       envIntRange("WORKER_CACHE_SIZE", worker.DefaultCacheSize, 0, 1_000_000),
		DemoToken:             env("DEMO_TOKEN", "drumbeat-demo-token"),
		DemoPassword:          env("DEMO_PASSWORD", "drumbeat-demo"),
		MetricsAddr:           envAddr("METRICS_ADDR", "127.0.0.1:9090"),
		PProf:                 envBool("PPROF", false),
		WorkerStopTimeout:     envDuration("WORKER_STOP_TIMEOUT", 30*time.Second),
		AuthFailuresPerMinute: envIntRange("AUTH_FAILURES_PER_MINUTE", 20, 1, 1_000_000),
		TrustedProxies:        envProxies("TRUSTED_PROXIES"),
		PublicURL:             envCheck("PUBLIC_URL", "http://127.0.0.1:8080", "an http or https URL such as https://crm.example.com (no query or fragment)", checkPublicURL),
		UnsubscribeSecret:     envSecret("UNSUBSCRIBE_SECRET", "at least 32 characters of random text (openssl rand -hex 32)"),
		EmailRate:             envRate("EMAIL_RATE"),
		FrequencyCap:          envFrequencyCap("FREQUENCY_CAP"),
		DefaultTimeZone:       envTimeZone("DEFAULT_TIME_ZONE"),
		Temporal:              temporal,
		Dev: devConfig{
			DataDir:        env("DRUMBEAT_DATA", ".drumbeat"),
			TemporalPort:   envPort("TEMPORAL_PORT", 7233),
			TemporalUIPort: envPort("TEMPORAL_UI_PORT", 8233),
			SMTPPort:       envPort("SMTP_PORT", 1025),
			InboxPort:      envPort("INBOX_PORT", 1080),
			PostgresPort:   envPort("POSTGRES_PORT", 55432),
			BuiltinSink:    envBool("DRUMBEAT_BUILTIN_SINK", false),
		},
	}
	return cfg, endEnv()
}

// temporalProfile loads the SDK's environment configuration (an optional
// TOML profile, then the TEMPORAL_* variables) and checks that it makes a
// connection: its certificate files exist and parse. The SDK ignores a
// boolean it cannot read, so those are checked here first.
func temporalProfile() envconfig.ClientConfigProfile {
	envBool("TEMPORAL_TLS", false)
	envBool("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION", false)
	for _, name := range temporalEnvVariables {
		lookup(name)
	}
	prof, err := envconfig.LoadClientConfigProfile(envconfig.LoadClientConfigProfileOptions{EnvLookup: setEnv{}})
	if err != nil {
		refuseLine("drumbeat: the Temporal environment configuration is not valid: want TEMPORAL_CONFIG_FILE to be a readable Temporal TOML file holding the profile TEMPORAL_PROFILE names (" + err.Error() + ")")
		return envconfig.ClientConfigProfile{}
	}
	if _, err := prof.ToClientOptions(envconfig.ToClientOptionsRequest{}); err != nil {
		refuseLine("drumbeat: TEMPORAL_TLS_* (" + strings.Join(setTLSVariables(), ", ") + ") is not valid: want each certificate and key once, " +
			"as a readable PEM file (_PATH) or PEM data (_DATA) (" + err.Error() + ")")
		return envconfig.ClientConfigProfile{}
	}
	return prof
}

// setTLSVariables names the TEMPORAL_TLS_* variables that are set.
func setTLSVariables() []string {
	var names []string
	for _, kv := range (setEnv{}).Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "TEMPORAL_TLS") {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names
}

// setEnv is the environment without its blank variables: as everywhere in
// Drumbeat, TEMPORAL_TLS_CLIENT_CERT_PATH= (an empty line in a config map)
// means unset, where the SDK alone would switch TLS on for it.
type setEnv struct{}

// Environ implements envconfig.EnvLookup.
func (setEnv) Environ() []string {
	var out []string
	for _, kv := range os.Environ() {
		if _, v, _ := strings.Cut(kv, "="); strings.TrimSpace(v) != "" {
			out = append(out, kv)
		}
	}
	return out
}

// LookupEnv implements envconfig.EnvLookup.
func (setEnv) LookupEnv(name string) (string, bool) {
	v := os.Getenv(name)
	return v, strings.TrimSpace(v) != ""
}

// temporalEnvVariables are the variables of the SDK's environment
// configuration that Drumbeat passes on (TEMPORAL_GRPC_META_* too).
var temporalEnvVariables = []string{
	"TEMPORAL_API_KEY", "TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_CERT_DATA",
	"TEMPORAL_TLS_CLIENT_KEY_PATH", "TEMPORAL_TLS_CLIENT_KEY_DATA", "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
	"TEMPORAL_TLS_SERVER_CA_CERT_DATA", "TEMPORAL_TLS_SERVER_NAME", "TEMPORAL_CLIENT_AUTHORITY",
	"TEMPORAL_CONFIG_FILE", "TEMPORAL_PROFILE",
}

func or(v, def string) string {
	if v != "" {
		return v
	}
	return def
}

// envProxies reads a comma-separated list of IP addresses and CIDR ranges.
func envProxies(name string) []string {
	v, _ := lookup(name)
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				refuse(name, p, "comma-separated IP addresses or CIDR ranges such as 10.0.0.1,192.168.0.0/16")
				return nil
			}
		}
		out = append(out, p)
	}
	return out
}

func checkDatabaseURL(v string) error {
	_, err := pgxpool.ParseConfig(v)
	return err
}

func checkSMTPURL(v string) error {
	m, err := activities.NewSMTPMailer(v, "", 1)
	if err != nil {
		return err
	}
	m.Close()
	u, _ := url.Parse(v)
	switch u.Query().Get("tls") {
	case "", "none", "starttls", "tls":
		return nil
	}
	return errors.New("unknown tls mode")
}

// checkPublicURL accepts an absolute http or https URL with a host and no
// user, query or fragment (links are built by appending paths to it).
func checkPublicURL(v string) error {
	u, err := url.Parse(v)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "", u.User != nil, u.RawQuery != "", u.Fragment != "", u.Opaque != "":
		return errors.New("not an http or https base URL")
	}
	return nil
}

// maxEmailRate bounds EMAIL_RATE: far above what one SMTP service takes.
const maxEmailRate = 1_000_000

// envRate reads EMAIL_RATE: a positive number of messages a second (a
// decimal, such as 0.5 or 20), or 0 (unlimited) when unset.
func envRate(name string) float64 {
	v, ok := lookup(name)
	if !ok {
		return 0
	}
	r, err := strconv.ParseFloat(v, 64)
	if err != nil || !(r > 0 && r <= maxEmailRate) || strings.ContainsAny(v, "eEnNiIxX") {
		refuse(name, v, fmt.Sprintf("a number of messages a second above 0 and at most %d, such as 20 or 0.5 (unset: unlimited)", maxEmailRate))
		return 0
	}
	return r
}

// envFrequencyCap reads FREQUENCY_CAP, such as 3/7d (unset: no cap).
func envFrequencyCap(name string) domain.FrequencyCap {
	v, ok := lookup(name)
	if !ok {
		return domain.FrequencyCap{}
	}
	c, err := domain.ParseFrequencyCap(v)
	if err != nil {
		refuse(name, v, "N/<count><h|d|w>: at most N marketing emails to one contact in that rolling period, such as 3/7d or 1/24h (unset: no cap)")
		return domain.FrequencyCap{}
	}
	return c
}

// envTimeZone reads an IANA time zone name (unset: UTC).
func envTimeZone(name string) *time.Location {
	v, ok := lookup(name)
	if !ok {
		return time.UTC
	}
	if !domain.ValidTimeZone(v) {
		refuse(name, v, "an IANA time zone such as Europe/Paris or America/New_York (unset: UTC)")
		return time.UTC
	}
	loc, _ := time.LoadLocation(v)
	return loc
}

// minSecretLength is the shortest UNSUBSCRIBE_SECRET accepted: 32
// characters of random text hold well over 128 bits.
const minSecretLength = 32

// envSecret returns a secret of at least minSecretLength characters, or ""
// when unset. A refusal does not repeat the value: it is a secret.
func envSecret(name, form string) string {
	v, ok := lookup(name)
	if !ok {
		return ""
	}
	if len(v) < minSecretLength {
		refuseLine(fmt.Sprintf("drumbeat: %s is not valid (%d characters): want %s", name, len(v), form))
		return ""
	}
	return v
}

// unsubscribe is how the api and the worker sign and check unsubscribe links.
func (c config) unsubscribe() domain.Unsubscribe {
	return domain.Unsubscribe{BaseURL: strings.TrimRight(c.PublicURL, "/"), Secret: []byte(c.UnsubscribeSecret)}
}

// requireSecrets refuses to run the api or the worker without
// UNSUBSCRIBE_SECRET: every marketing email carries a link signed with it,
// and the API checks those links. drumbeat dev makes one for itself.
func (c config) requireSecrets() error {
	if c.UnsubscribeSecret != "" {
		return nil
	}
	return &configError{Problems: []string{"drumbeat: UNSUBSCRIBE_SECRET is not set: want at least 32 characters of random text " +
		"(openssl rand -hex 32), the same for the api and every worker; it signs the unsubscribe link of every email"}}
}

func checkMailbox(v string) error {
	_, err := mail.ParseAddress(v)
	return err
}

func (c config) logger() *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// configFailed prints a refused configuration and exits with code 2.
func configFailed(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}
