package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// TestUserAndTokenCommands: the first administrator is created from the
// command line (with a password read from standard input, stored as a bcrypt
// hash), then given a token that token create prints alone on stdout and
// that authenticates; every bad input is refused and writes nothing.
func TestUserAndTokenCommands(t *testing.T) {
	ctx := t.Context()
	st := storetest.New(t)

	var out bytes.Buffer
	require.NoError(t, userCreate(ctx, st, []string{"--name", "First Admin", "--email", "First@Example.test",
		"--privileges", "admin, campaigns", "--password-stdin"}, strings.NewReader("a long enough password\n"), &out))
	var u domain.User
	require.NoError(t, json.Unmarshal(out.Bytes(), &u), out.String())
	assert.Equal(t, "First Admin", u.Name)
	assert.Equal(t, "first@example.test", u.Email)
	assert.Equal(t, []string{domain.PrivAdmin, domain.PrivCampaigns}, u.Privileges)
	assert.True(t, u.Active)
	assert.NotContains(t, out.String(), "password")
	var hash string
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT password_hash FROM users WHERE id = $1", u.ID).Scan(&hash))
	require.NoError(t, bcrypt.CompareHashAndPassword([]byte(hash), []byte("a long enough password")), "the line ending is not part of it")

	out.Reset()
	require.NoError(t, tokenCreate(ctx, st, []string{"--email", "FIRST@example.test", "--label", "bootstrap", "--expires", "720h"}, &out))
	token := strings.TrimSuffix(out.String(), "\n")
	assert.NotContains(t, token, "\n", "only the token is printed")
	assert.True(t, strings.HasPrefix(token, "dbt_"), token)
	me, err := st.UserByToken(ctx, token)
	require.NoError(t, err)
	assert.Equal(t, u.ID, me.ID)
	page, err := st.ListTokens(ctx, u.ID, domain.PageRequest{Limit: 10})
	tokens := page.Items
	require.NoError(t, err)
	require.Len(t, tokens, 1)
	assert.Equal(t, "bootstrap", tokens[0].Label)
	require.NotNil(t, tokens[0].ExpiresAt)
	assert.WithinDuration(t, time.Now().Add(720*time.Hour), *tokens[0].ExpiresAt, time.Minute)

	// Without --expires the token never expires; without --password-stdin no password.
	out.Reset()
	require.NoError(t, userCreate(ctx, st, []string{"--name", "Second", "--email", "second@example.test", "--privileges", "campaigns"}, strings.NewReader(""), &out))
	out.Reset()
	require.NoError(t, tokenCreate(ctx, st, []string{"--email", "second@example.test"}, &out))
	second, err := st.UserByEmail(ctx, "second@example.test")
	require.NoError(t, err)
	page, err = st.ListTokens(ctx, second.ID, domain.PageRequest{Limit: 10})
	tokens = page.Items
	require.NoError(t, err)
	require.Len(t, tokens, 1)
	assert.Nil(t, tokens[0].ExpiresAt)
	var noHash *string
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT password_hash FROM users WHERE id = $1", second.ID).Scan(&noHash))
	assert.Nil(t, noHash)

	var ve *domain.ValidationError
	var ce *domain.ConflictError
	for _, tc := range []struct {
		args  []string
		stdin string
		check func(error) bool
		msg   string
	}{
		{[]string{"--name", "Again", "--email", "first@EXAMPLE.test", "--privileges", "campaigns"}, "", func(err error) bool { return errors.As(err, &ce) }, "already exists"},
		{[]string{"--name", "X", "--email", "x@example.test", "--privileges", "admin,root"}, "", func(err error) bool { return errors.As(err, &ve) }, `"root" is not a privilege`},
		{[]string{"--name", "X", "--email", "not an email"}, "", func(err error) bool { return errors.As(err, &ve) }, "email"},
		{[]string{"--name", "X", "--email", "x@example.test", "--password-stdin"}, "short\n", func(err error) bool { return errors.As(err, &ve) }, "at least 10"},
		{[]string{"--name", "X", "--email", "x@example.test", "--password-stdin"}, "", func(error) bool { return true }, "holds no password"},
		{[]string{"--name", "X", "--email", "x@example.test", "extra"}, "", func(error) bool { return true }, "unexpected argument"},
		{[]string{"--nmae", "X"}, "", func(error) bool { return true }, "flag provided but not defined"},
	} {
		out.Reset()
		err := userCreate(ctx, st, tc.args, strings.NewReader(tc.stdin), &out)
		require.Error(t, err, "%v", tc.args)
		assert.True(t, tc.check(err), "%v: %v", tc.args, err)
		assert.Contains(t, err.Error(), tc.msg, "%v", tc.args)
		assert.Empty(t, out.String())
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--email", "nobody@example.test"}, "no user has the email"},
		{[]string{"--email", "first@example.test", "--expires", "-1h"}, "positive duration"},
		{[]string{"--email", "first@example.test", "--expires", "30d"}, "invalid value"},
		{[]string{"--email", "first@example.test", "--label", strings.Repeat("l", 101)}, "at most 100"},
	} {
		out.Reset()
		err := tokenCreate(ctx, st, tc.args, &out)
		require.Error(t, err, "%v", tc.args)
		assert.Contains(t, err.Error(), tc.msg, "%v", tc.args)
		assert.Empty(t, out.String())
	}
	var users, toks int
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM api_tokens)").Scan(&users, &toks))
	assert.Equal(t, []int{2, 2}, []int{users, toks}, "the refused commands wrote nothing")
}

// TestConfigParsesTheAuthLimitStrictly: a limit or proxy list that does not
// parse stops the binary instead of silently using a default.
func TestConfigParsesTheAuthLimitStrictly(t *testing.T) {
	cfg, err := loadConfig()
	require.NoError(t, err)
	assert.Equal(t, 20, cfg.AuthFailuresPerMinute)
	assert.Empty(t, cfg.TrustedProxies)

	t.Setenv("AUTH_FAILURES_PER_MINUTE", "50")
	t.Setenv("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1,2001:db8::/32")
	cfg, err = loadConfig()
	require.NoError(t, err)
	assert.Equal(t, 50, cfg.AuthFailuresPerMinute)
	assert.Equal(t, []string{"10.0.0.0/8", "192.0.2.1", "2001:db8::/32"}, cfg.TrustedProxies)

	for _, bad := range []string{"0", "-1", "twenty", "20/min", "1e3"} {
		t.Setenv("AUTH_FAILURES_PER_MINUTE", bad)
		_, err := loadConfig()
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "AUTH_FAILURES_PER_MINUTE")
	}
	t.Setenv("AUTH_FAILURES_PER_MINUTE", "")
	t.Setenv("TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal")
	_, err = loadConfig()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"proxy.internal"`)
}
