package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// runChaos sets up the stack and the campaign, runs it under the chosen
// faults and measures the outcome. An error means the run itself could not
// be carried out (setup); what went wrong under fire is in the result.
func runChaos(ctx context.Context, cfg config, log *slog.Logger) (result, error) {
	res := result{N: cfg.N, SMTPPool: cfg.SMTPPool, Date: time.Now(), Machine: rig.Machine(), Commit: rig.Commit()}
	received, err := rig.ReceivedLog(cfg.Dir)
	if err != nil {
		return res, err
	}
	defer received.Close()
	t := newTally(received)
	smtp, err := rig.ListenSMTP("127.0.0.1:0", t.add)
	if err != nil {
		return res, err
	}
	defer smtp.Stop()
	log.Info("starting the stack", "dir", cfg.Dir, "participants", cfg.N, "faults", strings.Join(cfg.Faults, ","))
	sys, err := startSystem(ctx, cfg, log, smtp.URL())
	if err != nil {
		return res, err
	}
	defer sys.Stop()
	env := sys.Env
	st, err := store.Open(ctx, env.DatabaseURL)
	if err != nil {
		return res, err
	}
	defer st.Close()
	tc, err := sys.DialTemporal()
	if err != nil {
		return res, err
	}
	defer tc.Close()
	api := rig.NewClient(sys.APIURL, sys.Token, log)

	setupBegan := time.Now()
	camp, err := setupCampaign(ctx, api, cfg.N)
	if err != nil {
		return res, err
	}
	log.Info("campaign ready", "id", camp.ID, "participants", cfg.N, "took", time.Since(setupBegan).Round(time.Second))

	began := time.Now()
	faults := &faultRunner{log: log, began: began, patience: cfg.Timeout}
	faults.run(ctx, plan(cfg, sys, smtp, t, faults))
	obs := &observer{log: log, api: api, store: st, temporal: tc, camp: camp}
	locked := func(f func() error) error {
		faults.mu.Lock()
		defer faults.mu.Unlock()
		return f()
	}
	if err := locked(func() error { return camp.Move(ctx, "start") }); err != nil {
		return res, fmt.Errorf("start the campaign: %w", err)
	}
	log.Info("campaign started; waiting until everyone is Contacted")
	if err := waitStatus(ctx, log, camp, domain.StatusContacted, cfg.N, time.Now().Add(cfg.Timeout)); err != nil {
		log.Error("not everyone was contacted; moving those who were", "err", err)
	}
	ids, err := camp.ParticipantIDs(ctx)
	if err != nil {
		return res, err
	}
	err = locked(func() (err error) {
		obs.batches, err = camp.MoveAll(ctx, ids, statusResponded)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("move everyone to %s: %w", statusResponded, err)
	}
	log.Info("batch accepted; waiting for the follow-ups and for the run to settle", "batches", obs.batches)
	res.InFlight = obs.settle(ctx, time.Now().Add(cfg.Timeout), faults.done)
	res.Took = time.Since(began)
	if err := sys.CheckProcesses(); err != nil {
		log.Error("a Drumbeat process ended on its own", "err", err)
	}

	res.Mail = t.summary(camp.Recipients)
	res.Kills, res.Restarts, res.Faults, res.FaultFails = faults.kills, faults.restarts, faults.summary(), faults.failed()
	counts, err := camp.StatusCounts(ctx)
	if err != nil {
		return res, err
	}
	res.NotInState = cfg.N - counts[statusResponded]
	if res.Workflows, err = obs.classifyWorkflows(ctx, cfg.N); err != nil {
		return res, err
	}
	return res, nil
}

// waitStatus waits until want participants are in status (or past it).
func waitStatus(ctx context.Context, log *slog.Logger, camp campaign, status string, want int, deadline time.Time) error {
	last := -1
	for {
		counts, err := camp.StatusCounts(ctx)
		if err == nil && counts[status] >= want {
			return nil
		}
		if err == nil && counts[status] != last {
			last = counts[status]
			log.Info("progress", "status", status, "participants", last, "of", want)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d participants %s at the deadline (last error: %v)", last, want, status, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}
