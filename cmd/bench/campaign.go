package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
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
// email (b), Responded one at once (c), Interested one delay later (d);
// Contacted leads to both, and the last two lead to each other, so no
// participant ever reaches a final status and every workflow stays open
// for (e) and (g).
func benchWorkflow(r int, delay time.Duration) []domain.ParticipantStatus {
	email := func(step string, delay time.Duration) []domain.Action {
		return []domain.Action{{Kind: domain.ActionEmail, Subject: subject(kind(r, step)),
			Body: "Dear {{nameFirst}},\n\nthis is a benchmark message.\n", DelaySeconds: int64(delay / time.Second)}}
	}
	return []domain.ParticipantStatus{
		{Name: domain.StatusTargeted, Next: []string{domain.StatusContacted}},
		{Name: domain.StatusContacted, Next: []string{statusResponded, statusInterested}, Actions: email("first", 0)},
		{Name: statusResponded, Next: []string{statusInterested}, Actions: email("batch", 0)},
		{Name: statusInterested, Next: []string{statusResponded}, Actions: email("delayed", delay)},
	}
}

// kind names run r's email of a step.
func kind(r int, step string) string { return fmt.Sprintf("r%d/%s", r, step) }

// campaign runs scenarios (b) to (e) and (g) on a new campaign of every
// contact: its start, a batch status update that sends an email, one whose
// email is delayed, the memory with every workflow open, then one
// participant's change and the stage moves. Scenarios left out of
// BENCH_SCENARIOS are skipped; the start always runs, the others need it.
func (b *bench) campaign(ctx context.Context, r int, out run) error {
	camp, err := rig.CreateCampaign(ctx, b.api, fmt.Sprintf("Bench run %d", r), benchWorkflow(r, b.cfg.Delay), b.contacts)
	if err != nil {
		return err
	}
	ids, err := camp.ParticipantIDs(ctx)
	if err != nil {
		return err
	}
	c := &benchCampaign{bench: b, Campaign: camp, ids: ids, r: r, out: out}
	steps := []struct {
		scenario string
		run      func(context.Context) error
	}{
		{"b", c.start}, {"c", c.batch}, {"d", c.delayed}, {"g", c.memory}, {"e", c.moves},
	}
	for _, st := range steps {
		if st.scenario == "e" && r == 1 {
			// Before the stage moves end this run of its workflow.
			b.countRounds(ctx, camp.ID, ids[0], c.changes)
		}
		if st.scenario == "b" || b.cfg.has(st.scenario) {
			if err := st.run(ctx); err != nil {
				return err
			}
		}
	}
	if !b.cfg.has("e") {
		if err := b.move(ctx, camp.ID, "cancel", nil, "", time.Now()); err != nil {
			return err
		}
	}
	// The next run begins with no workflow of this one open.
	_, err = waitFor(ctx, b.log, "participant workflows ended", b.deadline(), c.running("", 0))
	return err
}

// benchCampaign is one run's campaign while its scenarios run.
type benchCampaign struct {
	*bench
	rig.Campaign
	ids []string
	r   int
	out run
	// changes names the batch status changes made so far, in order.
	changes []string
}

// running is a wait's condition: want participant workflows running, in
// status when it is not "".
func (c *benchCampaign) running(status string, want int) func(context.Context) (bool, string, error) {
	return func(ctx context.Context) (bool, string, error) {
		n, err := c.obs.participants(ctx, c.ID, status)
		return n == want, fmt.Sprintf("%d of %d participant workflows running %s", n, want, status), err
	}
}

