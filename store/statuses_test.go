package store_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// initiated is a campaign in progress, managed by a new user, whose n
// participants the bulk start moved to Contacted.
func initiated(t *testing.T, name string, n int) (*store.Store, domain.Campaign, domain.User, []domain.Participant) {
	ctx := t.Context()
	st := storetest.New(t)
	manager := domain.User{ID: uuid.NewString(), Name: "M", Email: "m@example.test"}
	require.NoError(t, st.UpsertUser(ctx, manager))
	id := uuid.NewString()
	require.NoError(t, st.CreateCampaign(ctx, id, "", domain.CampaignInput{Name: name, Priority: "A", ManagerID: manager.ID,
		Security: "public"}, domain.DefaultWorkflow()))
	var contacts []string
	for range n {
		c := domain.Contact{ID: uuid.NewString(), FirstName: "F", LastName: "L", Email: uuid.NewString() + "@example.test"}
		require.NoError(t, st.UpsertContact(ctx, c))
		contacts = append(contacts, c.ID)
	}
	_, err := st.AddParticipants(ctx, id, contacts, manager.ID)
	require.NoError(t, err)
	require.NoError(t, st.SetCampaignStage(ctx, id, domain.StagePlanning, domain.StageInProgress))
	camp, err := st.GetCampaign(ctx, id)
	require.NoError(t, err)
	page, err := st.InitiatePage(ctx, camp, "", 10)
	require.NoError(t, err)
	require.Equal(t, n, page.Initiated)
	return st, camp, manager, page.Participants
}

// TestBulkApplyStatusIsKeyed: a retried page of a batch status update
// reports the items it already applied and writes nothing twice; refused
// items change nothing.
func TestBulkApplyStatusIsKeyed(t *testing.T) {
	ctx := t.Context()
	st, camp, manager, ps := initiated(t, "Bulk", 3)
	id := camp.ID

	// Contacted -> Responded for two, and an unknown participant.
	batchID := uuid.NewString()
	items := []store.BulkStatusItem{{Seq: 1, ParticipantID: ps[0].ID}, {Seq: 2, ParticipantID: ps[1].ID}, {Seq: 3, ParticipantID: uuid.NewString()}}
	first, err := st.BulkApplyStatus(ctx, camp, "Responded", batchID, manager.ID, items)
	require.NoError(t, err)
	again, err := st.BulkApplyStatus(ctx, camp, "Responded", batchID, manager.ID, items)
	require.NoError(t, err)
	for _, res := range []store.BulkStatusResult{first, again} {
		require.Len(t, res.Outcomes, 3)
		assert.Empty(t, res.Outcomes[0].Reason)
		assert.Equal(t, "Responded", res.Outcomes[0].Participant.Status)
		assert.Equal(t, 2, res.Outcomes[1].Participant.Transitions)
		assert.Equal(t, "not a participant of this campaign", res.Outcomes[2].Reason)
	}
	// Then Interested, twice: one opportunity each, not two.
	batch2 := uuid.NewString()
	items2 := []store.BulkStatusItem{{Seq: 1, ParticipantID: ps[0].ID}, {Seq: 2, ParticipantID: ps[2].ID}}
	for i := 0; i < 2; i++ {
		res, err := st.BulkApplyStatus(ctx, camp, "Interested", batch2, manager.ID, items2)
		require.NoError(t, err)
		assert.Empty(t, res.Outcomes[0].Reason)
		assert.Contains(t, res.Outcomes[1].Reason, "allowed next statuses are Responded, Not responded, Don't contact me")
	}
	var opps, transitions int
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT count(*) FROM opportunities WHERE campaign_id = $1", id).Scan(&opps))
	assert.Equal(t, 1, opps)
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT transitions FROM participants WHERE id = $1", ps[0].ID).Scan(&transitions))
	assert.Equal(t, 3, transitions)
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT transitions FROM participants WHERE id = $1", ps[2].ID).Scan(&transitions))
	assert.Equal(t, 1, transitions, "a refused item changes nothing")
}

