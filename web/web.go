// Package web serves Drumbeat's user interface: HTML pages rendered on the
// server with html/template, every asset embedded in the binary, mounted by
// `drumbeat api` at / on the same engine as the JSON API (which stays under
// /api/v1). Pages call the same store and domain operations as the JSON
// handlers, so no rule is written twice. People sign in with email and
// password; a session cookie and a CSRF token on every form follow them.
package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/api/authlimit"
	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// Config is what the pages need.
type Config struct {
	Store *store.Store
	// App is the operations layer the JSON API calls too.
	App *app.Service
	Log *slog.Logger
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-Proto says whether the browser used HTTPS (the same
	// list as the API's).
	TrustedProxies []string
}

// Pages is the web user interface; it implements api.Pages.
type Pages struct {
	st       *store.Store
	app      *app.Service
	log      *slog.Logger
	views    *views
	proxies  []netip.Prefix
	failures *authlimit.Limiter
}

// New parses the embedded templates and the configuration.
func New(cfg Config) (*Pages, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	v, err := parseViews()
	if err != nil {
		return nil, err
	}
	p := &Pages{st: cfg.Store, app: cfg.App, log: cfg.Log, views: v}
	for _, s := range cfg.TrustedProxies {
		pre, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, fmt.Errorf("web: trusted proxy %q is neither an address nor a CIDR range", s)
			}
			pre = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		p.proxies = append(p.proxies, pre)
	}
	return p, nil
}

// Mount adds the pages to the engine. failures is the limiter of failed
// authentications the API uses; failed sign-ins count against it too.
func (p *Pages) Mount(r *gin.Engine, failures *authlimit.Limiter) {
	p.failures = failures
	r.GET("/static/*file", p.static)
	pages := r.Group("", securityHeaders)
	pages.GET("/login", p.loginForm)
	pages.POST("/login", p.login)

	in := pages.Group("", p.signedIn)
	in.POST("/logout", p.logout)
	in.GET("/", p.home)
	// The workspaces with pages of their own; the others show a placeholder.
	routes := map[string]func(*gin.RouterGroup){"campaigns": p.campaignRoutes, "leads": p.leadRoutes, "admin": p.adminRoutes, "batches": p.batchRoutes, "contacts": p.contactRoutes}
	for _, ws := range workspaces {
		g := in.Group(ws.Path, p.need(ws.Privilege))
		if add, ok := routes[ws.Key]; ok {
			add(g)
			continue
		}
		g.GET("", p.placeholder(ws))
	}
}

// NotFound answers a page that does not exist.
func (p *Pages) NotFound(c *gin.Context) {
	securityHeaders(c)
	p.errorPage(c, http.StatusNotFound, "Page not found", "There is no page at this address.")
}

// securityHeaders keeps pages out of caches (the back button after sign-out
// must ask the server again, which sends the login page), out of frames,
// and limits scripts, styles and form targets to this origin.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
}

// need answers 403 unless the user holds the privilege ("" for every
// signed-in user).
func (p *Pages) need(privilege string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if privilege != "" && !user(c).Has(privilege) {
			p.errorPage(c, http.StatusForbidden, "Not allowed",
				"Your account does not have the privilege "+privilege+" that this page needs.")
			c.Abort()
			return
		}
		c.Next()
	}
}

// home sends the user to the first workspace they may use.
func (p *Pages) home(c *gin.Context) {
	nav := navFor(user(c), "")
	if len(nav) == 0 {
		p.errorPage(c, http.StatusForbidden, "Not allowed", "Your account has no workspace.")
		return
	}
	c.Redirect(http.StatusSeeOther, nav[0].Path)
}

// user is the signed-in user of the request.
func user(c *gin.Context) domain.User {
	if s, ok := session(c); ok {
		return s.User
	}
	return domain.User{}
}
