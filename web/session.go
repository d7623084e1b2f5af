package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Cookie and form field names.
const (
	sessionCookie = "drumbeat_session"
	// loginCookie holds the CSRF secret of the sign-in form, before there is a session.
	loginCookie = "drumbeat_login"
	flashCookie = "drumbeat_flash"
	csrfField   = "csrf_token"
	ctxSession  = "web_session"
)

// session is the request's live session, set by signedIn.
func session(c *gin.Context) (domain.Session, bool) {
	v, ok := c.Get(ctxSession)
	s, _ := v.(domain.Session)
	return s, ok
}

// lookupSession reads the session the cookie names; false without a live one.
func (p *Pages) lookupSession(c *gin.Context) (domain.Session, bool) {
	id, err := c.Cookie(sessionCookie)
	if err != nil || id == "" {
		return domain.Session{}, false
	}
	s, err := p.st.SessionByID(c, id)
	if err != nil {
		if !errors.Is(err, domain.ErrNotFound) {
			p.log.Error("read session", "error", err)
		}
		return domain.Session{}, false
	}
	return s, true
}

// signedIn lets only signed-in users through and checks the CSRF token of
// every request that is not a GET or HEAD (403 when it is missing or wrong).
// Without a session, a page asks for the sign-in and comes back afterwards;
// a form post is not replayed: the user signs in and sends it again.
func (p *Pages) signedIn(c *gin.Context) {
	s, ok := p.lookupSession(c)
	if !ok {
		next := c.Request.URL.RequestURI()
		if !safeMethod(c.Request.Method) {
			p.setFlash(c, "info", "Your session has ended: sign in and send the form again.")
			next = ""
		}
		c.Redirect(http.StatusSeeOther, loginURL(next))
		c.Abort()
		return
	}
	c.Set(ctxSession, s)
	if !safeMethod(c.Request.Method) && !sameToken(c.PostForm(csrfField), csrfToken(s.CSRFSecret)) {
		p.errorPage(c, http.StatusForbidden, "Form refused",
			"This form was not sent from a Drumbeat page of your session. Reload the page and try again.")
		return
	}
	c.Next()
}

func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

// csrfToken is the token a session's forms carry.
func csrfToken(secret []byte) string { return base64.RawURLEncoding.EncodeToString(secret) }

// sameToken compares a submitted token in constant time; an empty one never matches.
func sameToken(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// secure reports whether the browser talks HTTPS: over TLS, or through a
// trusted proxy that says so in X-Forwarded-Proto. Cookies are then Secure.
func (p *Pages) secure(c *gin.Context) bool {
	if c.Request.TLS != nil {
		return true
	}
	if !strings.EqualFold(strings.TrimSpace(c.GetHeader("X-Forwarded-Proto")), "https") {
		return false
	}
	peer, err := netip.ParseAddr(c.RemoteIP())
	if err != nil {
		return false
	}
	for _, pre := range p.proxies {
		if pre.Contains(peer.Unmap()) {
			return true
		}
	}
	return false
}

// setCookie writes an HttpOnly, SameSite=Lax cookie for the whole site;
// a zero expiry makes it last as long as the browser session, a past one
// deletes it.
func (p *Pages) setCookie(c *gin.Context, name, value string, expires time.Time) {
	ck := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: p.secure(c),
		SameSite: http.SameSiteLaxMode, Expires: expires}
	if !expires.IsZero() && expires.Before(time.Now()) {
		ck.MaxAge = -1
	}
	http.SetCookie(c.Writer, ck)
}

// flash is a message shown once, on the next page.
type flash struct{ Kind, Text string }

// setFlash leaves a message for the next page the browser shows.
func (p *Pages) setFlash(c *gin.Context, kind, text string) {
	p.setCookie(c, flashCookie, kind+":"+url.QueryEscape(text), time.Time{})
}

// takeFlash returns the pending message, if any, and deletes it.
func (p *Pages) takeFlash(c *gin.Context) *flash {
	v, err := c.Cookie(flashCookie)
	if err != nil || v == "" {
		return nil
	}
	p.setCookie(c, flashCookie, "", time.Unix(1, 0))
	kind, text, _ := strings.Cut(v, ":")
	text, err = url.QueryUnescape(text)
	if err != nil || text == "" {
		return nil
	}
	if kind != "success" && kind != "error" {
		kind = "info"
	}
	return &flash{Kind: kind, Text: text}
}

// loginURL is the sign-in page, coming back to next (a local path) afterwards.
func loginURL(next string) string {
	if next = localPath(next); next == "" || next == "/" {
		return "/login"
	}
	return "/login?next=" + url.QueryEscape(next)
}

// localPath returns next when it is a path on this site ("/campaigns?q=x"),
// else "": a sign-in must never send the browser to another site, so a
// scheme, a host, "//host" and "/\host" are refused.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\t") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return next
}
