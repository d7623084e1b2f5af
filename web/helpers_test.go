package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// password is every test user's password.
const password = "correct horse battery"

// signIn fills and sends the sign-in form on the current page and returns
// the status of the page it lands on.
func signIn(t *testing.T, b *webtest.Browser, email, pw string) int64 {
	t.Helper()
	require.Equal(t, "Sign in to Drumbeat", b.Text("h1"), "the sign-in page is shown")
	b.Fill(map[string]string{"#f-email": email, "#f-password": pw})
	return b.Click(`form[action="/login"] button[type=submit]`)
}

// openSignedIn opens a browser signed in as the user with this email.
func openSignedIn(t *testing.T, srv *webtest.Server, email string) *webtest.Browser {
	t.Helper()
	b := webtest.NewBrowser(t, srv.URL)
	b.Open("/login")
	require.EqualValues(t, 200, signIn(t, b, email, password))
	require.NotEqual(t, "/login", b.Path(), "signed in")
	return b
}

// clickNoNav clicks an element that changes the page without loading another.
func clickNoNav(css string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible)
}
