package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// sessions counts the stored sessions.
func sessions(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	require.NoError(t, st.Pool().QueryRow(t.Context(), "SELECT count(*) FROM web_sessions").Scan(&n))
	return n
}

// TestSignOutEndsSession: signing out deletes the session; the back button
// and a copy of the old cookie both get the sign-in page.
func TestSignOutEndsSession(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	b := openSignedIn(t, srv, ann.Email)
	require.Equal(t, 1, sessions(t, srv.Store))
	old := b.Cookie("drumbeat_session")
	require.NotEmpty(t, old)

	assert.EqualValues(t, 200, b.Click("#sign-out"))
	assert.Equal(t, "/login", b.Path())
	assert.Equal(t, "You have signed out.", b.Text(".flash"))
	assert.Equal(t, 0, sessions(t, srv.Store), "the session's row is deleted")
	assert.Empty(t, b.Cookie("drumbeat_session"))

	b.Do(chromedp.NavigateBack())
	assert.Equal(t, "Sign in to Drumbeat", b.Text("h1"), "the back button asks the server again (no-store) and gets the sign-in")

	b.SetCookie("drumbeat_session", old)
	assert.EqualValues(t, 200, b.Open("/campaigns"))
	assert.Equal(t, "/login?next=%2Fcampaigns", b.Path(), "the old cookie signs nobody in")
}

// TestForgedFormPostRefused: a form posted from another site's page, or a
// page's form with its CSRF token removed or changed, is refused with 403
// and changes nothing, although the browser sends the session cookie.
func TestForgedFormPostRefused(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	// The other site: same host, another port (the same "site" for
	// SameSite, so the cookie goes along and only the token stops it).
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><form method="post" action="%s/campaigns">
			<input name="name" value="Forged"><input name="priority" value="A"><button id="go">Go</button></form>`, srv.URL)
	}))
	defer evil.Close()
	b := openSignedIn(t, srv, ann.Email)

	b.Do(chromedp.Navigate(evil.URL))
	assert.EqualValues(t, 403, b.Click("#go"))
	assert.Equal(t, "Form refused", b.Text("h1"))

	for _, forge := range []string{`f.elements.csrf_token.value = "forged"`, `f.elements.csrf_token.remove()`} {
		b.Open("/campaigns?add=1")
		b.Fill(map[string]string{"#f-name": "Forged"})
		webtest.Eval[bool](b, `(() => { const f = document.querySelector("#add-campaign form"); `+forge+`; return true })()`)
		assert.EqualValues(t, 403, b.Click(`#add-campaign button[type=submit]`), forge)
		assert.Equal(t, "Form refused", b.Text("h1"), forge)
	}
	var n int
	require.NoError(t, srv.Store.Pool().QueryRow(t.Context(), "SELECT count(*) FROM campaigns").Scan(&n))
	assert.Zero(t, n, "no forged post created a campaign")

	b.Open("/campaigns")
	webtest.Eval[bool](b, `(() => { document.querySelector("form[action='/logout'] input[name=csrf_token]").value = "x"; return true })()`)
	assert.EqualValues(t, 403, b.Click("#sign-out"))
	assert.Equal(t, 1, sessions(t, srv.Store), "a forged sign-out ends nothing")
}
