package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"github.com/drumbeat-crm/drumbeat/worker"
)

// config is read from environment variables, each with a default.
type config struct {
	DatabaseURL       string // DATABASE_URL
	TemporalAddress   string // TEMPORAL_ADDRESS
	TemporalNamespace string // TEMPORAL_NAMESPACE
	TaskQueue         string // TEMPORAL_TASK_QUEUE
	SMTPURL           string // SMTP_URL
	SMTPPool          int    // SMTP_POOL: SMTP connections per worker
	MailFrom          string // MAIL_FROM
	HTTPAddr          string // HTTP_ADDR
	LogLevel          string // LOG_LEVEL: debug, info, warn, error
	LogFormat         string // LOG_FORMAT: text or json
	MaxParticipants   int    // MAX_PARTICIPANTS per campaign
	PageSize          int    // PAGE_SIZE: participants per bulk page
	WorkerActivities  int    // WORKER_MAX_ACTIVITIES: concurrent activities per worker
	DemoToken         string // DEMO_TOKEN: the demo user's API token (dev and seed)
	DemoPassword      string // DEMO_PASSWORD: the demo administrator's web sign-in password (dev and seed)
	// AUTH_FAILURES_PER_MINUTE: failed authentications one client address may make
	AuthFailuresPerMinute int
	TrustedProxies        []string // TRUSTED_PROXIES: comma-separated addresses or CIDR ranges
}

func env(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// envStrictInt reads a whole number from min to max; a value that is not one
// is an error, never a silent default.
func envStrictInt(name string, def, min, max int) (int, error) {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, fmt.Errorf("%s must be a whole number from %d to %d, not %q", name, min, max, v)
	}
	return n, nil
}

// envProxies reads a comma-separated list of IP addresses and CIDR ranges.
func envProxies(name string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(os.Getenv(name), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return nil, fmt.Errorf("%s: %q is neither an IP address nor a CIDR range", name, p)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// loadConfig reads the configuration; the values parsed strictly make it
// fail rather than start with something nobody asked for.
func loadConfig() (config, error) {
	authFailures, err1 := envStrictInt("AUTH_FAILURES_PER_MINUTE", 20, 1, 1_000_000)
	proxies, err2 := envProxies("TRUSTED_PROXIES")
	if err := errors.Join(err1, err2); err != nil {
		return config{}, err
	}
	return config{
		DatabaseURL:       env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/drumbeat?sslmode=disable"),
		TemporalAddress:   env("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
		TemporalNamespace: env("TEMPORAL_NAMESPACE", "default"),
		TaskQueue:         env("TEMPORAL_TASK_QUEUE", worker.DefaultTaskQueue),
		SMTPURL:           env("SMTP_URL", "smtp://127.0.0.1:1025"),
		SMTPPool:          envInt("SMTP_POOL", 4),
		MailFrom:          env("MAIL_FROM", "Drumbeat <campaigns@drumbeat.local>"),
		HTTPAddr:          env("HTTP_ADDR", "127.0.0.1:8080"),
		LogLevel:          env("LOG_LEVEL", "info"),
		LogFormat:         env("LOG_FORMAT", "text"),
		MaxParticipants:   envInt("MAX_PARTICIPANTS", 100000),
		PageSize:          envInt("PAGE_SIZE", 500),
		WorkerActivities:  envInt("WORKER_MAX_ACTIVITIES", 0),
		DemoToken:         env("DEMO_TOKEN", "drumbeat-demo-token"),
		DemoPassword:      env("DEMO_PASSWORD", "drumbeat-demo"),

		AuthFailuresPerMinute: authFailures,
		TrustedProxies:        proxies,
	}, nil
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
