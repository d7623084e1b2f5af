package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// bench is one benchmark: the system, the contacts every run's campaign
// enrolls, and what it measured.
type bench struct {
	cfg      config
	log      *slog.Logger
	sys      *rig.System
	api      *rig.Client
	obs      *observer
	mail     *mailbox
	db       *pgxpool.Pool
	contacts []string
	rounds   []rounds
	// leadsLoaded is how long scenario (f)'s leads took to load; leadIDs
	// the ids they got.
	leadsLoaded time.Duration
	leadIDs     leadIDs
}

// runBench runs every pass (see config.passes) one after the other and
// gathers their figures into one report, each pass's under its own keys.
// A pass after the first that cannot start is a failure of the report, so
// that what the first measured is still printed.
func runBench(ctx context.Context, cfg config, log *slog.Logger) (rep report, err error) {
	rep = report{cfg: cfg, date: time.Now(), machine: rig.Machine(), commit: rig.Commit(), loadBefore: loadAverage()}
	bin, err := cfg.drumbeatPath()
	if err != nil {
		return rep, err
	}
	for i, p := range cfg.passes() {
		if ctx.Err() != nil {
			break
		}
		err := runPass(ctx, p, bin, log.With("temporal", p.store), &rep)
		if err != nil && i == 0 {
			return rep, err
		}
		if err != nil {
			rep.failures = append(rep.failures, fmt.Sprintf("Temporal %s: the benchmark could not be carried out: %v", p.store, err))
		}
	}
	rep.loadAfter = loadAverage()
	return rep, nil
}

// runPass starts the system of one pass, creates the contacts and runs
// every scenario p.cfg.Runs times, bare Temporal first in each run; run r's
// figures go into rep.runs[r-1] under their key and p.suffix.
func runPass(ctx context.Context, p pass, bin string, log *slog.Logger, rep *report) error {
	cfg := p.cfg
	received, err := rig.ReceivedLog(cfg.Dir)
	if err != nil {
		return err
	}
	defer received.Close()
	b := &bench{cfg: cfg, log: log, mail: newMailbox(received)}
	smtp, err := rig.ListenSMTP("127.0.0.1:0", b.mail.add)
	if err != nil {
		return err
	}
	defer smtp.Stop()
	log.Info("starting the system", "dir", cfg.Dir, "n", cfg.N, "runs", cfg.Runs)
	// Only the first pass may use a stack the environment names: the other
	// one's Temporal is what it measures, so it starts its own.
	if b.sys, err = rig.Start(ctx, rig.Options{Dir: cfg.Dir, Bin: bin, SMTPURL: smtp.URL(), Env: cfg.env(), External: p.suffix == "",
		Ephemeral: true, TemporalConfig: []string{statsFresh}, TemporalStore: p.store, Log: log}); err != nil {
		return err
	}
	defer b.sys.Stop()
	rep.temporals = append(rep.temporals, temporalOf(p, b.sys.Stack == nil, b.sys.Env.TemporalAddress))
	tc, err := b.sys.DialTemporal()
	if err != nil {
		return err
	}
	defer tc.Close()
	b.obs = &observer{tc: tc, ns: b.sys.Namespace, log: log}
	if b.db, err = pgxpool.New(ctx, b.sys.Env.DatabaseURL); err != nil {
		return err
	}
	defer b.db.Close()
	b.api = rig.NewClient(b.sys.APIURL, b.sys.Token, log)

	t0 := time.Now()
	if b.contacts, err = insertContacts(ctx, b.db, cfg.N); err != nil {
		return err
	}
	log.Info("contacts ready", "n", cfg.N, "took", time.Since(t0).Round(time.Second))
	if cfg.has("f") {
		if err := b.loadLeads(ctx); err != nil {
			return err
		}
		rep.leadsLoaded = b.leadsLoaded
	}
	fail := func(r int, what string, err error) {
		rep.failures = append(rep.failures, fmt.Sprintf("run %d, %s%s: %v", r, what, p.label, err))
	}
	for r := 1; r <= cfg.Runs; r++ {
		out := run{}
		if cfg.has("a") {
			if err := bare(ctx, log, b.obs, cfg.N, b.deadline(), out); err != nil {
				fail(r, "bare Temporal", err)
			}
		}
		if cfg.has("b") {
			if err := b.campaign(ctx, r, out); err != nil {
				fail(r, "campaign", err)
			}
			b.delivery(r, out)
		}
		if cfg.has("f") {
			if err := b.leads(ctx, r, out); err != nil {
				fail(r, "leads", err)
			}
		}
		if err := b.sys.CheckProcesses(); err != nil {
			fail(r, "processes", err)
		}
		if len(rep.runs) < r {
			rep.runs = append(rep.runs, run{})
		}
		for k, v := range out {
			rep.runs[r-1][k+p.suffix] = v
		}
		if ctx.Err() != nil {
			break
		}
	}
	if p.suffix == "" {
		// The rounds of one participant are the workflow's, whatever the store.
		rep.rounds = b.rounds
	}
	rep.repeats += b.mail.repeats()
	return nil
}

