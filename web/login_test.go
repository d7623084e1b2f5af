package web_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// TestSignIn: an unsigned page asks for the sign-in and comes back to it;
// a wrong password, an unknown email and a deactivated user get the same
// refusal; the right password lands on the page asked for, or on Campaigns.
func TestSignIn(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	gone := srv.User(t, "Gus Gone", password, domain.PrivCampaigns)
	off := false
	_, err := srv.Store.UpdateUser(t.Context(), gone.ID, domain.UserPatch{Active: &off})
	require.NoError(t, err)
	id := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Winter Savings Drive", Priority: "A"})

	b := webtest.NewBrowser(t, srv.URL)
	assert.EqualValues(t, 200, b.Open("/campaigns/"+id))
	assert.Equal(t, "/login?next=%2Fcampaigns%2F"+id, b.Path(), "an unsigned page redirects to the sign-in")

	for _, tc := range []struct{ email, pw string }{{ann.Email, "wrong password!"}, {"nobody" + srv.Suffix, password}, {gone.Email, password}} {
		assert.EqualValues(t, 401, signIn(t, b, tc.email, tc.pw), tc.email)
		assert.Equal(t, "Wrong email or password.", b.Text(".form-error"), tc.email)
		assert.Empty(t, b.Cookie("drumbeat_session"), "no session for %s", tc.email)
	}
	assert.EqualValues(t, 422, signIn(t, b, "", ""))
	assert.Equal(t, "Enter your email.", b.Text(".field.invalid #e-email"), "the error is beside its field")
	assert.Equal(t, "Enter your password.", b.Text(".field.invalid #e-password"))

	assert.EqualValues(t, 200, signIn(t, b, "ANN"+srv.Suffix, password), "the email is matched whatever its case")
	assert.Equal(t, "/campaigns/"+id, b.Path(), "back to the page asked for")
	assert.Equal(t, "Winter Savings Drive", b.Text("h1"))

	b2 := webtest.NewBrowser(t, srv.URL)
	b2.Open("/login?next=//evil.example.test/x")
	assert.EqualValues(t, 200, signIn(t, b2, ann.Email, password))
	assert.Equal(t, "/campaigns", b2.Path(), "a next that is not a local path is ignored: home is Campaigns")
	assert.Equal(t, "Campaigns", b2.Text("h1"))
	assert.Equal(t, "Ann Manager", b2.Text(".me-name"))
}
