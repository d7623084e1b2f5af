package store_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// TestPasswordsAndSessions: only the right password of an active user
// signs in; a session lives until it is deleted or idle too long, and is
// read with its user as the users table has it now.
func TestPasswordsAndSessions(t *testing.T) {
	st := storetest.New(t)
	ctx := t.Context()
	pw := "a long enough password"
	in := domain.UserInput{Name: "Ann", Email: "ann@sessions.example.test", Privileges: []string{domain.PrivCampaigns}, Password: &pw}
	ann, err := st.CreateUser(ctx, in)
	require.NoError(t, err)
	require.NoError(t, st.UpsertUser(ctx, domain.User{ID: uuid.NewString(), Name: "No Password", Email: "nopw@sessions.example.test"}))
	// An administrator, without whom no user could be changed.
	require.NoError(t, st.UpsertUser(ctx, domain.User{ID: uuid.NewString(), Name: "Admin", Email: "admin@sessions.example.test", Privileges: []string{domain.PrivAdmin}}))

	for _, tc := range [][2]string{{"ann@sessions.example.test", "wrong"}, {"nobody@sessions.example.test", pw}, {"nopw@sessions.example.test", ""}} {
		_, err := st.UserByPassword(ctx, tc[0], tc[1])
		assert.ErrorIs(t, err, domain.ErrNotFound, tc[0])
	}
	u, err := st.UserByPassword(ctx, "ANN@sessions.example.test", pw)
	require.NoError(t, err)
	assert.Equal(t, ann.ID, u.ID)

	id, s, err := st.CreateSession(ctx, u)
	require.NoError(t, err)
	assert.Len(t, s.CSRFSecret, 32)
	got, err := st.SessionByID(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, s.CSRFSecret, got.CSRFSecret)
	assert.Equal(t, []string{domain.PrivCampaigns}, got.User.Privileges)
	_, err = st.SessionByID(ctx, id+"x")
	assert.ErrorIs(t, err, domain.ErrNotFound)

	var stored []byte
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT id_hash FROM web_sessions").Scan(&stored))
	assert.NotContains(t, string(stored), id, "only the digest is stored")

	privs := []string{domain.PrivLeads}
	_, err = st.UpdateUser(ctx, ann.ID, domain.UserPatch{Privileges: &privs})
	require.NoError(t, err)
	got, err = st.SessionByID(ctx, id)
	require.NoError(t, err, "a change of privileges keeps the session")
	assert.Equal(t, privs, got.User.Privileges, "and applies at once")

	_, err = st.Pool().Exec(ctx, "UPDATE web_sessions SET last_seen_at = now() - interval '13 hours'")
	require.NoError(t, err)
	_, err = st.SessionByID(ctx, id)
	assert.ErrorIs(t, err, domain.ErrNotFound, "idle too long")
	id2, _, err := st.CreateSession(ctx, u)
	require.NoError(t, err)
	var n int
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT count(*) FROM web_sessions").Scan(&n))
	assert.Equal(t, 1, n, "a sign-in deletes the user's ended sessions")
	require.NoError(t, st.DeleteSession(ctx, id2))
	_, err = st.SessionByID(ctx, id2)
	assert.ErrorIs(t, err, domain.ErrNotFound)
}
