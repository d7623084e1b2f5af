package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// TestServicesRefuseAPendingMigration: the API and the worker open the
// database through openStore, which refuses while a migration is pending
// and says what to do; after `drumbeat migrate` they start.
func TestServicesRefuseAPendingMigration(t *testing.T) {
	ctx := t.Context()
	empty := storetest.NewEmpty(t)
	var name string
	require.NoError(t, empty.Pool().QueryRow(ctx, "SELECT current_database()").Scan(&name))
	cfg, err := loadConfig()
	require.NoError(t, err)
	cfg.DatabaseURL = storetest.WithDatabase(storetest.URL(t), name)

	_, err = openStore(ctx, cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pending migration")
	assert.Contains(t, err.Error(), "drumbeat migrate")

	require.NoError(t, runMigrate(ctx, cfg))
	st, err := openStore(ctx, cfg)
	require.NoError(t, err)
	st.Close()
	require.NoError(t, runMigrate(ctx, cfg), "migrating again is a no-op")
}
