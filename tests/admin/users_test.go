package admin

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

type usersPage struct {
	Items      []domain.User `json:"items"`
	NextCursor string        `json:"next_cursor"`
}

// passwordHashOf reads the stored password hash of a user ("" without one).
func passwordHashOf(h *harness.Harness, userID string) string {
	h.T.Helper()
	var hash *string
	require.NoError(h.T, h.Store.Pool().QueryRow(h.T.Context(), "SELECT password_hash FROM users WHERE id = $1", userID).Scan(&hash))
	if hash == nil {
		return ""
	}
	return *hash
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// TestUsersAreManagedThroughTheAPI: an administrator creates, reads, lists
// and changes users; bad input is 422 with the field, a taken email 409,
// unknown ids 404, and nobody but an administrator gets in (403).
func TestUsersAreManagedThroughTheAPI(t *testing.T) {
	h := harness.NewWithoutWorker(t, "users")
	email := "Ann.Lee" + strings.ToUpper(h.Suffix)

	var ann domain.User
	resp := h.Call("POST", "/api/v1/users", map[string]any{"name": " Ann Lee ", "email": email,
		"privileges": []string{"campaigns", "Marketing"}, "password": "correct horse battery"}, &ann)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%+v", ann)
	assert.Equal(t, "/api/v1/users/"+ann.ID, resp.Header.Get("Location"))
	assert.Equal(t, "Ann Lee", ann.Name)
	assert.Equal(t, strings.ToLower(email), ann.Email, "emails are stored in lower case")
	assert.Equal(t, []string{domain.PrivCampaigns, domain.PrivMarketing}, ann.Privileges)
	assert.True(t, ann.Active)
	raw := readBody(t, resp)
	assert.NotContains(t, raw, "password", "the password is never answered")
	hash := passwordHashOf(h, ann.ID)
	require.NoError(t, bcrypt.CompareHashAndPassword([]byte(hash), []byte("correct horse battery")), "stored as a bcrypt hash")

	var got domain.User
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/users/"+ann.ID, nil, &got).StatusCode)
	assert.Equal(t, ann, got)

	// A taken email, whatever its case, is 409 and writes nothing.
	var p harness.Problem
	resp = h.Call("POST", "/api/v1/users", map[string]any{"name": "Other Ann", "email": strings.ToUpper(ann.Email), "privileges": []string{}}, &p)
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "%+v", p)
	assert.Contains(t, p.Detail, "already exists")

	// Bad input: 422, each field named, nothing written.
	for _, tc := range []struct {
		body  any
		field string
	}{
		{map[string]any{"name": "X", "email": "x" + h.Suffix, "privileges": []string{"campaigns", "root"}}, "privileges"},
		{map[string]any{"name": "", "email": "x" + h.Suffix}, "name"},
		{map[string]any{"name": "X", "email": "x,evil" + h.Suffix}, "email"},
		{map[string]any{"name": "X", "email": "x" + h.Suffix, "password": "short"}, "password"},
		{map[string]any{"name": "X", "email": "x" + h.Suffix, "privileges": "admin"}, "privileges"},
		{map[string]any{"name": "X", "email": "x" + h.Suffix, "active": false}, ""},
	} {
		var p harness.Problem
		resp := h.Call("POST", "/api/v1/users", tc.body, &p)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%v: %+v", tc.body, p)
		require.NotEmpty(t, p.Errors, "%v", tc.body)
		if tc.field != "" { // "": a field the decoder names in its own way
			assert.Equal(t, tc.field, p.Errors[0].Field, "%v: %+v", tc.body, p)
		}
	}
	var n int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), "SELECT count(*) FROM users").Scan(&n))
	assert.Equal(t, 3, n, "the harness's two users and Ann")

	// PATCH changes privileges, name, active and the password, nothing else.
	var patched domain.User
	resp = h.Call("PATCH", "/api/v1/users/"+ann.ID, map[string]any{"name": "Ann Lee-Park", "privileges": []string{"ilm:EnableIntegratedLeadManagement"},
		"password": "another long password"}, &patched)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", patched)
	assert.Equal(t, "Ann Lee-Park", patched.Name)
	assert.Equal(t, []string{domain.PrivLeads}, patched.Privileges)
	assert.Equal(t, ann.Email, patched.Email)
	assert.NotContains(t, readBody(t, resp), "password")
	require.NoError(t, bcrypt.CompareHashAndPassword([]byte(passwordHashOf(h, ann.ID)), []byte("another long password")))
	for _, body := range []any{
		map[string]any{"privileges": []string{"god"}},
		map[string]any{"email": "new" + h.Suffix},
		map[string]any{"active": "no"},
		map[string]any{},
	} {
		var p harness.Problem
		resp := h.Call("PATCH", "/api/v1/users/"+ann.ID, body, &p)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%v: %+v", body, p)
	}
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/users/"+ann.ID, nil, &got).StatusCode)
	assert.Equal(t, patched, got, "refused patches wrote nothing")

	// Unknown ids are 404.
	assert.Equal(t, http.StatusNotFound, h.Call("GET", "/api/v1/users/00000000-0000-4000-8000-000000000001", nil, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("PATCH", "/api/v1/users/00000000-0000-4000-8000-000000000001", map[string]any{"name": "N"}, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("GET", "/api/v1/users/nope", nil, nil).StatusCode)

	// Only administrators manage users.
	_, campaigner := h.UserWithToken("Campaigner", domain.PrivCampaigns, domain.PrivLeads, domain.PrivMarketing)
	for _, r := range []struct{ method, path string }{
		{"POST", "/api/v1/users"}, {"GET", "/api/v1/users"}, {"GET", "/api/v1/users/" + ann.ID}, {"PATCH", "/api/v1/users/" + ann.ID},
	} {
		var p harness.Problem
		resp := h.CallAs(campaigner, r.method, r.path, map[string]any{"name": "Mallory", "email": "m" + h.Suffix, "privileges": []string{"admin"}}, &p)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "%s %s", r.method, r.path)
		assert.Contains(t, p.Detail, "admin")
	}
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), "SELECT count(*) FROM users WHERE 'admin' = ANY(privileges)").Scan(&n))
	assert.Equal(t, 1, n, "nobody made themselves an administrator")
}

