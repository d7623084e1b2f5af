package store_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

func TestMigrationsAreNumberedAndUnique(t *testing.T) {
	ms, err := store.Migrations()
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	prev := 0
	for _, m := range ms {
		assert.Greater(t, m.Version, prev, "migration %s: versions must increase", m.Name)
		assert.NotEmpty(t, m.SQL)
		prev = m.Version
	}
}

func TestMigrateIsIdempotentAndRecorded(t *testing.T) {
	ctx := t.Context()
	st := storetest.NewEmpty(t)
	all, err := store.Migrations()
	require.NoError(t, err)

	err = st.CheckMigrated(ctx)
	require.Error(t, err, "a fresh database has pending migrations")
	assert.Contains(t, err.Error(), "pending migration")
	assert.Contains(t, err.Error(), "drumbeat migrate")

	// Three migrators at once: the advisory lock lets one apply everything.
	var wg sync.WaitGroup
	applied := make([][]string, 3)
	errs := make([]error, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = st.Migrate(ctx)
		}()
	}
	wg.Wait()
	total := 0
	for i := range 3 {
		require.NoError(t, errs[i])
		total += len(applied[i])
	}
	assert.Equal(t, len(all), total, "each migration applied exactly once")

	require.NoError(t, st.CheckMigrated(ctx))
	again, err := st.Migrate(ctx)
	require.NoError(t, err)
	assert.Empty(t, again)

	var recorded int
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&recorded))
	assert.Equal(t, len(all), recorded)
}
