package main

import (
	"context"
	"log/slog"
	"strconv"

	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
)

// system is the local stack the way `make run` starts it (PostgreSQL, the
// Temporal dev server on a database file), with Drumbeat's worker and API
// as separate processes that the run can kill.
type system = rig.System

// startSystem starts a fresh stack in cfg.Dir (a new Temporal database and
// drumbeat database each run), migrates, seeds a user and token, and starts
// one worker and the API.
func startSystem(ctx context.Context, cfg config, log *slog.Logger, smtpURL string) (*system, error) {
	bin, err := cfg.drumbeatPath()
	if err != nil {
		return nil, err
	}
	return rig.Start(ctx, rig.Options{Dir: cfg.Dir, Bin: bin, SMTPURL: smtpURL, Log: log, Env: []string{
		"SMTP_POOL=" + strconv.Itoa(cfg.SMTPPool),
		"MAX_PARTICIPANTS=" + strconv.Itoa(max(cfg.N, 100000)),
	}})
}
