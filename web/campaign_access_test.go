package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// csrf is the CSRF token of the client's session, as its pages carry it.
func (c *client) csrf() string {
	c.t.Helper()
	_, page := c.do("GET", "/campaigns", nil, nil)
	m := csrfInput.FindStringSubmatch(page)
	require.NotNil(c.t, m, "the page carries a CSRF token")
	return m[1]
}

// TestCampaignPagesFollowAccess: every page and form of a campaign follows
// the API's rules. An outsider to a private campaign gets 404 on each of
// them and changes nothing; a user without the campaigns privilege gets
// 403; a deleted campaign shows no action and refuses every form (409);
// a form without the session's CSRF token is refused (403).
func TestCampaignPagesFollowAccess(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	srv.User(t, "Oscar Outsider", password, domain.PrivCampaigns)
	srv.User(t, "Lee Leads", password, domain.PrivLeads)
	secret := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Secret Outreach", Priority: "A", ManagerID: ann.ID, Security: "private"})
	base := "/campaigns/" + secret
	pages := []string{base, base + "/versions", base + "/audience", "/campaigns?edit=" + secret, "/campaigns?delete=" + secret}
	forms := []string{base + "/edit", base + "/delete", base + "/start", base + "/complete", base + "/cancel", base + "/team",
		base + "/team/remove", base + "/workflow/select", base + "/workflow/reload", base + "/versions", base + "/versions/1/status",
		base + "/audience", base + "/audience/run"}

	out := newClient(t, srv.URL)
	require.Equal(t, http.StatusSeeOther, out.signIn("oscar"+srv.Suffix, password))
	token := out.csrf()
	for _, path := range pages {
		resp, body := out.do("GET", path, nil, nil)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, path)
		assert.NotContains(t, body, "Secret Outreach", path)
	}
	for _, path := range forms {
		resp, _ := out.do("POST", path, url.Values{"csrf_token": {token}, "name": {"Taken"}, "priority": {"A"},
			"status": {"Deleted"}, "user_id": {ann.ID}, "role": {"Support"}}, nil)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, path)
	}
	camp, err := srv.Store.GetCampaign(t.Context(), secret)
	require.NoError(t, err)
	assert.Equal(t, "Secret Outreach", camp.Name, "nothing changed")
	assert.Equal(t, domain.StagePlanning, camp.Stage)
	assert.Equal(t, domain.VersionDraft, camp.VersionStatus)

	leads := newClient(t, srv.URL)
	require.Equal(t, http.StatusSeeOther, leads.signIn("lee"+srv.Suffix, password))
	for _, path := range pages[:3] {
		resp, _ := leads.do("GET", path, nil, nil)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, path)
	}

	owner := newClient(t, srv.URL)
	require.Equal(t, http.StatusSeeOther, owner.signIn(ann.Email, password))
	resp, _ := owner.do("POST", base+"/start", url.Values{"csrf_token": {token}}, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "another session's token is refused")
	for _, path := range []string{"/campaigns?edit=nope", "/campaigns?delete=nope", "/campaigns/nope", "/campaigns/nope/versions"} {
		resp, _ := owner.do("GET", path, nil, nil)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, "%s names no campaign", path)
	}
	resp, _ = owner.do("POST", base+"/team/remove", url.Values{"csrf_token": {owner.csrf()}, "user_id": {"nope"}, "role": {"Support"}}, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "no such team member")

	// Deleting the last version deletes the campaign: read-only for ever.
	token = owner.csrf()
	resp, _ = owner.do("POST", base+"/versions/1/status", url.Values{"csrf_token": {token}, "status": {"Deleted"}}, nil)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	resp, body := owner.do("GET", base, nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "a deleted campaign stays readable")
	assert.Contains(t, body, "read-only for ever")
	assert.NotContains(t, body, `id="move-start"`, "no action is offered")
	assert.NotContains(t, body, `id="add-member"`)
	for _, path := range forms {
		resp, body := owner.do("POST", path, url.Values{"csrf_token": {token}, "name": {"Revived"}, "priority": {"A"}}, nil)
		assert.Equal(t, http.StatusConflict, resp.StatusCode, path)
		assert.Contains(t, body, "read-only for ever", path)
	}
	camp, err = srv.Store.GetCampaign(t.Context(), secret)
	require.NoError(t, err)
	assert.Equal(t, "Secret Outreach", camp.Name)
}
