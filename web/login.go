package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/api/authlimit"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// loginView is the sign-in form.
type loginView struct {
	Email, Next, CSRF, Error string
	Errors                   map[string]string
}

// wrongCredentials is the one answer to an unknown email, a wrong password,
// a user without a password and a deactivated user: the page must not help
// anyone find out which emails have an account.
const wrongCredentials = "Wrong email or password."

// loginForm shows the sign-in form, or sends a signed-in user on.
func (p *Pages) loginForm(c *gin.Context) {
	next := localPath(c.Query("next"))
	if _, ok := p.lookupSession(c); ok {
		c.Redirect(http.StatusSeeOther, orHome(next))
		return
	}
	p.showLogin(c, http.StatusOK, loginView{Next: next})
}

// showLogin renders the form with the sign-in's CSRF secret, set as a
// cookie the first time: the form post must carry the same value, which a
// page of another site cannot read.
func (p *Pages) showLogin(c *gin.Context, status int, v loginView) {
	token, err := c.Cookie(loginCookie)
	if err != nil || len(token) < 32 {
		token = randomToken()
		p.setCookie(c, loginCookie, token, time.Time{})
	}
	v.CSRF = token
	p.render(c, status, "login", "", "Sign in", v)
}

// login checks the email and password and starts a session. Failed
// sign-ins count against the same per-address limit as the API's failed
// authentications.
func (p *Pages) login(c *gin.Context) {
	token, _ := c.Cookie(loginCookie)
	if !sameToken(c.PostForm(csrfField), token) {
		p.errorPage(c, http.StatusForbidden, "Form refused",
			"This sign-in form was not sent from the Drumbeat sign-in page. Open the sign-in page and try again.")
		return
	}
	v := loginView{Email: strings.TrimSpace(c.PostForm("email")), Next: localPath(c.PostForm("next")), Errors: map[string]string{}}
	password := c.PostForm("password")
	if v.Email == "" {
		v.Errors["email"] = "Enter your email."
	}
	if password == "" {
		v.Errors["password"] = "Enter your password."
	}
	if len(v.Errors) > 0 {
		p.showLogin(c, http.StatusUnprocessableEntity, v)
		return
	}
	key := authlimit.Key(c.ClientIP())
	if ok, wait := p.failures.Take(key); !ok {
		secs := max(1, int(math.Ceil(wait.Seconds())))
		c.Header("Retry-After", strconv.Itoa(secs))
		v.Error = fmt.Sprintf("Too many failed sign-ins from your address. Try again in %d seconds.", secs)
		p.showLogin(c, http.StatusTooManyRequests, v)
		return
	}
	u, err := p.st.UserByPassword(c, v.Email, password)
	if errors.Is(err, domain.ErrNotFound) {
		v.Error = wrongCredentials
		p.showLogin(c, http.StatusUnauthorized, v)
		return
	}
	p.failures.GiveBack(key) // not a failed authentication, whatever happens next
	if err != nil {
		p.failed(c, err)
		return
	}
	id, s, err := p.st.CreateSession(c, u)
	if err != nil {
		p.failed(c, err)
		return
	}
	p.setCookie(c, sessionCookie, id, s.ExpiresAt)
	p.setCookie(c, loginCookie, "", time.Unix(1, 0))
	c.Redirect(http.StatusSeeOther, orHome(v.Next))
}

// logout ends the session: its row is deleted, so the cookie is worth
// nothing any more, wherever a copy of it is.
func (p *Pages) logout(c *gin.Context) {
	id, _ := c.Cookie(sessionCookie)
	if err := p.st.DeleteSession(c, id); err != nil {
		p.failed(c, err)
		return
	}
	p.setCookie(c, sessionCookie, "", time.Unix(1, 0))
	p.setFlash(c, "success", "You have signed out.")
	c.Redirect(http.StatusSeeOther, "/login")
}

func orHome(next string) string {
	if next == "" {
		return "/"
	}
	return next
}