// TestUsersListIsKeysetPaged: newest first, limit 1..500 (50 by default), an
// opaque cursor; a damaged cursor or limit is 422.
func TestUsersListIsKeysetPaged(t *testing.T) {
	h := harness.NewWithoutWorker(t, "users-list")
	for i := range 5 {
		var u domain.User
		resp := h.Call("POST", "/api/v1/users", map[string]any{"name": fmt.Sprintf("U%d", i), "email": fmt.Sprintf("u%d%s", i, h.Suffix)}, &u)
		require.Equal(t, http.StatusCreated, resp.StatusCode)
		assert.Equal(t, []string{}, u.Privileges)
	}
	var all usersPage
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/users", nil, &all).StatusCode)
	require.Len(t, all.Items, 7, "five new users and the harness's two")
	assert.Empty(t, all.NextCursor)
	assert.Equal(t, "U4", all.Items[0].Name, "newest first")

	var seen []string
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 4, "3 pages of 3 at most")
		var p usersPage
		require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/users?limit=3&cursor="+cursor, nil, &p).StatusCode)
		assert.LessOrEqual(t, len(p.Items), 3)
		for _, u := range p.Items {
			seen = append(seen, u.ID)
		}
		if p.NextCursor == "" {
			break
		}
		cursor = p.NextCursor
	}
	var want []string
	for _, u := range all.Items {
		want = append(want, u.ID)
	}
	assert.Equal(t, want, seen, "the pages hold every user once, in order")

	for _, q := range []string{"limit=0", "limit=501", "limit=x", "cursor=WyJ4IiwxXQ", "cursor=2026-01-01T00:00:00Z_notanid"} {
		var p harness.Problem
		resp := h.Call("GET", "/api/v1/users?"+q, nil, &p)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, q)
	}
	var p usersPage
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/users?limit=500", nil, &p).StatusCode)
	assert.Len(t, p.Items, 7)
}

