package activities

import (
	"context"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/metrics"
	"github.com/drumbeat-crm/drumbeat/store"
)

// leadQuiet is how long the sending side of a bulk start must have sent no
// page before the starting side may use the machine (see follow).
const leadQuiet = time.Second

// StartParticipants is the bulk campaign start, bulk first and durable
// always (see follow). The sending side pages through the participants in
// id order: in one transaction it moves a page's Targeted participants to
// Contacted and records Contacted's actions, then sends the page's emails
// over the SMTP pool, and moves on at once. The starting side follows it
// from its own cursor, starting each sent page's participant workflows
// whenever the sending side is quiet or done. Both cursors are in the
// heartbeat: a retried attempt resumes each side where it had got; every
// row and send is keyed, so nothing it repeats happens twice. Both sides
// stop once the campaign is no longer in progress.
func (a *Activities) StartParticipants(ctx context.Context, in StartParticipantsInput) (StartParticipantsResult, error) {
	var prog startProgress
	if activity.HasHeartbeatDetails(ctx) {
		if err := activity.GetHeartbeatDetails(ctx, &prog); err != nil {
			prog = startProgress{}
		}
	}
	if prog.Sent < prog.Cursor {
		prog.Sent = prog.Cursor
	}
	c, err := a.Store.GetCampaign(ctx, in.CampaignID)
	if err != nil {
		return prog.StartParticipantsResult, permanent(err)
	}
	// prog is written by both sides and read by the heartbeat.
	var mu sync.Mutex
	update := func(change func(*startProgress)) {
		mu.Lock()
		defer mu.Unlock()
		change(&prog)
	}
	beat := func() {
		mu.Lock()
		p := prog
		mu.Unlock()
		activity.RecordHeartbeat(ctx, p)
	}
	ended := false
	err = follow(ctx, beat, prog.Sent, leadQuiet,
		func(ctx context.Context, m *mark) error {
			return a.initiatePages(ctx, c, prog.Sent, func(page store.StartPage, emailed int) {
				update(func(p *startProgress) {
					p.Sent = page.LastID
					p.Pages++
					p.Initiated += page.Initiated
					p.Emailed += emailed
				})
				m.advance(page.LastID)
				a.log().Info("campaign start page sent", "campaign", c.ID, "initiated", page.Initiated, "emailed", emailed)
			})
		},
		func(ctx context.Context, upTo string) (bool, error) {
			for {
				// A campaign that ended meanwhile starts no more
				// participant workflows: they would outlive it.
				if stage, err := a.Store.CampaignStage(ctx, c.ID); err != nil || stage != domain.StageInProgress {
					ended = true
					return true, err
				}
				ps, err := a.Store.ListParticipants(ctx, c.ID, prog.Cursor, a.pageSize())
				if err != nil {
					return false, err
				}
				// Participants (in id order) after the mark are not sent yet.
				if ps = leading(ps, func(p domain.Participant) bool { return p.ID <= upTo }); len(ps) == 0 {
					return false, nil
				}
				live := liveParticipants(c.Workflow, ps)
				if err := a.startInChunks(ctx, c, live, in.Restart, beat); err != nil {
					return false, err
				}
				update(func(p *startProgress) { p.Cursor, p.Started = ps[len(ps)-1].ID, p.Started+len(live) })
				beat()
			}
		})
	if err != nil || ended {
		return prog.StartParticipantsResult, err
	}
	return prog.StartParticipantsResult, a.Store.FinishPrintBatch(ctx, c.ID)
}

// initiatePages is the sending side of the bulk start: it calls sent after
// each finished page, and stops at the end, on an error, or when the
// campaign is no longer in progress. The next page is initiated while this
// one's messages go out (its SQL and the SMTP pool then share the time
// instead of taking turns); a page initiated but not sent when the pass
// stops is taken up again by the retry, since the cursor moves only past
// sent pages and a page's pending emails are read with the page.
func (a *Activities) initiatePages(ctx context.Context, c domain.Campaign, cursor string, sent func(page store.StartPage, emailed int)) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	next := a.prepareNext(ctx, c, cursor)
	defer func() {
		stop()
		if next != nil {
			<-next // a page being initiated ahead ends with the pass
		}
	}()
	for {
		r := <-next
		next = nil
		if r.err != nil || len(r.page.Participants) == 0 {
			return r.err
		}
		page := r.page
		metrics.ParticipantsInitiated(page.Initiated)
		a.wakeForContacted(ctx, c, page)
		next = a.prepareNext(ctx, c, page.LastID)
		emailed, err := a.sendPageMessages(ctx, page)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		sent(page, emailed)
	}
}

// prepared is a page initiated ahead, or why it was not.
type prepared struct {
	page store.StartPage
	err  error
}

// prepareNext initiates the page after cursor in the background, unless the
// campaign is no longer in progress (an empty page).
func (a *Activities) prepareNext(ctx context.Context, c domain.Campaign, cursor string) <-chan prepared {
	ch := make(chan prepared, 1)
	go func() {
		if stage, err := a.Store.CampaignStage(ctx, c.ID); err != nil || stage != domain.StageInProgress {
			ch <- prepared{err: err}
			return
		}
		page, err := a.Store.InitiatePage(ctx, c, cursor, a.pageSize())
		ch <- prepared{page: page, err: err}
	}()
	return ch
}

// sendPageMessages delivers a page's pending emails and text messages.
func (a *Activities) sendPageMessages(ctx context.Context, page store.StartPage) (int, error) {
	emailed, err := a.send(ctx, page.EmailKeys)
	if err != nil {
		return emailed, err
	}
	_, err = a.sendParticipantSMS(ctx, idsOf(page.Participants))
	return emailed, err
}

// wakeForContacted wakes the outbox sender for the delayed emails of
// Contacted that a page of initiated participants queued.
func (a *Activities) wakeForContacted(ctx context.Context, c domain.Campaign, page store.StartPage) {
	if st, ok := c.Workflow.Status(domain.StatusContacted); ok && page.Initiated > 0 && hasDelayedEmail(st.Actions) {
		a.wakeSender(ctx)
	}
}

// startInChunks starts the participants' workflows in chunks, calling alive
// between chunks (the cursor moves only once the whole page is done).
func (a *Activities) startInChunks(ctx context.Context, c domain.Campaign, live []domain.Participant, restart bool, alive func()) error {
	for from := 0; from < len(live); from += startChunk {
		if err := a.startByVersion(ctx, c, live[from:min(from+startChunk, len(live))], restart); err != nil {
			return err
		}
		alive()
	}
	return nil
}
