package store_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// TestContactListIsServedByIndexes: the search and every filter of the
// contacts list are read through the indexes of migration 0024. With
// sequential scans switched off, the plan of each names the index that
// serves it and scans no table whole.
func TestContactListIsServedByIndexes(t *testing.T) {
	st := storetest.New(t)
	after := &domain.ContactCursor{Last: "m", First: "a", ID: uuid.NewString()}
	trigrams := []string{"contacts_first_name_trgm_idx", "contacts_last_name_trgm_idx", "contacts_email_trgm_idx",
		"companies_name_trgm_idx", "contacts_company_idx"}
	for _, tc := range []struct {
		name    string
		f       domain.ContactFilter
		indexes []string
	}{
		{"no filter", domain.ContactFilter{}, []string{"contacts_list_idx"}},
		{"after a page", domain.ContactFilter{After: after}, []string{"contacts_list_idx"}},
		{"search", domain.ContactFilter{Words: []string{"ann", "acme"}}, trigrams},
		{"type", domain.ContactFilter{Type: "Client", After: after}, []string{"contacts_list_type_idx"}},
		{"partner type", domain.ContactFilter{PartnerType: "Realtor"}, []string{"contacts_list_partner_type_idx"}},
		{"customer status", domain.ContactFilter{CustomerStatus: "Active"}, []string{"contacts_list_customer_idx"}},
		{"group", domain.ContactFilter{GroupID: uuid.NewString()}, []string{"customer_group_members_pkey"}},
	} {
		tc.f.Limit = 50
		sql, args := store.ContactListSQL(tc.f)
		plan := explainWithoutSeqScans(t, st, sql, args...)
		assert.NotContains(t, plan, "Seq Scan", "%s:\n%s", tc.name, plan)
		for _, idx := range tc.indexes {
			assert.Contains(t, plan, idx, "%s:\n%s", tc.name, plan)
		}
	}
}

// explainWithoutSeqScans is the plan of a query with sequential scans
// switched off (read in a transaction that is rolled back).
func explainWithoutSeqScans(t *testing.T, st *store.Store, sql string, args ...any) string {
	t.Helper()
	ctx := t.Context()
	tx, err := st.Pool().Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback(ctx) }()
	_, err = tx.Exec(ctx, "SET LOCAL enable_seqscan = off")
	require.NoError(t, err)
	rows, err := tx.Query(ctx, "EXPLAIN "+sql, args...)
	require.NoError(t, err, "%s", sql)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		require.NoError(t, rows.Scan(&line))
		plan = append(plan, line)
	}
	require.NoError(t, rows.Err())
	return strings.Join(plan, "\n")
}
