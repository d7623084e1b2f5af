package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// The statuses of the benchmark's campaigns beyond the two every campaign has.
const (
	statusResponded  = "Responded"
	statusInterested = "Interested"
)

// benchWorkflow is a run's participant workflow. Contacted sends the start's
// email (b), Responded one at once (c), Interested one delay later (d); the
// last two lead to each other, so no participant ever reaches a final
// status and every workflow stays open for (e) and (g).
func benchWorkflow(r int, delay time.Duration) []domain.ParticipantStatus {
	email := func(step string, delay time.Duration) []domain.Action {
		return []domain.Action{{Kind: domain.ActionEmail, Subject: subject(kind(r, step)),
			Body: "Dear {{nameFirst}},\n\nthis is a benchmark message.\n", DelaySeconds: int64(delay / time.Second)}}
	}
	return []domain.ParticipantStatus{
		{Name: domain.StatusTargeted, Next: []string{domain.StatusContacted}},
		{Name: domain.StatusContacted, Next: []string{statusResponded}, Actions: email("first", 0)},
		{Name: statusResponded, Next: []string{statusInterested}, Actions: email("batch", 0)},
		{Name: statusInterested, Next: []string{statusResponded}, Actions: email("delayed", delay)},
	}
}

// kind names run r's email of a step.
func kind(r int, step string) string { return fmt.Sprintf("r%d/%s", r, step) }

// campaign runs scenarios (b) to (e) and (g) on a new campaign of every
// contact: its start, a batch status update that sends an email, one whose
// email is delayed, the memory with every workflow open, then one
// participant's change and the stage moves.
func (b *bench) campaign(ctx context.Context, r int, out run) error {
	n := len(b.contacts)
	camp, err := rig.CreateCampaign(ctx, b.api, fmt.Sprintf("Bench run %d", r), benchWorkflow(r, b.cfg.Delay), b.contacts)
	if err != nil {
		return err
	}
	ids, err := camp.ParticipantIDs(ctx)
	if err != nil {
		return err
	}
	running := func(status string, want int) func(context.Context) (bool, string, error) {
		return func(ctx context.Context) (bool, string, error) {
			c, err := b.obs.participants(ctx, camp.ID, status)
			return c == want, fmt.Sprintf("%d of %d participant workflows running %s", c, want, status), err
		}
	}

	b.log.Info("(b) campaign start", "run", r, "participants", n)
	stop := b.profile(ctx, r, "start")
	t0 := time.Now()
	if err := b.move(ctx, camp.ID, "start", out, "b.answer", t0); err != nil {
		return err
	}
	if err := b.waitMail(ctx, kind(r, "first"), n); err != nil {
		return err
	}
	first, nth, _ := b.mail.nth(kind(r, "first"), n)
	out["b.nth"] = nth.Sub(t0).Seconds()
	if n > 1 && nth.After(first) {
		out["b.rate"] = perSecond(n-1, nth.Sub(first))
	}
	ready, err := waitFor(ctx, b.log, "participant workflows running, first tasks done", b.deadline(), func(ctx context.Context) (bool, string, error) {
		if _, ok := out["b.running"]; !ok {
			if ok, p, err := running("", n)(ctx); !ok || err != nil {
				return false, p, err
			}
			out["b.running"] = time.Since(t0).Seconds()
		}
		c, err := b.obs.backlog(ctx, b.sys.TaskQueue)
		return c == 0, fmt.Sprintf("%d workflow tasks in the backlog", c), err
	})
	if err != nil {
		return err
	}
	out["b.ready"], out["b.readyRate"] = ready.Sub(t0).Seconds(), perSecond(n, ready.Sub(t0))
	stop()

	b.log.Info("(c) batch status update", "run", r, "to", statusResponded)
	stop = b.profile(ctx, r, "batch")
	t0 = time.Now()
	batches, err := b.moveAll(ctx, camp, ids, statusResponded, out, "c.answer", t0)
	if err != nil {
		return err
	}
	finished, err := b.waitBatches(ctx, batches)
	if err != nil {
		return err
	}
	if err := b.waitMail(ctx, kind(r, "batch"), n); err != nil {
		return err
	}
	_, nth, _ = b.mail.nth(kind(r, "batch"), n)
	out["c.done"] = max(nth.Sub(t0), finished.Sub(t0)).Seconds()
	caught, err := waitFor(ctx, b.log, "participant workflows caught up", b.deadline(), running(statusResponded, n))
	if err != nil {
		return err
	}
	out["c.caught"], out["c.rate"] = caught.Sub(t0).Seconds(), perSecond(n, caught.Sub(t0))
	stop()

	b.log.Info("(d) delayed email", "run", r, "to", statusInterested, "delay", b.cfg.Delay)
	if batches, err = b.moveAll(ctx, camp, ids, statusInterested, nil, "", time.Now()); err != nil {
		return err
	}
	if _, err := b.waitBatches(ctx, batches); err != nil {
		return err
	}
	if _, err := waitFor(ctx, b.log, "participant workflows caught up", b.deadline(), running(statusInterested, n)); err != nil {
		return err
	}
	if err := b.waitMail(ctx, kind(r, "delayed"), n); err != nil {
		return err
	}
	if err := b.lateness(ctx, camp.ID, kind(r, "delayed"), out); err != nil {
		return err
	}
	if r == 1 {
		b.countRounds(ctx, camp.ID, ids[0])
	}

	b.log.Info("(g) memory with every participant workflow open", "run", r)
	b.memory(out)

	b.log.Info("(e) one participant's change and the stage moves", "run", r)
	if err := b.change(ctx, camp.ID, ids[len(ids)-1], r == 1, out); err != nil {
		return err
	}
	if err := b.move(ctx, camp.ID, "complete", out, "e.complete", time.Now()); err != nil {
		return err
	}
	t0 = time.Now()
	ended, err := waitFor(ctx, b.log, "participant workflows ended", b.deadline(), running("", 0))
	if err != nil {
		return err
	}
	out["e.ended"] = ended.Sub(t0).Seconds()
	if err := b.move(ctx, camp.ID, "start", out, "e.restart", time.Now()); err != nil {
		return err
	}
	if _, err := waitFor(ctx, b.log, "participant workflows restarted", b.deadline(), running("", n)); err != nil {
		return err
	}
	if err := b.move(ctx, camp.ID, "cancel", out, "e.cancel", time.Now()); err != nil {
		return err
	}
	// The next run begins with no workflow of this one open.
	_, err = waitFor(ctx, b.log, "participant workflows ended", b.deadline(), running("", 0))
	return err
}

