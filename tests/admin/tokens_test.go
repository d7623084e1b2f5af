package admin

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

type tokensPage struct {
	Items      []domain.Token `json:"items"`
	NextCursor string         `json:"next_cursor"`
}

// createUser makes a user through the API.
func createUser(h *harness.Harness, name string, privileges ...string) domain.User {
	h.T.Helper()
	var u domain.User
	resp := h.Call("POST", "/api/v1/users", map[string]any{"name": name, "email": strings.ToLower(name) + "-" + harness.RandHex(3) + h.Suffix,
		"privileges": append([]string{}, privileges...)}, &u)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%+v", u)
	return u
}

// issueToken gives a user a token through the API as the administrator.
func issueToken(h *harness.Harness, userID string, body map[string]any) domain.IssuedToken {
	h.T.Helper()
	var tok domain.IssuedToken
	resp := h.Call("POST", "/api/v1/users/"+userID+"/tokens", body, &tok)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%+v", tok)
	return tok
}

// TestTokensAreIssuedListedAndRevoked: a token is shown once, works at once,
// is listed without its secret, and stops working (401) when revoked or
// expired; bad input is 422.
func TestTokensAreIssuedListedAndRevoked(t *testing.T) {
	h := harness.NewWithoutWorker(t, "tokens")
	ann := createUser(h, "Ann", domain.PrivCampaigns)
	expires := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	tok := issueToken(h, ann.ID, map[string]any{"label": " laptop ", "expires_at": expires})
	assert.Equal(t, "laptop", tok.Label)
	assert.Equal(t, ann.ID, tok.UserID)
	require.NotNil(t, tok.ExpiresAt)
	assert.True(t, expires.Equal(*tok.ExpiresAt))
	assert.True(t, strings.HasPrefix(tok.Secret, "dbt_") && len(tok.Secret) > 40, tok.Secret)

	var me domain.User
	require.Equal(t, http.StatusOK, h.CallAs(tok.Secret, "GET", "/api/v1/me", nil, &me).StatusCode)
	assert.Equal(t, ann.ID, me.ID)
	var digest []byte
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), "SELECT token_hash FROM api_tokens WHERE id = $1", tok.ID).Scan(&digest))
	assert.Equal(t, store.HashToken(tok.Secret), digest, "only the hash is stored")

	forever := issueToken(h, ann.ID, map[string]any{"label": "ci"})
	assert.Nil(t, forever.ExpiresAt, "without expires_at a token never expires")

	// The list never shows a secret; the used token shows when it was used.
	var list tokensPage
	resp := h.Call("GET", "/api/v1/users/"+ann.ID+"/tokens", nil, &list)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	raw := readBody(t, resp)
	assert.NotContains(t, raw, tok.Secret)
	assert.NotContains(t, raw, forever.Secret)
	assert.NotContains(t, raw, `"token"`)
	require.Len(t, list.Items, 2)
	assert.Equal(t, forever.ID, list.Items[0].ID, "newest first")
	assert.Equal(t, tok.ID, list.Items[1].ID)
	assert.NotNil(t, list.Items[1].LastUsedAt, "used once")
	assert.Nil(t, list.Items[0].LastUsedAt, "never used")
	var page tokensPage
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/users/"+ann.ID+"/tokens?limit=1", nil, &page).StatusCode)
	require.Len(t, page.Items, 1)
	require.NotEmpty(t, page.NextCursor)
	var last tokensPage
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/users/"+ann.ID+"/tokens?limit=1&cursor="+page.NextCursor, nil, &last).StatusCode)
	require.Len(t, last.Items, 1)
	assert.Equal(t, tok.ID, last.Items[0].ID)
	assert.Empty(t, last.NextCursor)

	// Revoked: 204, then the token is refused at once.
	require.Equal(t, http.StatusNoContent, h.Call("DELETE", "/api/v1/tokens/"+tok.ID, nil, nil).StatusCode)
	var p harness.Problem
	resp = h.CallAs(tok.Secret, "GET", "/api/v1/me", nil, &p)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	assert.Equal(t, http.StatusNotFound, h.Call("DELETE", "/api/v1/tokens/"+tok.ID, nil, nil).StatusCode, "already revoked")
	require.Equal(t, http.StatusOK, h.CallAs(forever.Secret, "GET", "/api/v1/me", nil, nil).StatusCode, "the other token still works")

	// Expired: let its time pass in the database, then it is refused.
	_, err := h.Store.Pool().Exec(t.Context(), "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", forever.ID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, h.CallAs(forever.Secret, "GET", "/api/v1/me", nil, nil).StatusCode)
	assert.Equal(t, http.StatusUnauthorized, h.CallAs(forever.Secret, "GET", "/api/v1/campaigns", nil, nil).StatusCode)

	// Bad input: 422 with the field; unknown user 404; nothing written.
	for _, tc := range []struct {
		body  any
		field string
	}{
		{map[string]any{"label": "old", "expires_at": time.Now().Add(-time.Hour)}, "expires_at"},
		{map[string]any{"label": "x", "expires_at": "tomorrow"}, ""},
		{map[string]any{"label": strings.Repeat("l", 101)}, "label"},
		{map[string]any{"label": 7}, "label"},
		{map[string]any{"secret": "mine"}, ""},
	} {
		var p harness.Problem
		resp := h.Call("POST", "/api/v1/users/"+ann.ID+"/tokens", tc.body, &p)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%v: %+v", tc.body, p)
		require.NotEmpty(t, p.Errors, "%v", tc.body)
		if tc.field != "" { // "": a field the decoder names in its own way
			assert.Equal(t, tc.field, p.Errors[0].Field, "%v", tc.body)
		}
	}
	unknown := "00000000-0000-4000-8000-000000000002"
	assert.Equal(t, http.StatusNotFound, h.Call("POST", "/api/v1/users/"+unknown+"/tokens", map[string]any{}, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("GET", "/api/v1/users/"+unknown+"/tokens", nil, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("DELETE", "/api/v1/tokens/"+unknown, nil, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("DELETE", "/api/v1/tokens/nope", nil, nil).StatusCode)
	var n int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), "SELECT count(*) FROM api_tokens WHERE user_id = $1", ann.ID).Scan(&n))
	assert.Equal(t, 1, n, "only the expired token is left")
}

