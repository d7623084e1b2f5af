package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/errcodec"
)

//go:embed templates/*.html templates/partials/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// views holds one template set per page (layout and components included)
// and the content digest of each static file, which its URL carries so that
// browsers cache assets yet never keep an old one after an upgrade.
type views struct {
	pages  map[string]*template.Template
	digest map[string]string
}

// shared are the templates every page is parsed with: the layout, the
// components and the partials, pieces several pages show (files under
// partials/, and those whose name starts with "_", such as a detail page's
// banner and tabs).
var shared = []string{"templates/layout.html", "templates/components.html", "templates/_*.html", "templates/partials/*.html"}

func parseViews() (*views, error) {
	v := &views{pages: map[string]*template.Template{}, digest: map[string]string{}}
	err := fs.WalkDir(staticFiles, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(name)
		sum := sha256.Sum256(b)
		v.digest[path.Base(name)] = hex.EncodeToString(sum[:6])
		return err
	})
	if err != nil {
		return nil, err
	}
	base, err := template.New("").Funcs(template.FuncMap{"asset": v.assetURL, "dict": dict, "date": showDate, "list": list,
		"add": func(a, b int) int { return a + b }, "actionLabel": actionLabel,
		"moveLabel": moveLabel}).
		ParseFS(templateFiles, shared...)
	if err != nil {
		return nil, err
	}
	files, _ := fs.Glob(templateFiles, "templates/*.html")
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "components" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, f)
		if err != nil {
			return nil, err
		}
		v.pages[name] = t
	}
	return v, nil
}

// assetURL is the address of a static file, versioned by its content.
func (v *views) assetURL(name string) string { return "/static/" + name + "?v=" + v.digest[name] }

// dict builds a map from key, value pairs: a template passes several values
// to a component with it.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// list makes a slice of its arguments, for a template's range.
func list(items ...any) []any { return items }

// showDate writes a date as people read it in a table ("" when unset).
func showDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2 Jan 2006")
}

// page is what the layout shows around every page's content.
type page struct {
	Title string
	User  domain.User
	Nav   []navItem
	CSRF  string
	Flash *flash
	Data  any
}

// render writes the named page with status; active names the workspace
// highlighted in the navigation bar.
func (p *Pages) render(c *gin.Context, status int, view, active, title string, data any) {
	pg := page{Title: title, Data: data, Flash: p.takeFlash(c)}
	if s, ok := session(c); ok {
		pg.User, pg.Nav, pg.CSRF = s.User, navFor(s.User, active), csrfToken(s.CSRFSecret)
	}
	var buf bytes.Buffer
	if err := p.views.pages[view].ExecuteTemplate(&buf, "layout", pg); err != nil {
		p.log.Error("render page", "view", view, "error", err)
		c.String(http.StatusInternalServerError, "The page could not be shown.")
		c.Abort()
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// errorPage shows a refusal or failure as a page of its own.
func (p *Pages) errorPage(c *gin.Context, status int, title, detail string) {
	p.render(c, status, "error", "", title, map[string]any{"Status": status, "Detail": detail})
	c.Abort()
}

// failed shows an error from an operation: unknown records are 404, invalid
// input 422, a missing privilege 403, refusals 409 with their reason, anything else is logged and
// shown as a 500 without details.
func (p *Pages) failed(c *gin.Context, err error) {
	err = errcodec.Decode(err) // a refusal that crossed Temporal is a domain error again
	var ve *domain.ValidationError
	status, _, _ := refusal(err)
	reason, refused := refusalText(err)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		p.errorPage(c, http.StatusNotFound, "Not found", "This record does not exist, or you may not see it.")
	case errors.As(err, &ve):
		p.errorPage(c, http.StatusUnprocessableEntity, "This address is not valid", ve.Error())
	case refused && status == http.StatusForbidden:
		p.errorPage(c, http.StatusForbidden, "Not allowed", reason)
	case refused:
		p.errorPage(c, http.StatusConflict, "Not possible now", reason)
	default:
		p.log.Error("page failed", "path", c.Request.URL.Path, "error", err)
		p.errorPage(c, http.StatusInternalServerError, "Something went wrong", "The page could not be shown. Try again in a moment.")
	}
}

// static serves the embedded CSS and JavaScript; their URLs carry their
// digest, so they may be cached for long.
func (p *Pages) static(c *gin.Context) {
	name := path.Base(c.Param("file"))
	b, err := staticFiles.ReadFile("static/" + name)
	if err != nil {
		p.NotFound(c)
		return
	}
	types := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, types[path.Ext(name)], b)
}