// start is scenario (b): the campaign start, until every email is accepted
// and every participant workflow runs with its first task done.
func (c *benchCampaign) start(ctx context.Context) error {
	n := len(c.ids)
	c.log.Info("(b) campaign start", "run", c.r, "participants", n)
	defer c.profile(ctx, c.r, "start")()
	cpu := c.meterCPU()
	t0 := time.Now()
	if err := c.move(ctx, c.ID, "start", c.out, "b.answer", t0); err != nil {
		return err
	}
	if err := c.waitMail(ctx, kind(c.r, "first"), n); err != nil {
		return err
	}
	first, nth, _ := c.mail.nth(kind(c.r, "first"), n)
	c.out["b.nth"] = nth.Sub(t0).Seconds()
	if n > 1 && nth.After(first) {
		c.out["b.rate"] = perSecond(n-1, nth.Sub(first))
	}
	ready, err := waitFor(ctx, c.log, "participant workflows running, first tasks done", c.deadline(), func(ctx context.Context) (bool, string, error) {
		if _, ok := c.out["b.running"]; !ok {
			if ok, p, err := c.running("", n)(ctx); !ok || err != nil {
				return false, p, err
			}
			c.out["b.running"] = time.Since(t0).Seconds()
		}
		backlog, err := c.obs.backlog(ctx, c.sys.TaskQueue)
		return backlog == 0, fmt.Sprintf("%d workflow tasks in the backlog", backlog), err
	})
	if err != nil {
		return err
	}
	c.out["b.ready"], c.out["b.readyRate"] = ready.Sub(t0).Seconds(), perSecond(n, ready.Sub(t0))
	cpu.record("b", c.out)
	return nil
}

// batch is scenario (c): everyone to Responded, whose email goes at once.
func (c *benchCampaign) batch(ctx context.Context) error {
	n := len(c.ids)
	c.log.Info("(c) batch status update", "run", c.r, "to", statusResponded)
	defer c.profile(ctx, c.r, "batch")()
	cpu := c.meterCPU()
	t0 := time.Now()
	finished, err := c.moveEveryone(ctx, statusResponded, "c.answer")
	if err != nil {
		return err
	}
	if err := c.waitMail(ctx, kind(c.r, "batch"), n); err != nil {
		return err
	}
	_, nth, _ := c.mail.nth(kind(c.r, "batch"), n)
	c.out["c.done"] = max(nth.Sub(t0), finished.Sub(t0)).Seconds()
	caught, err := waitFor(ctx, c.log, "participant workflows caught up", c.deadline(), c.running(statusResponded, n))
	if err != nil {
		return err
	}
	c.out["c.caught"], c.out["c.rate"] = caught.Sub(t0).Seconds(), perSecond(n, caught.Sub(t0))
	cpu.record("c", c.out)
	return nil
}

// delayed is scenario (d): everyone to Interested, whose email is due
// BENCH_DELAY later; how late each one arrived.
func (c *benchCampaign) delayed(ctx context.Context) error {
	n := len(c.ids)
	c.log.Info("(d) delayed email", "run", c.r, "to", statusInterested, "delay", c.cfg.Delay)
	if _, err := c.moveEveryone(ctx, statusInterested, ""); err != nil {
		return err
	}
	if _, err := waitFor(ctx, c.log, "participant workflows caught up", c.deadline(), c.running(statusInterested, n)); err != nil {
		return err
	}
	if err := c.waitMail(ctx, kind(c.r, "delayed"), n); err != nil {
		return err
	}
	return c.lateness(ctx, c.ID, kind(c.r, "delayed"), c.out)
}

// moveEveryone moves every participant with batch status updates, records
// how long the API took to accept them under key (unless ""), and returns
// when the last batch finished.
func (c *benchCampaign) moveEveryone(ctx context.Context, status, key string) (time.Time, error) {
	t0 := time.Now()
	batches, err := c.MoveAll(ctx, c.ids, status)
	if err != nil {
		return time.Time{}, err
	}
	if key != "" {
		c.out[key] = time.Since(t0).Seconds()
	}
	c.changes = append(c.changes, status)
	return c.waitBatches(ctx, batches)
}

// memory is scenario (g); with BENCH_PROFILE, the last run also saves
// the worker's heap and goroutine profiles.
func (c *benchCampaign) memory(ctx context.Context) error {
	c.log.Info("(g) memory with every participant workflow open", "run", c.r)
	c.bench.memory(c.out)
	if c.cfg.Profile > 0 && c.r == c.cfg.Runs {
		for _, p := range []string{"heap", "goroutine"} {
			path := filepath.Join(c.cfg.Dir, "worker-"+p+".pprof")
			if err := fetch(ctx, c.sys.MetricsURL+"/debug/pprof/"+p, path); err != nil {
				c.log.Warn("could not profile the worker", "profile", p, "err", err)
			}
		}
	}
	return nil
}

