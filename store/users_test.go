package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// TestUserByTokenRecordsAUseAtMostOnceAMinute: authenticating with a token
// finds its user and records the use when none was recorded in the last
// minute, and leaves a recent one as it is; an expired token, or one of a
// deactivated user, authenticates nobody and records nothing.
func TestUserByTokenRecordsAUseAtMostOnceAMinute(t *testing.T) {
	ctx := t.Context()
	st := storetest.New(t)
	ann, err := st.CreateUser(ctx, domain.UserInput{Name: "Ann Token", Email: "ann.token@example.test",
		Privileges: []string{domain.PrivLeads}})
	require.NoError(t, err)
	tok, err := st.IssueToken(ctx, ann.ID, domain.TokenInput{Label: "ci"})
	require.NoError(t, err)
	lastUsed := func() *time.Time {
		var at *time.Time
		require.NoError(t, st.Pool().QueryRow(ctx, `SELECT last_used_at FROM api_tokens WHERE id = $1`, tok.ID).Scan(&at))
		return at
	}
	setUsed := func(ago string) {
		_, err := st.Pool().Exec(ctx, `UPDATE api_tokens SET last_used_at = now() - $2::interval WHERE id = $1`, tok.ID, ago)
		require.NoError(t, err)
	}

	require.Nil(t, lastUsed(), "never used")
	u, err := st.UserByToken(ctx, tok.Secret)
	require.NoError(t, err)
	assert.Equal(t, ann.ID, u.ID)
	assert.Equal(t, ann.Privileges, u.Privileges)
	first := lastUsed()
	require.NotNil(t, first, "the first use is recorded")

	setUsed("30 seconds")
	recent := lastUsed()
	_, err = st.UserByToken(ctx, tok.Secret)
	require.NoError(t, err)
	assert.Equal(t, *recent, *lastUsed(), "a use 30 s ago is left as it is")

	setUsed("2 minutes")
	_, err = st.UserByToken(ctx, tok.Secret)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), *lastUsed(), 10*time.Second, "a use 2 minutes ago is recorded again")

	setUsed("2 minutes")
	before := lastUsed()
	_, err = st.Pool().Exec(ctx, `UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, tok.ID)
	require.NoError(t, err)
	_, err = st.UserByToken(ctx, tok.Secret)
	assert.ErrorIs(t, err, domain.ErrNotFound, "an expired token")
	assert.Equal(t, *before, *lastUsed(), "an expired token's use is not recorded")

	_, err = st.Pool().Exec(ctx, `UPDATE api_tokens SET expires_at = NULL WHERE id = $1`, tok.ID)
	require.NoError(t, err)
	_, err = st.Pool().Exec(ctx, `UPDATE users SET active = false WHERE id = $1`, ann.ID)
	require.NoError(t, err)
	_, err = st.UserByToken(ctx, tok.Secret)
	assert.ErrorIs(t, err, domain.ErrNotFound, "a deactivated user's token")
	assert.Equal(t, *before, *lastUsed(), "nor a deactivated user's")

	_, err = st.UserByToken(ctx, "db_"+tok.Secret)
	assert.ErrorIs(t, err, domain.ErrNotFound, "an unknown token")
}
