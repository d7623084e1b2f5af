package store_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/benchdata"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// TestLeadListReusesItsPlan: a page of the lead list, with or without a
// filter, is planned once per connection and then run from PostgreSQL's
// cached generic plan, not planned again on every request (which a page
// size passed as a parameter forces). The store runs on one connection so
// that its prepared statements can be read back from that connection.
func TestLeadListReusesItsPlan(t *testing.T) {
	ctx := t.Context()
	st := storetest.New(t)
	owner, err := st.CreateUser(ctx, domain.UserInput{Name: "Owner Plan", Email: "owner.plan@example.test",
		Privileges: []string{domain.PrivLeads}})
	require.NoError(t, err)
	require.NoError(t, benchdata.LoadLeads(ctx, st.Pool(), 300, []string{owner.ID}))
	url, sep := st.Pool().Config().ConnString(), "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	one, err := store.Open(ctx, url+sep+"pool_max_conns=1")
	require.NoError(t, err)
	defer one.Close()

	for _, tc := range []struct {
		name string
		q    store.LeadQuery
	}{
		{"list", store.LeadQuery{Limit: 51}},
		{"chip My Leads", store.LeadQuery{Filter: store.LeadFilterMine, UserID: owner.ID, Limit: 52}},
		{"chip Stale", store.LeadQuery{Filter: store.LeadFilterStale, UserID: owner.ID, Limit: 53}},
	} {
		for range 8 {
			leads, err := one.ListLeads(ctx, tc.q)
			require.NoError(t, err, tc.name)
			if tc.q.Filter != store.LeadFilterStale { // the loaded leads are all recent
				require.Len(t, leads, tc.q.Limit, tc.name)
			}
		}
		var generic, custom int64
		require.NoError(t, one.Pool().QueryRow(ctx, `SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)
			FROM pg_prepared_statements WHERE statement LIKE '%FROM leads%' AND statement LIKE '%LIMIT '||$1::int||'%'`,
			tc.q.Limit).Scan(&generic, &custom))
		assert.GreaterOrEqual(t, generic, int64(3), "%s: runs from the cached plan", tc.name)
		assert.LessOrEqual(t, custom, int64(5), "%s: planned again on every run", tc.name)
	}
}