// move moves a campaign with its API call (start, complete, cancel) and
// records how long the answer took under key.
func (b *bench) move(ctx context.Context, id, verb string, out run, key string, t0 time.Time) error {
	if err := b.api.Do(ctx, http.MethodPost, "/campaigns/"+id+"/"+verb, nil, nil); err != nil {
		return fmt.Errorf("%s: %w", verb, err)
	}
	out[key] = time.Since(t0).Seconds()
	return nil
}

// moveAll moves every participant with batch status updates, recording how
// long the API took to accept them under key (when out is not nil).
func (b *bench) moveAll(ctx context.Context, camp rig.Campaign, ids []string, status string, out run, key string, t0 time.Time) ([]string, error) {
	batches, err := camp.MoveAll(ctx, ids, status)
	if err != nil {
		return nil, err
	}
	if out != nil {
		out[key] = time.Since(t0).Seconds()
	}
	return batches, nil
}

// change moves one participant to Responded through the API (the
// interactive path: an update of its workflow) and, when count, records the
// history that change added.
func (b *bench) change(ctx context.Context, campaignID, pid string, count bool, out run) error {
	wid := domain.ParticipantWorkflowID(campaignID, pid)
	before, err := history(ctx, b.obs.tc, wid)
	if err != nil {
		return err
	}
	t0 := time.Now()
	if err := b.api.Do(ctx, http.MethodPatch, "/campaigns/"+campaignID+"/participants/"+pid,
		map[string]any{"status": statusResponded}, nil); err != nil {
		return err
	}
	out["e.change"] = time.Since(t0).Seconds()
	if count {
		after, err := history(ctx, b.obs.tc, wid)
		if err != nil {
			return err
		}
		b.rounds = append(b.rounds, tally("Interested -> Responded, one change through the API (update)", after[len(before):]))
	}
	return nil
}

// countRounds records what a participant's start and its two batch status
// changes cost in history events and workflow tasks.
func (b *bench) countRounds(ctx context.Context, campaignID, pid string) {
	events, err := history(ctx, b.obs.tc, domain.ParticipantWorkflowID(campaignID, pid))
	if err != nil {
		b.log.Warn("could not read a participant's history", "err", err)
		return
	}
	steps := []string{"start to Contacted (bulk start, SignalWithStart)", "Contacted -> Responded (batch update, email at once)",
		"Responded -> Interested (batch update, delayed email)"}
	for i, part := range bySignal(events) {
		if i < len(steps) {
			b.rounds = append(b.rounds, tally(steps[i], part))
		}
	}
}

// memory records the resident memory of the worker, the API and the
// Temporal server.
func (b *bench) memory(out run) {
	for key, pid := range map[string]int{"g.worker": b.sys.Worker.Pid(), "g.api": b.sys.API.Pid(), "g.temporal": b.temporalPid()} {
		if pid == 0 {
			continue
		}
		mb, err := rssMB(pid)
		if err != nil {
			b.log.Warn("could not read a process's memory", "figure", key, "pid", pid, "err", err)
			continue
		}
		out[key] = mb
	}
}
