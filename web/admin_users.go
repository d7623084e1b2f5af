package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Users and their API tokens. The rules (privilege names, passwords, the
// last active administrator, tokens only for active users) are the
// operations' (app.CreateUser, app.UpdateUser, app.IssueToken); the page
// shows their refusals beside the fields or as the form's message.

// usersPageSize is how many users a page of the list shows.
const usersPageSize = 50

// privilegeOptions are the privileges as the forms offer them.
var privilegeOptions = [][2]string{
	{domain.PrivAdmin, "Administrator (every workspace)"}, {domain.PrivCampaigns, "Campaigns"},
	{domain.PrivLeads, "Leads (" + domain.PrivLeads + ")"}, {domain.PrivMarketing, "Marketing (partner drip campaigns)"},
}

// privilegeChoice is one checkbox of a privileges field.
type privilegeChoice struct {
	Value, Label string
	Checked      bool
}

// privilegeChoices are the checkboxes with those held ticked.
func privilegeChoices(held []string) []privilegeChoice {
	out := make([]privilegeChoice, 0, len(privilegeOptions))
	for _, o := range privilegeOptions {
		out = append(out, privilegeChoice{Value: o[0], Label: o[1], Checked: slices.Contains(held, o[0])})
	}
	return out
}

// usersView is the list of users and the Add dialog.
type usersView struct {
	Tabs       []tab
	Users      []domain.User
	NextURL    string
	FirstURL   string
	Form       *adminForm
	Privileges []privilegeChoice
}

func (p *Pages) users(c *gin.Context) {
	f := newAdminForm(nil)
	f.Open = c.Query("add") != ""
	p.showUsers(c, http.StatusOK, f, privilegeChoices(nil))
}

func (p *Pages) showUsers(c *gin.Context, status int, f *adminForm, privs []privilegeChoice) {
	cursor := c.Query("cursor")
	us, err := p.st.ListUsers(c, domain.PageRequest{Limit: usersPageSize, Cursor: cursor})
	if err != nil {
		p.failed(c, err)
		return
	}
	v := usersView{Tabs: adminTabs("users"), Users: us.Items, Form: f, Privileges: privs}
	if us.NextCursor != "" {
		v.NextURL = "/admin/users?cursor=" + url.QueryEscape(us.NextCursor)
	}
	if cursor != "" {
		v.FirstURL = "/admin/users"
	}
	p.renderAdmin(c, status, "admin_users", "Users", v)
}

// PrivilegeLabels are a user's privileges as people read them.
func (usersView) PrivilegeLabels(u domain.User) string { return privilegeLabels(u.Privileges) }

func privilegeLabels(privs []string) string {
	var out []string
	for _, o := range privilegeOptions {
		if slices.Contains(privs, o[0]) {
			out = append(out, strings.SplitN(o[1], " (", 2)[0])
		}
	}
	if len(out) == 0 {
		return "None"
	}
	return strings.Join(out, ", ")
}

// createUser adds a user from the Add dialog; the password is optional
// (without one the user cannot sign in to the pages yet).
func (p *Pages) createUser(c *gin.Context) {
	f := newAdminForm(nil)
	f.Open = true
	f.read(c, "name", "email", "privileges")
	privs := c.PostFormArray("privileges")
	in := domain.UserInput{Name: f.Values["name"], Email: f.Values["email"], Privileges: privs}
	if pw := c.PostForm("password"); pw != "" {
		in.Password = &pw
	}
	f.Values["password"] = ""
	u, err := p.app.CreateUser(c, user(c), in)
	if err == nil {
		p.setFlash(c, "success", "User “"+u.Name+"” added.")
		c.Redirect(http.StatusSeeOther, "/admin/users/"+url.PathEscape(u.ID))
		return
	}
	if !f.refuse(err, f.samePlace) {
		p.failed(c, err)
		return
	}
	p.showUsers(c, adminRefusalStatus(err), f, privilegeChoices(privs))
}

// userView is one user's page: their details and privileges, a password,
// and their API tokens; Issued is a token just issued, whose secret this
// page shows once.
type userView struct {
	Tabs       []tab
	User       domain.User
	Self       bool
	Edit       *adminForm
	Privileges []privilegeChoice
	Password   *adminForm
	Token      *adminForm
	Tokens     []domain.Token
	Issued     *domain.IssuedToken
}

// PrivilegeLabels are the user's privileges as people read them.
func (v userView) PrivilegeLabels() string { return privilegeLabels(v.User.Privileges) }

// userForms are the forms of a user's page, each as it is shown.
type userForms struct {
	edit, password, token *adminForm
	privileges            []string
	issued                *domain.IssuedToken
}

func (p *Pages) userPage(c *gin.Context) {
	id, ok := p.adminPathID(c, "id")
	if !ok {
		return
	}
	p.showUser(c, http.StatusOK, id, userForms{})
}

// showUser renders a user's page; a form left nil shows the stored values.
func (p *Pages) showUser(c *gin.Context, status int, id string, forms userForms) {
	u, err := p.st.GetUser(c, id)
	if err != nil {
		p.failed(c, err)
		return
	}
	tokens, err := p.st.ListTokens(c, id, domain.PageRequest{Limit: domain.MaxPageLimit})
	if err != nil {
		p.failed(c, err)
		return
	}
	if forms.edit == nil {
		active := ""
		if u.Active {
			active = "on"
		}
		forms.edit = newAdminForm(map[string]string{"name": u.Name, "active": active})
		forms.privileges = u.Privileges
	}
	if forms.password == nil {
		forms.password = newAdminForm(nil)
	}
	if forms.token == nil {
		forms.token = newAdminForm(nil)
	}
	p.renderAdmin(c, status, "admin_user", u.Name, userView{Tabs: adminTabs("users"), User: u, Self: u.ID == user(c).ID,
		Edit: forms.edit, Privileges: privilegeChoices(forms.privileges), Password: forms.password, Token: forms.token,
		Tokens: tokens.Items, Issued: forms.issued})
}

// updateUser changes the name, privileges and active flag. A change that
// would leave no active administrator is refused and the reason shown.
func (p *Pages) updateUser(c *gin.Context) {
	id, ok := p.adminPathID(c, "id")
	if !ok {
		return
	}
	f := newAdminForm(nil)
	f.read(c, "name", "active", "privileges")
	privs := c.PostFormArray("privileges")
	name, active := f.Values["name"], f.Values["active"] != ""
	u, err := p.app.UpdateUser(c, user(c), id, domain.UserPatch{Name: &name, Privileges: &privs, Active: &active})
	if err == nil {
		p.setFlash(c, "success", "User “"+u.Name+"” saved.")
		c.Redirect(http.StatusSeeOther, "/admin/users/"+url.PathEscape(id))
		return
	}
	if errors.Is(err, domain.ErrNotFound) || !f.refuse(err, f.samePlace) {
		p.failed(c, err)
		return
	}
	p.showUser(c, adminRefusalStatus(err), id, userForms{edit: f, privileges: privs})
}

// setPassword gives the user a new password; their open sessions end (one's
// own included: the administrator then signs in again).
func (p *Pages) setPassword(c *gin.Context) {
	id, ok := p.adminPathID(c, "id")
	if !ok {
		return
	}
	pw := c.PostForm("password")
	f := newAdminForm(map[string]string{"password": ""})
	u, err := p.app.UpdateUser(c, user(c), id, domain.UserPatch{Password: &pw})
	if err == nil {
		p.setFlash(c, "success", "Password of “"+u.Name+"” set; their open sessions have ended.")
		c.Redirect(http.StatusSeeOther, "/admin/users/"+url.PathEscape(id))
		return
	}
	if errors.Is(err, domain.ErrNotFound) || !f.refuse(err, f.samePlace) {
		p.failed(c, err)
		return
	}
	p.showUser(c, adminRefusalStatus(err), id, userForms{password: f})
}

// issueToken creates an API token and shows the page with its secret, the
// one time it is seen (no redirect: the secret goes in no cookie or URL).
// An expiry date means the token works until the end of that day (UTC).
func (p *Pages) issueToken(c *gin.Context) {
	id, ok := p.adminPathID(c, "id")
	if !ok {
		return
	}
	f := newAdminForm(nil)
	f.read(c, "label", "expires_at")
	in := domain.TokenInput{Label: f.Values["label"]}
	if v := f.Values["expires_at"]; v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			f.fail("expires_at", "enter a date like 2027-03-31")
		}
		end := d.Add(24 * time.Hour)
		in.ExpiresAt = &end
	}
	var err error
	if !f.Failed() {
		var t domain.IssuedToken
		if t, err = p.app.IssueToken(c, user(c), id, in); err == nil {
			p.showUser(c, http.StatusCreated, id, userForms{issued: &t})
			return
		}
		if errors.Is(err, domain.ErrNotFound) || !f.refuse(err, f.samePlace) {
			p.failed(c, err)
			return
		}
	}
	p.showUser(c, adminRefusalStatus(err), id, userForms{token: f})
}

// revokeToken deletes one of the user's tokens: the next request with it
// is refused (401).
func (p *Pages) revokeToken(c *gin.Context) {
	id, ok := p.adminPathID(c, "id")
	if !ok {
		return
	}
	tid, ok := p.adminPathID(c, "token_id")
	if !ok {
		return
	}
	owner, err := p.st.TokenOwner(c, tid)
	if err == nil && owner != id {
		err = domain.ErrNotFound // a token of someone else is not on this page
	}
	if err == nil {
		err = p.st.RevokeToken(c, tid)
	}
	if err != nil {
		p.failed(c, err)
		return
	}
	p.setFlash(c, "success", "Token revoked: requests with it are refused from now on.")
	c.Redirect(http.StatusSeeOther, "/admin/users/"+url.PathEscape(id))
}