// delivery records what run r's emails came to: each participant gets
// one email of each step measured, whatever the run got through;
// duplicates are repeated Message-IDs.
func (b *bench) delivery(r int, out run) {
	var kinds []string
	lost := 0
	steps := map[string]string{"b": "first", "c": "batch", "d": "delayed"}
	for _, sc := range []string{"b", "c", "d"} {
		if !b.cfg.has(sc) {
			continue
		}
		step := steps[sc]
		kinds = append(kinds, kind(r, step))
		lost += max(0, len(b.contacts)-b.mail.count(kind(r, step)))
	}
	out["mail.duplicates"], out["mail.lost"] = float64(b.mail.repeats(kinds...)), float64(lost)
}

// deadline is the end of a wait that starts now.
func (b *bench) deadline() time.Time { return time.Now().Add(b.cfg.Timeout) }

// waitMail waits until n distinct emails of a kind have arrived.
func (b *bench) waitMail(ctx context.Context, kind string, n int) error {
	_, err := waitFor(ctx, b.log, kind+" emails", b.deadline(), func(context.Context) (bool, string, error) {
		c := b.mail.count(kind)
		return c >= n, fmt.Sprintf("%d of %d", c, n), nil
	})
	return err
}

// waitBatches waits until every batch has finished without a failed item
// and returns when the last one finished, as PostgreSQL recorded it.
func (b *bench) waitBatches(ctx context.Context, ids []string) (time.Time, error) {
	var last time.Time
	for _, id := range ids {
		var bt domain.Batch
		_, err := waitFor(ctx, b.log, "batch "+id, b.deadline(), func(ctx context.Context) (bool, string, error) {
			var err error
			bt, err = rig.Batch(ctx, b.api, id)
			return bt.FinishedAt != nil, fmt.Sprintf("%s, %d of %d done", bt.Status, bt.Done(), bt.Total), err
		})
		if err != nil {
			return last, err
		}
		if bt.Status != domain.BatchCompleted || bt.Failed > 0 {
			return last, fmt.Errorf("batch %s ended %s with %d failed items (%s)", id, bt.Status, bt.Failed, bt.Error)
		}
		if bt.FinishedAt.After(last) {
			last = *bt.FinishedAt
		}
	}
	return last, nil
}

// lateness records how late the delayed emails of a kind arrived after
// their due time (the outbox row's due_at).
func (b *bench) lateness(ctx context.Context, campaignID, kind string, out run) error {
	arrived := b.mail.arrived(kind)
	rows, err := b.db.Query(ctx, `SELECT message_id, due_at FROM outbox WHERE campaign_id = $1 AND delayed AND due_at IS NOT NULL`, campaignID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var late []time.Duration
	for rows.Next() {
		var id string
		var due time.Time
		if err := rows.Scan(&id, &due); err != nil {
			return err
		}
		if at, ok := arrived[id]; ok {
			late = append(late, at.Sub(due))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(late) < len(arrived) {
		return fmt.Errorf("%d of %d delayed emails have no due time in the outbox", len(arrived)-len(late), len(arrived))
	}
	out["d.p50"], out["d.p99"] = percentile(late, 50).Seconds(), percentile(late, 99).Seconds()
	out["d.max"] = percentile(late, 100).Seconds()
	return nil
}

// temporalPid is the Temporal server's process id, found by its port; 0
// when it is not on this machine.
func (b *bench) temporalPid() int {
	_, port, err := net.SplitHostPort(b.sys.Env.TemporalAddress)
	if err != nil {
		return 0
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return 0
	}
	pid, err := listenerPid(p)
	if err != nil {
		b.log.Warn("cannot find the Temporal server's process", "err", err)
	}
	return pid
}

// profile takes, in the last run and when asked, a CPU profile of the
// worker from now on for cfg.Profile and writes it to Dir; the function
// it returns waits for it.
func (b *bench) profile(ctx context.Context, r int, step string) func() {
	return b.profileOf(ctx, r, "worker", b.sys.MetricsURL, step)
}

// profileOf is profile for the process (worker or api) that serves Go's
// profiles at base.
func (b *bench) profileOf(ctx context.Context, r int, proc, base, step string) func() {
	if b.cfg.Profile == 0 || r != b.cfg.Runs {
		return func() {}
	}
	path := filepath.Join(b.cfg.Dir, fmt.Sprintf("%s-%s.pprof", proc, step))
	url := fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", base, int(b.cfg.Profile.Seconds()))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := fetch(ctx, url, path); err != nil {
			b.log.Warn("could not profile", "process", proc, "step", step, "err", err)
			return
		}
		b.log.Info("CPU profile written", "process", proc, "path", path)
	}()
	return func() { <-done }
}

// fetch writes what a GET of url answers to path.
func fetch(ctx context.Context, url, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
