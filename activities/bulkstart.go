package activities

import (
	"context"

	"go.temporal.io/sdk/activity"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/metrics"
	"github.com/drumbeat-crm/drumbeat/store"
)

// sentPage is a page of the bulk start whose SQL and messages are done and
// whose participant workflows are still to start.
type sentPage struct {
	store.StartPage
	emailed int
}

// StartParticipants is the bulk campaign start, bulk first and durable
// always (see pipeline). The sending side pages through the participants in
// id order: in one transaction it moves a page's Targeted participants to
// Contacted and records Contacted's actions, then sends the page's emails
// over the SMTP pool. The starting side starts each finished page's
// participant workflows and heartbeats its cursor. A retried attempt resumes
// after the last page whose workflows were started; every row and send is
// keyed, so nothing it repeats happens twice. Both sides stop once the
// campaign is no longer in progress.
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
	ended := false
	err = pipeline(ctx, func() { activity.RecordHeartbeat(ctx, prog) },
		func(ctx context.Context, out chan<- sentPage) error { return a.initiatePages(ctx, c, prog.Cursor, out) },
		func(ctx context.Context, page sentPage) (bool, error) {
			// A campaign that ended meanwhile starts no more participant
			// workflows: they would outlive it.
			if stage, err := a.Store.CampaignStage(ctx, c.ID); err != nil || stage != domain.StageInProgress {
				ended = true
				return true, err
			}
			live := liveParticipants(c.Workflow, page.Participants)
			if err := a.startInChunks(ctx, c, live, in.Restart, func() { activity.RecordHeartbeat(ctx, prog) }); err != nil {
				return false, err
			}
			prog.Cursor = page.LastID
			prog.Pages++
			prog.Initiated += page.Initiated
			prog.Emailed += page.emailed
			prog.Started += len(live)
			activity.RecordHeartbeat(ctx, prog)
			a.log().Info("campaign start page", "campaign", c.ID, "page", prog.Pages, "initiated", prog.Initiated, "emailed", prog.Emailed)
			return false, nil
		})
	if err != nil || ended {
		return prog.StartParticipantsResult, err
	}
	return prog.StartParticipantsResult, a.Store.FinishPrintBatch(ctx, c.ID)
}

// initiatePages is the sending side of the bulk start: it hands each
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
		metrics.ParticipantsInitiated(page.Initiated)
		a.wakeForContacted(ctx, c, page)
		emailed, err := a.sendPageMessages(ctx, page)
		if err != nil {
			return err
		}
		if err := handOn(ctx, out, sentPage{StartPage: page, emailed: emailed}); err != nil {
			return err
		}
		cursor = page.LastID
	}
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
