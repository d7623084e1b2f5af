package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// TestUsersPage: an administrator adds a user (a too short password is
// refused beside its field), gives them a password, and the user signs in
// in a browser of their own, seeing only the workspaces of their
// privileges; a privilege added shows at their next page, and deactivating
// them ends their session.
func TestUsersPage(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	adm := srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	b := openSignedIn(t, srv, adm.Email)
	b.Open("/admin/users")
	assert.Contains(t, b.Texts("#users td.name"), "Ada Admin")

	email := "lee.leads" + srv.Suffix
	b.Do(clickNoNav("#add-user"))
	b.Fill(fields("name", "Lee Leads", "email", email, "password", "short"))
	webtest.Eval[bool](b, `(() => { document.querySelector('#user-dialog input[value="`+domain.PrivLeads+`"]').checked = true; return true })()`)
	assert.EqualValues(t, 422, b.Click("#save-user"))
	assert.Equal(t, "Must be at least 10 characters.", errorBeside(b, "password"))
	assert.Equal(t, email, valueOf(b, "email"), "what was typed stays")
	assert.True(t, webtest.Eval[bool](b, `document.querySelector('#user-dialog input[value="`+domain.PrivLeads+`"]').checked`), "the ticked privilege stays")
	_, err := srv.Store.UserByEmail(t.Context(), email)
	require.ErrorIs(t, err, domain.ErrNotFound, "a refused user is not created")

	b.Fill(fields("password", ""))
	assert.EqualValues(t, 200, b.Click("#save-user"))
	assert.Equal(t, "User “Lee Leads” added.", b.Text(".flash"))
	lee, err := srv.Store.UserByEmail(t.Context(), email)
	require.NoError(t, err)
	assert.Equal(t, []string{domain.PrivLeads}, lee.Privileges)
	assert.Equal(t, "/admin/users/"+lee.ID, b.Path())

	b.Fill(fields("password", password))
	assert.EqualValues(t, 200, b.Click("#set-password"))
	assert.Contains(t, b.Text(".flash"), "Password of “Lee Leads” set")

	// Lee signs in in a browser of their own.
	lb := webtest.NewBrowser(t, srv.URL)
	lb.Open("/login")
	require.EqualValues(t, 200, signIn(t, lb, email, password))
	assert.Equal(t, "/leads", lb.Path())
	assert.Equal(t, []string{"Leads", "Contacts & Partners", "Batch Processes"}, lb.Texts("nav.nav a"))
	assert.EqualValues(t, http.StatusForbidden, lb.Open("/admin"))
	assert.EqualValues(t, http.StatusForbidden, lb.Open("/admin/users/"+lee.ID))
	assert.EqualValues(t, http.StatusForbidden, lb.Open("/campaigns"))

	// A privilege added applies at Lee's next page.
	webtest.Eval[bool](b, `(() => { document.querySelector('#user-details input[value="campaigns"]').checked = true; return true })()`)
	assert.EqualValues(t, 200, b.Click("#user-details #save-user"))
	assert.Equal(t, "User “Lee Leads” saved.", b.Text(".flash"))
	lb.Open("/leads")
	assert.Equal(t, []string{"Campaigns", "Leads", "Contacts & Partners", "Batch Processes"}, lb.Texts("nav.nav a"))

	// Deactivated, Lee's session ends.
	webtest.Eval[bool](b, `(() => { document.querySelector("#f-active").checked = false; return true })()`)
	assert.EqualValues(t, 200, b.Click("#user-details #save-user"))
	assert.Equal(t, "Deactivated", b.Text("#user-state"))
	lb.Open("/leads")
	assert.Equal(t, "/login?next=%2Fleads", lb.Path(), "a deactivated user is signed out")
}

