package api

import (
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// unsubscribeRoutes serve the personal unsubscribe link of every marketing
// email, without sign-in: the signed token is the only credential. GET only
// shows a confirmation page (mail scanners open links); POST unsubscribes
// at once, as a mailbox provider's one-click request (RFC 8058) or the
// page's button does.
func (s *server) unsubscribeRoutes(r *gin.Engine) {
	r.GET("/u/:token", s.unsubscribePage)
	r.POST("/u/:token", s.unsubscribeNow)
}

// maxUnsubscribeBody bounds the one-click form body.
const maxUnsubscribeBody = 4 << 10

var unsubscribePages = template.Must(template.New("confirm").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Unsubscribe</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>Unsubscribe</h1>
<p>Stop marketing email to <strong>{{.Address}}</strong>?</p>
<form method="post" action="">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>
</body></html>
`))

var unsubscribedPage = template.Must(template.New("done").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Unsubscribed</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>You are unsubscribed</h1>
<p><strong>{{.Address}}</strong> will receive no more marketing email from us.</p>
</body></html>
`))

// linkToken reads the path's unsubscribe token, answering 404 itself for one
// that was not signed here (forged or altered): it changes nothing.
func (s *server) linkToken(c *gin.Context) (domain.UnsubscribeToken, bool) {
	t, ok := s.unsubscribe.Parse(c.Param("token"))
	if !ok {
		problem(c, http.StatusNotFound, "not-found", "Not found", "this unsubscribe link is not valid")
	}
	return t, ok
}

func (s *server) unsubscribePage(c *gin.Context) {
	t, ok := s.linkToken(c)
	if !ok {
		return
	}
	htmlPage(c, unsubscribePages, t)
}

// unsubscribeNow takes the one-click form (List-Unsubscribe=One-Click, as
// application/x-www-form-urlencoded, multipart/form-data, or a bare body
// from a client that names no type) and unsubscribes at once. No cookie,
// token or CSRF field is needed: the link itself is the credential.
func (s *server) unsubscribeNow(c *gin.Context) {
	t, ok := s.linkToken(c)
	if !ok {
		return
	}
	value, err := oneClickValue(c.Request)
	if err != nil {
		problem(c, http.StatusBadRequest, "malformed", "Malformed request", "the body is not a form: "+err.Error())
		return
	}
	if value != "One-Click" {
		invalid(c, domain.FieldError{Field: "List-Unsubscribe", Message: "must be One-Click (RFC 8058)"})
		return
	}
	if err := s.store.Unsubscribe(c, t); err != nil {
		fail(c, err)
		return
	}
	htmlPage(c, unsubscribedPage, t)
}

// oneClickValue reads the List-Unsubscribe field of the request's form.
func oneClickValue(r *http.Request) (string, error) {
	r.Body = http.MaxBytesReader(nil, r.Body, maxUnsubscribeBody)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		if err := r.ParseMultipartForm(maxUnsubscribeBody); err != nil {
			return "", err
		}
		return r.PostFormValue("List-Unsubscribe"), nil
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return "", err
	}
	vals, err := url.ParseQuery(strings.TrimSpace(string(raw)))
	if err != nil {
		return "", err
	}
	return vals.Get("List-Unsubscribe"), nil
}

// htmlPage answers 200 with an HTML page about the token's address.
func htmlPage(c *gin.Context, tpl *template.Template, t domain.UnsubscribeToken) {
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Status(http.StatusOK)
	if err := tpl.Execute(c.Writer, t); err != nil {
		logger(c).Error("unsubscribe page", "error", err)
	}
}