// moves is scenario (e): one participant's change through the API, then
// complete, restart and cancel, each with every participant workflow open.
func (c *benchCampaign) moves(ctx context.Context) error {
	n := len(c.ids)
	c.log.Info("(e) one participant's change and the stage moves", "run", c.r)
	from, to := domain.StatusContacted, statusResponded
	if len(c.changes) > 0 {
		from = c.changes[len(c.changes)-1]
	}
	if from == statusResponded {
		to = statusInterested
	}
	if err := c.change(ctx, c.ids[len(c.ids)-1], from, to); err != nil {
		return err
	}
	if err := c.move(ctx, c.ID, "complete", c.out, "e.complete", time.Now()); err != nil {
		return err
	}
	t0 := time.Now()
	ended, err := waitFor(ctx, c.log, "participant workflows ended", c.deadline(), c.running("", 0))
	if err != nil {
		return err
	}
	c.out["e.ended"] = ended.Sub(t0).Seconds()
	if err := c.move(ctx, c.ID, "start", c.out, "e.restart", time.Now()); err != nil {
		return err
	}
	if _, err := waitFor(ctx, c.log, "participant workflows restarted", c.deadline(), c.running("", n)); err != nil {
		return err
	}
	return c.move(ctx, c.ID, "cancel", c.out, "e.cancel", time.Now())
}

// move moves a campaign with its API call (start, complete, cancel) and
// records how long the answer took under key.
func (b *bench) move(ctx context.Context, id, verb string, out run, key string, t0 time.Time) error {
	if err := b.api.Do(ctx, http.MethodPost, "/campaigns/"+id+"/"+verb, nil, nil); err != nil {
		return fmt.Errorf("%s: %w", verb, err)
	}
	if out != nil {
		out[key] = time.Since(t0).Seconds()
	}
	return nil
}

// change moves one participant from one status to another through the
// API (the interactive path: an update of its workflow) and, in run 1,
// records the history that change added.
func (c *benchCampaign) change(ctx context.Context, pid, from, to string) error {
	wid := domain.ParticipantWorkflowID(c.ID, pid)
	before, err := history(ctx, c.obs.tc, wid)
	if err != nil {
		return err
	}
	t0 := time.Now()
	if err := c.api.Do(ctx, http.MethodPatch, "/campaigns/"+c.ID+"/participants/"+pid, map[string]any{"status": to}, nil); err != nil {
		return err
	}
	c.out["e.change"] = time.Since(t0).Seconds()
	if c.r == 1 {
		after, err := history(ctx, c.obs.tc, wid)
		if err != nil {
			return err
		}
		c.rounds = append(c.rounds, tally(fmt.Sprintf("%s -> %s, one change through the API (update, %s)", from, to, emailOf(to)), after[len(before):]))
	}
	return nil
}

// countRounds records what a participant's start and each batch status
// change (to the statuses in changes, in order) cost in history events and
// workflow tasks.
func (b *bench) countRounds(ctx context.Context, campaignID, pid string, changes []string) {
	events, err := history(ctx, b.obs.tc, domain.ParticipantWorkflowID(campaignID, pid))
	if err != nil {
		b.log.Warn("could not read a participant's history", "err", err)
		return
	}
	var rs []rounds
	for i, part := range bySignal(events) {
		switch {
		case i == 0:
			rs = append(rs, tally("start to Contacted (bulk start, ExecuteWorkflow)", part))
		case i <= len(changes):
			rs = append(rs, tally(fmt.Sprintf("to %s (batch status update, %s)", changes[i-1], emailOf(changes[i-1])), part))
		}
	}
	b.rounds = append(b.rounds, rs...)
}

// emailOf says what email entering a status sends.
func emailOf(status string) string {
	if status == statusInterested {
		return "email later"
	}
	return "email at once"
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
