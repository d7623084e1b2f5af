package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// sentPage is a page of the bulk start whose SQL and messages are done and
// whose participant workflows are still to start.
type sentPage struct {
	store.StartPage
	emailed int
}

// lookahead bounds how many pages the SQL-and-SMTP side of the bulk start
// may run ahead of the workflow starts.
const lookahead = 20

// aliveEvery is how often the bulk start heartbeats while it waits.
const aliveEvery = 5 * time.Second

// StartParticipants is the bulk campaign start, bulk first and durable
// always. One side pages through the participants in id order: in one
// transaction it moves a page's Targeted participants to Contacted and
// records Contacted's actions, then sends the page's emails over the SMTP
// pool. The other side starts each finished page's participant workflows and
// heartbeats its cursor. Delivery is therefore bound by SQL and SMTP, and the
// workflows catch up behind, at most `lookahead` pages later. A retried
// attempt resumes after the last page whose workflows were started; every
// row and send is keyed, so nothing it repeats happens twice.
func (a *Activities) StartParticipants(ctx context.Context, in StartParticipantsInput) (StartParticipantsResult, error) {
	var prog startProgress
	if activity.HasHeartbeatDetails(ctx) {
		if err := activity.GetHeartbeatDetails(ctx, &prog); err != nil {
			prog = startProgress{}
		}
	}
	c, err := a.Store.GetCampaign(ctx, in.CampaignID)
	if err != nil {
		return prog.StartParticipantsResult, permanent(err)
	}
	pctx, stop := context.WithCancel(ctx)
	pages := make(chan sentPage, lookahead)
	var sendErr error
	go func() {
		defer close(pages)
		sendErr = a.initiatePages(pctx, c, prog.Cursor, pages)
	}()
	// finish stops the sending side and waits for it before the activity ends.
	finish := func(err error) (StartParticipantsResult, error) {
		stop()
		for range pages {
		}
		return prog.StartParticipantsResult, err
	}
	alive := time.NewTicker(aliveEvery)
	defer alive.Stop()
	for {
		var page sentPage
		var ok bool
		select {
		case page, ok = <-pages:
		case <-alive.C:
			activity.RecordHeartbeat(ctx, prog)
			continue
		}
		if !ok {
			if sendErr != nil {
				return finish(sendErr)
			}
			return finish(a.Store.FinishPrintBatch(ctx, c.ID))
		}
		// A campaign that ended meanwhile starts no more participant
		// workflows: they would outlive it.
		if stage, err := a.Store.CampaignStage(ctx, c.ID); err != nil || stage != domain.StageInProgress {
			return finish(err)
		}
		live := liveParticipants(c.Workflow, page.Participants)
		for from := 0; from < len(live); from += startChunk {
			if err := a.startByVersion(ctx, c, live[from:min(from+startChunk, len(live))]); err != nil {
				return finish(err)
			}
			activity.RecordHeartbeat(ctx, prog) // alive; the cursor moves only once the page is done
		}
		prog.Cursor = page.LastID
		prog.Pages++
		prog.Initiated += page.Initiated
		prog.Emailed += page.emailed
		prog.Started += len(live)
		activity.RecordHeartbeat(ctx, prog)
		a.log().Info("campaign start page", "campaign", c.ID, "page", prog.Pages, "initiated", prog.Initiated, "emailed", prog.Emailed)
	}
}

// initiatePages is the SQL-and-SMTP side of the bulk start: it hands each
// finished page on, and stops at the end, on an error, or when the campaign
// is no longer in progress.
func (a *Activities) initiatePages(ctx context.Context, c domain.Campaign, cursor string, out chan<- sentPage) error {
	for {
		if stage, err := a.Store.CampaignStage(ctx, c.ID); err != nil || stage != domain.StageInProgress {
			return err
		}
		page, err := a.Store.InitiatePage(ctx, c, cursor, a.pageSize())
		if err != nil || len(page.Participants) == 0 {
			return err
		}
		emailed, err := a.send(ctx, page.EmailKeys)
		if err != nil {
			return err
		}
		if _, err := a.sendParticipantSMS(ctx, idsOf(page.Participants)); err != nil {
			return err
		}
		select {
		case out <- sentPage{StartPage: page, emailed: emailed}:
		case <-ctx.Done():
			return ctx.Err()
		}
		cursor = page.LastID
	}
}
