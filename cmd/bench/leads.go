package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/benchdata"
)

// leadPages are the requests of scenario (f), by figure: the Leads list as
// its first page (100 leads, newest first), a text search of one word and
// of two, each filter chip, a sort by name and a lead's detail.
var leadPages = []struct{ key, label, path string }{
	{"f.list", "lead list", "/leads"},
	{"f.search", "text search, one word", "/leads?q=mar"},
	{"f.search2", "text search, two words", "/leads?q=ann+smi"},
	{"f.mine", "chip My Leads", "/leads?filter=mine"},
	{"f.recent", "chip Recent", "/leads?filter=recent"},
	{"f.stale", "chip Stale", "/leads?filter=stale"},
	{"f.sort", "sorted by last name", "/leads?sort=last_name"},
	{"f.detail", "lead detail", ""},
}

// leadIDs is the range of ids the loaded leads got.
type leadIDs struct{ min, max int64 }

// loadLeads loads cfg.Leads leads once, before the first run, owned and
// created by 40 users (the benchmark's own among them, whose leads are
// "mine").
func (b *bench) loadLeads(ctx context.Context) error {
	var me domain.User
	if err := b.api.Call(ctx, http.MethodGet, "/me", nil, &me); err != nil {
		return err
	}
	owners := []string{me.ID}
	for i := range 39 {
		var u domain.User
		if err := b.api.Do(ctx, http.MethodPost, "/users", map[string]any{"name": fmt.Sprintf("Owner%02d Bench", i),
			"email": fmt.Sprintf("owner%02d@bench.example", i), "privileges": []string{domain.PrivLeads}}, &u); err != nil {
			return err
		}
		owners = append(owners, u.ID)
	}
	t0 := time.Now()
	b.log.Info("(f) loading leads with COPY", "n", b.cfg.Leads)
	if err := benchdata.LoadLeads(ctx, b.db, b.cfg.Leads, owners); err != nil {
		return err
	}
	b.leadsLoaded = time.Since(t0)
	return b.db.QueryRow(ctx, "SELECT min(id), max(id) FROM leads").Scan(&b.leadIDs.min, &b.leadIDs.max)
}

// leads is scenario (f): each request of leadPages from cfg.Clients
// clients at once, cfg.Requests times in all after one warm-up request per
// client, then a full CSV export while the API's memory is watched.
func (b *bench) leads(ctx context.Context, r int, out run) error {
	b.log.Info("(f) the API at many leads", "run", r, "leads", b.cfg.Leads, "clients", b.cfg.Clients)
	rng := rand.New(rand.NewPCG(uint64(r), 7))
	var mu sync.Mutex
	// The API's profile covers the pages (as many as fit in cfg.Profile),
	// not the export after them.
	profiled := b.profileOf(ctx, r, "api", b.sys.APIURL, "leads")
	// CPU time is steadier than latency on a shared machine: what each
	// process spent on the pages says what a change saved where.
	cpu := b.meterCPU()
	for _, p := range leadPages {
		path := func() string { return p.path }
		if p.key == "f.detail" {
			path = func() string {
				mu.Lock()
				defer mu.Unlock()
				return fmt.Sprintf("/leads/%d", b.leadIDs.min+rng.Int64N(b.leadIDs.max-b.leadIDs.min+1))
			}
		}
		if _, err := b.hammer(ctx, b.cfg.Clients, path); err != nil { // warm-up
			return err
		}
		took, err := b.hammer(ctx, b.cfg.Requests, path)
		if err != nil {
			return err
		}
		for _, pc := range []float64{50, 95, 99} {
			out[fmt.Sprintf("%s.p%.0f", p.key, pc)] = float64(percentile(took, pc).Microseconds()) / 1000
		}
	}
	cpu.record("f", out)
	profiled()
	return b.export(ctx, out)
}

// hammer sends n requests of path from cfg.Clients clients at once and
// returns how long each took to be answered in full.
func (b *bench) hammer(ctx context.Context, n int, path func() string) ([]time.Duration, error) {
	took := make([]time.Duration, n)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(b.cfg.Clients)
	for i := range n {
		g.Go(func() error {
			t0 := time.Now()
			if err := b.api.Do(gctx, http.MethodGet, path(), nil, nil); err != nil {
				return err
			}
			took[i] = time.Since(t0)
			return nil
		})
	}
	return took, g.Wait()
}

// export downloads every lead as CSV and records how long it took and how
// much the API's resident memory grew meanwhile (sampled every 20 ms).
func (b *bench) export(ctx context.Context, out run) error {
	pid := b.sys.API.Pid()
	before, err := rssMB(pid)
	if err != nil {
		return err
	}
	peak := before
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if mb, err := rssMB(pid); err == nil {
				peak = max(peak, mb)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	t0 := time.Now()
	var csv lineCounter
	err = b.api.Stream(ctx, "/leads/export.csv", &csv)
	took := time.Since(t0)
	close(done)
	<-sampled
	if err != nil {
		return err
	}
	if rows := csv.lines - 1; rows != b.cfg.Leads {
		return fmt.Errorf("the export has %d leads, not %d", rows, b.cfg.Leads)
	}
	out["f.export"], out["f.exportRSS"], out["f.exportGrowth"] = took.Seconds(), peak, peak-before
	return nil
}

// lineCounter counts the lines written to it.
type lineCounter struct{ lines int }

// Write implements io.Writer.
func (l *lineCounter) Write(p []byte) (int, error) {
	l.lines += strings.Count(string(p), "\n")
	return len(p), nil
}
