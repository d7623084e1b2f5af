package main

import (
	"log/slog"
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

func loadConfig() config {
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
	}
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