// TestApplyStatusRefusesATransitionTakenByABatch: a participant's own change
// computed from a status its workflow held before a batch moved it (the
// batch's signal not yet heard) finds its transition number taken by
// another move, and is refused instead of being reported as applied; the
// same change repeated by a retried activity still counts as applied.
func TestApplyStatusRefusesATransitionTakenByABatch(t *testing.T) {
	ctx := t.Context()
	st, camp, manager, ps := initiated(t, "Race", 1)
	p := ps[0]

	res, err := st.BulkApplyStatus(ctx, camp, "Responded", uuid.NewString(), manager.ID, []store.BulkStatusItem{{Seq: 1, ParticipantID: p.ID}})
	require.NoError(t, err)
	require.Empty(t, res.Outcomes[0].Reason)

	// The workflow still believes Contacted, transition 1.
	_, _, err = st.ApplyStatus(ctx, store.ApplyStatusParams{Campaign: camp, ParticipantID: p.ID, From: "Contacted", To: "Not responded", Transition: 2})
	var te *domain.TransitionError
	require.ErrorAs(t, err, &te)
	assert.Contains(t, te.Reason, "changed status concurrently (now Responded)")

	// The batch's own move, seen again, is applied already.
	got, _, err := st.ApplyStatus(ctx, store.ApplyStatusParams{Campaign: camp, ParticipantID: p.ID, From: "Contacted", To: "Responded", Transition: 2})
	require.NoError(t, err)
	assert.Equal(t, "Responded", got.Status)
	var status string
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT status FROM participants WHERE id = $1", p.ID).Scan(&status))
	assert.Equal(t, "Responded", status)
}

// TestBulkApplyStatusWritesAPageOfMoves: a page's moves, written together,
// give each participant its status, transition number and status_since (the
// outcome's time is the row's), one log line each with the move and the
// actor; a participant named twice in one page has its second item decided
// after its first move (refused here: Responded does not lead to itself).
func TestBulkApplyStatusWritesAPageOfMoves(t *testing.T) {
	ctx := t.Context()
	st, camp, manager, ps := initiated(t, "Page", 3)
	items := []store.BulkStatusItem{{Seq: 1, ParticipantID: ps[0].ID}, {Seq: 2, ParticipantID: ps[1].ID},
		{Seq: 3, ParticipantID: ps[1].ID}, {Seq: 4, ParticipantID: ps[2].ID}}
	res, err := st.BulkApplyStatus(ctx, camp, "Responded", uuid.NewString(), manager.ID, items)
	require.NoError(t, err)
	require.Len(t, res.Outcomes, 4)
	for _, i := range []int{0, 1, 3} {
		out := res.Outcomes[i]
		require.Empty(t, out.Reason, "item %d", i)
		var status, from, to, actor string
		var transitions int
		since := out.Participant.StatusSince
		var logged time.Time
		require.NoError(t, st.Pool().QueryRow(ctx, `SELECT p.status, p.transitions, p.status_since, l.from_status, l.to_status, l.actor_id::text
			FROM participants p JOIN participant_status_log l ON l.participant_id = p.id AND l.transition = p.transitions
			WHERE p.id = $1`, out.Participant.ID).Scan(&status, &transitions, &logged, &from, &to, &actor))
		assert.Equal(t, "Responded", status)
		assert.Equal(t, 2, transitions)
		assert.Equal(t, 2, out.Participant.Transitions)
		assert.False(t, since.IsZero())
		assert.True(t, since.Equal(logged), "the outcome's status_since is the row's")
		assert.Equal(t, []string{"Contacted", "Responded", manager.ID}, []string{from, to, actor})
	}
	assert.NotEmpty(t, res.Outcomes[2].Reason, "the second item of the same participant sees its first move")
	var logs int
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT count(*) FROM participant_status_log WHERE participant_id = $1", ps[1].ID).Scan(&logs))
	assert.Equal(t, 2, logs, "Targeted -> Contacted, Contacted -> Responded: the refused item wrote nothing")
}
