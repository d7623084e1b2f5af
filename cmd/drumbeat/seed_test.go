package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// TestSeedGivesTheDemoAdministratorAPassword: the demo administrator signs
// in with DEMO_PASSWORD; seeding again with the same password signs nobody
// out, another password replaces it, and one too short is refused.
func TestSeedGivesTheDemoAdministratorAPassword(t *testing.T) {
	st := storetest.New(t)
	ctx := t.Context()
	require.NoError(t, seedDemo(ctx, st, "demo-token-1", "drumbeat-demo"))
	u, err := st.UserByPassword(ctx, "admin@drumbeat.local", "drumbeat-demo")
	require.NoError(t, err)
	id, _, err := st.CreateSession(ctx, u)
	require.NoError(t, err)

	require.NoError(t, seedDemo(ctx, st, "demo-token-1", "drumbeat-demo"))
	_, err = st.SessionByID(ctx, id)
	assert.NoError(t, err, "seeding again keeps the session")

	require.NoError(t, seedDemo(ctx, st, "demo-token-1", "another-demo-password"))
	_, err = st.UserByPassword(ctx, "admin@drumbeat.local", "drumbeat-demo")
	assert.Error(t, err, "the old password no longer signs in")
	_, err = st.UserByPassword(ctx, "admin@drumbeat.local", "another-demo-password")
	assert.NoError(t, err)
	_, err = st.SessionByID(ctx, id)
	assert.Error(t, err, "a new password ends the sessions")

	assert.ErrorContains(t, seedDemo(ctx, st, "demo-token-1", "short"), "DEMO_PASSWORD")
}