// TestUsersManageOnlyTheirOwnTokens: without admin a user lists, creates and
// revokes their own tokens, and gets 403 for anybody else's, even for a
// token id that does not exist (ids cannot be probed).
func TestUsersManageOnlyTheirOwnTokens(t *testing.T) {
	h := harness.NewWithoutWorker(t, "tokens-own")
	ann, bo := createUser(h, "Ann", domain.PrivCampaigns), createUser(h, "Bo", domain.PrivLeads)
	annTok, boTok := issueToken(h, ann.ID, map[string]any{"label": "ann"}), issueToken(h, bo.ID, map[string]any{"label": "bo"})

	var own domain.IssuedToken
	require.Equal(t, http.StatusCreated, h.CallAs(annTok.Secret, "POST", "/api/v1/users/"+ann.ID+"/tokens", map[string]any{"label": "second"}, &own).StatusCode)
	var list tokensPage
	require.Equal(t, http.StatusOK, h.CallAs(annTok.Secret, "GET", "/api/v1/users/"+ann.ID+"/tokens", nil, &list).StatusCode)
	assert.Len(t, list.Items, 2)

	for _, r := range []struct{ method, path string }{
		{"GET", "/api/v1/users/" + bo.ID + "/tokens"},
		{"POST", "/api/v1/users/" + bo.ID + "/tokens"},
		{"DELETE", "/api/v1/tokens/" + boTok.ID},
		{"DELETE", "/api/v1/tokens/00000000-0000-4000-8000-000000000003"},
	} {
		var p harness.Problem
		resp := h.CallAs(annTok.Secret, r.method, r.path, map[string]any{"label": "stolen"}, &p)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "%s %s: %+v", r.method, r.path, p)
	}
	require.Equal(t, http.StatusOK, h.CallAs(boTok.Secret, "GET", "/api/v1/me", nil, nil).StatusCode, "Bo's token survived")

	require.Equal(t, http.StatusNoContent, h.CallAs(annTok.Secret, "DELETE", "/api/v1/tokens/"+own.ID, nil, nil).StatusCode)
	assert.Equal(t, http.StatusUnauthorized, h.CallAs(own.Secret, "GET", "/api/v1/me", nil, nil).StatusCode)
}

// TestADeactivatedUsersTokensStopAtOnce: deactivating a user refuses every
// token of theirs on the next request (401), gives them no new one (409),
// and reactivating them lets the same tokens work again.
func TestADeactivatedUsersTokensStopAtOnce(t *testing.T) {
	h := harness.NewWithoutWorker(t, "tokens-inactive")
	ann := createUser(h, "Ann", domain.PrivCampaigns)
	first, second := issueToken(h, ann.ID, map[string]any{"label": "a"}), issueToken(h, ann.ID, map[string]any{"label": "b"})
	require.Equal(t, http.StatusOK, h.CallAs(first.Secret, "GET", "/api/v1/campaigns", nil, nil).StatusCode)

	var off domain.User
	require.Equal(t, http.StatusOK, h.Call("PATCH", "/api/v1/users/"+ann.ID, map[string]any{"active": false}, &off).StatusCode)
	assert.False(t, off.Active)
	for _, tok := range []string{first.Secret, second.Secret} {
		assert.Equal(t, http.StatusUnauthorized, h.CallAs(tok, "GET", "/api/v1/campaigns", nil, nil).StatusCode)
		assert.Equal(t, http.StatusUnauthorized, h.CallAs(tok, "GET", "/api/v1/me", nil, nil).StatusCode)
	}
	var p harness.Problem
	resp := h.Call("POST", "/api/v1/users/"+ann.ID+"/tokens", map[string]any{"label": "c"}, &p)
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "%+v", p)
	assert.Contains(t, p.Detail, "deactivated")

	require.Equal(t, http.StatusOK, h.Call("PATCH", "/api/v1/users/"+ann.ID, map[string]any{"active": true}, nil).StatusCode)
	assert.Equal(t, http.StatusOK, h.CallAs(first.Secret, "GET", "/api/v1/campaigns", nil, nil).StatusCode)
}