// TestUserTokensPage: a token issued on the page is shown once and works
// with the API; reloading the page shows it no more; revoked, a call with
// it is refused (401). An expiry in the past is refused beside its field.
func TestUserTokensPage(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	adm := srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	b := openSignedIn(t, srv, adm.Email)
	b.Open("/admin/users/" + adm.ID)
	assert.Equal(t, []string{"No tokens."}, b.Texts("#tokens tbody tr"))

	b.Fill(fields("label", "Nightly export", "expires_at", "2001-01-01"))
	assert.EqualValues(t, 422, b.Click("#issue-token"))
	assert.Equal(t, "Must be in the future.", errorBeside(b, "expires_at"))
	assert.Empty(t, b.Texts("#token-secret"))

	b.Fill(fields("expires_at", ""))
	assert.EqualValues(t, 201, b.Click("#issue-token"))
	secret := b.Text("#token-secret")
	require.True(t, strings.HasPrefix(secret, "dbt_"), secret)
	assert.Contains(t, b.Text("#issued-token"), "shown this once")
	assert.Equal(t, []string{"Nightly export"}, b.Texts("#tokens td.name"))
	status, body := apiCall(t, srv.URL, secret, "GET", "/api/v1/me", "")
	require.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, adm.Email)

	b.Open("/admin/users/" + adm.ID)
	assert.Empty(t, b.Texts("#token-secret"), "the secret is not shown again")
	assert.NotContains(t, webtest.Eval[string](b, `document.documentElement.outerHTML`), secret)

	assert.EqualValues(t, 200, b.Click("#tokens .revoke-token"))
	assert.Equal(t, "Token revoked: requests with it are refused from now on.", b.Text(".flash"))
	assert.Equal(t, []string{"No tokens."}, b.Texts("#tokens tbody tr"))
	status, _ = apiCall(t, srv.URL, secret, "GET", "/api/v1/me", "")
	assert.Equal(t, http.StatusUnauthorized, status)
}

// TestLastAdministratorStays: the only active administrator can neither
// give up the privilege nor deactivate themselves; the page shows why and
// nothing changes. Someone without the privilege gets 403 at /admin and
// sees no Administration in the navigation.
func TestLastAdministratorStays(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	adm := srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	srv.User(t, "Cam Campaigns", password, domain.PrivCampaigns)
	b := openSignedIn(t, srv, adm.Email)
	b.Open("/admin/users/" + adm.ID)
	assert.Contains(t, b.Text("#user-details"), "This is you.")
	reason := adm.Email + " is the last active administrator: make another user an administrator first."

	webtest.Eval[bool](b, `(() => { document.querySelector('#user-details input[value="admin"]').checked = false;
		document.querySelector('#user-details input[value="campaigns"]').checked = true; return true })()`)
	assert.EqualValues(t, http.StatusConflict, b.Click("#user-details #save-user"))
	assert.Equal(t, reason, b.Text("#edit-error"))
	assert.False(t, webtest.Eval[bool](b, `document.querySelector('#user-details input[value="admin"]').checked`), "the form shows what was sent")

	b.Open("/admin/users/" + adm.ID)
	webtest.Eval[bool](b, `(() => { document.querySelector("#f-active").checked = false; return true })()`)
	assert.EqualValues(t, http.StatusConflict, b.Click("#user-details #save-user"))
	assert.Equal(t, reason, b.Text("#edit-error"))
	u, err := srv.Store.GetUser(t.Context(), adm.ID)
	require.NoError(t, err)
	assert.True(t, u.Active)
	assert.Equal(t, []string{domain.PrivAdmin}, u.Privileges)

	cb := openSignedIn(t, srv, "cam"+srv.Suffix)
	assert.NotContains(t, cb.Texts("nav.nav a"), "Administration")
	for _, path := range []string{"/admin", "/admin/workflow-templates", "/admin/lead-scoring", "/admin/activity-plans", "/admin/filters", "/admin/users"} {
		assert.EqualValues(t, http.StatusForbidden, cb.Open(path), path)
		assert.Equal(t, "Not allowed", cb.Text("h1"), path)
	}
	cb.Open("/campaigns")
	assert.EqualValues(t, http.StatusForbidden, forgePost(cb, "/admin/users/"+adm.ID+"/tokens"), "a form of their own session is refused too")
	tokens, err := srv.Store.ListTokens(t.Context(), adm.ID, domain.PageRequest{Limit: 10})
	require.NoError(t, err)
	assert.Empty(t, tokens.Items)
}