// TestTheLastActiveAdministratorCannotLockThemselvesOut: demoting or
// deactivating the last active administrator is 409; with a second one it
// works; two administrators demoting each other at once cannot both win.
func TestTheLastActiveAdministratorCannotLockThemselvesOut(t *testing.T) {
	h := harness.NewWithoutWorker(t, "users-admin")
	self := "/api/v1/users/" + h.Admin.ID
	for _, body := range []map[string]any{{"active": false}, {"privileges": []string{"campaigns"}}, {"privileges": []string{}, "active": false}} {
		var p harness.Problem
		resp := h.Call("PATCH", self, body, &p)
		assert.Equal(t, http.StatusConflict, resp.StatusCode, "%v: %+v", body, p)
		assert.Contains(t, p.Detail, "last active administrator")
	}
	var me domain.User
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/me", nil, &me).StatusCode, "still signed in")
	assert.Equal(t, []string{domain.PrivAdmin}, me.Privileges)
	var renamed domain.User
	require.Equal(t, http.StatusOK, h.Call("PATCH", self, map[string]any{"name": "Still Admin"}, &renamed).StatusCode)

	// A deactivated administrator does not count.
	var other domain.User
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/users", map[string]any{"name": "Second", "email": "second" + h.Suffix,
		"privileges": []string{"admin"}}, &other).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("PATCH", "/api/v1/users/"+other.ID, map[string]any{"active": false}, nil).StatusCode)
	assert.Equal(t, http.StatusConflict, h.Call("PATCH", self, map[string]any{"active": false}, nil).StatusCode)

	// With a second active administrator, the first may step down, and then
	// the second is the last one.
	require.Equal(t, http.StatusOK, h.Call("PATCH", "/api/v1/users/"+other.ID, map[string]any{"active": true}, nil).StatusCode)
	var tok domain.IssuedToken
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/users/"+other.ID+"/tokens", map[string]any{"label": "second"}, &tok).StatusCode)
	var demoted domain.User
	require.Equal(t, http.StatusOK, h.Call("PATCH", self, map[string]any{"privileges": []string{"campaigns"}}, &demoted).StatusCode)
	assert.Equal(t, []string{domain.PrivCampaigns}, demoted.Privileges)
	assert.Equal(t, http.StatusForbidden, h.Call("GET", "/api/v1/users", nil, nil).StatusCode, "no longer an administrator")
	assert.Equal(t, http.StatusConflict, h.CallAs(tok.Secret, "PATCH", "/api/v1/users/"+other.ID, map[string]any{"active": false}, nil).StatusCode)

	// Two administrators demoting each other at the same moment: one wins.
	require.Equal(t, http.StatusOK, h.CallAs(tok.Secret, "PATCH", self, map[string]any{"privileges": []string{"admin"}}, nil).StatusCode)
	codes := make([]int, 2)
	var wg sync.WaitGroup
	for i, c := range []struct{ token, target string }{{h.Token, other.ID}, {tok.Secret, h.Admin.ID}} {
		wg.Go(func() {
			codes[i] = h.CallAs(c.token, "PATCH", "/api/v1/users/"+c.target, map[string]any{"privileges": []string{"campaigns"}}, nil).StatusCode
		})
	}
	wg.Wait()
	// The loser is refused by the rule (409) or, when it authenticates only
	// after the winner's change, is no administrator any more (403).
	slices.Sort(codes)
	assert.Equal(t, http.StatusOK, codes[0], "%v", codes)
	assert.Contains(t, []int{http.StatusForbidden, http.StatusConflict}, codes[1], "%v", codes)
	var admins int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), "SELECT count(*) FROM users WHERE active AND 'admin' = ANY(privileges)").Scan(&admins))
	assert.Equal(t, 1, admins)
}
