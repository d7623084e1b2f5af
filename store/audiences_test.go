package store_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// An audience page enrolled twice (a retried sweep page) enrolls, initiates
// and queues nothing twice, and returns the same participants again so their
// pending email can still be sent and their workflows started.
func TestEnrollAudienceIsIdempotent(t *testing.T) {
	ctx := t.Context()
	st := storetest.New(t)
	manager := domain.User{ID: uuid.NewString(), Name: "M", Email: "m@example.test", Privileges: []string{domain.PrivCampaigns}}
	require.NoError(t, st.UpsertUser(ctx, manager))
	def := domain.DefaultWorkflow()
	def.Statuses[1].Actions = append(def.Statuses[1].Actions, domain.Action{Kind: domain.ActionPoints, Points: 3})
	id := uuid.NewString()
	require.NoError(t, st.CreateCampaign(ctx, id, manager.ID, domain.CampaignInput{Name: "Enrol", Priority: "A", ManagerID: manager.ID, Security: "public"}, def))
	contacts := []string{uuid.NewString(), uuid.NewString()}
	for i, c := range contacts {
		require.NoError(t, st.UpsertContact(ctx, domain.Contact{ID: c, FirstName: "F", LastName: "L", Email: string(rune('a'+i)) + "@example.test"}))
	}
	camp, err := st.GetCampaign(ctx, id)
	require.NoError(t, err)
	since, err := st.Now(ctx)
	require.NoError(t, err)

	first, enrolled, err := st.EnrollAudience(ctx, camp, contacts, since, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, enrolled)
	assert.Equal(t, 2, first.Initiated)
	assert.Len(t, first.EmailKeys, 2)
	again, enrolled, err := st.EnrollAudience(ctx, camp, contacts, since, nil)
	require.NoError(t, err)
	assert.Zero(t, enrolled)
	assert.Zero(t, again.Initiated)
	assert.Equal(t, first.EmailKeys, again.EmailKeys, "still pending: a retry sends them")
	assert.Len(t, again.Participants, 2)

	var outbox, engagements, score int
	require.NoError(t, st.Pool().QueryRow(ctx, `SELECT count(*) FROM outbox WHERE campaign_id = $1`, id).Scan(&outbox))
	require.NoError(t, st.Pool().QueryRow(ctx, `SELECT count(*) FROM activities WHERE campaign_id = $1 AND kind = 'engagement'`, id).Scan(&engagements))
	require.NoError(t, st.Pool().QueryRow(ctx, `SELECT score FROM contacts WHERE id = $1`, contacts[0]).Scan(&score))
	assert.Equal(t, [3]int{2, 2, 3}, [3]int{outbox, engagements, score})

	// A later sweep (a later start time) no longer sees them as its own, nor as matches.
	later, err := st.Now(ctx)
	require.NoError(t, err)
	page, enrolled, err := st.EnrollAudience(ctx, camp, contacts, later, nil)
	require.NoError(t, err)
	assert.Zero(t, enrolled)
	assert.Empty(t, page.Participants)
	_, err = st.Pool().Exec(ctx, `UPDATE contacts SET customer_status = 'Active' WHERE id = ANY($1::uuid[])`, contacts)
	require.NoError(t, err)
	matches, err := st.AudiencePage(ctx, id, domain.Audience{Type: domain.AudienceCustomers, CustomerStatus: "All"}, "", 10, &later)
	require.NoError(t, err)
	assert.Empty(t, matches)
	all, err := st.AudiencePage(ctx, id, domain.Audience{Type: domain.AudienceCustomers, CustomerStatus: "All"}, "", 10, nil)
	require.NoError(t, err)
	assert.Len(t, all, 2)
}
