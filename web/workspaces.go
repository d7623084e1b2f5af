package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// workspace is one entry of the navigation bar: a top-level page and the
// privilege it needs, the same one the API's routes of that area need.
type workspace struct {
	Key, Title, Path string
	// Privilege is needed to see and open it; "" for every signed-in user.
	Privilege string
	// API is where its records are served until its pages exist.
	API string
}

// workspaces are the five workspaces of the product documents, in
// navigation order. Contacts and batch processes are open to every
// signed-in user, as their API routes are (what each record shows follows
// its own access rule).
var workspaces = []workspace{
	{Key: "campaigns", Title: "Campaigns", Path: "/campaigns", Privilege: domain.PrivCampaigns,
		API: "/api/v1/campaigns"},
	{Key: "leads", Title: "Leads", Path: "/leads", Privilege: domain.PrivLeads, API: "/api/v1/leads"},
	{Key: "contacts", Title: "Contacts & Partners", Path: "/contacts", API: "/api/v1/contacts"},
	{Key: "batches", Title: "Batch Processes", Path: "/batch-processes", API: "/api/v1/batch-processes"},
	{Key: "admin", Title: "Administration", Path: "/admin", Privilege: domain.PrivAdmin, API: "/api/v1/users"},
}

// navItem is a link of the navigation bar.
type navItem struct {
	Title, Path string
	Active      bool
}

// navFor lists the workspaces u may open, marking the one named active.
func navFor(u domain.User, active string) []navItem {
	var out []navItem
	for _, ws := range workspaces {
		if ws.Privilege == "" || u.Has(ws.Privilege) {
			out = append(out, navItem{Title: ws.Title, Path: ws.Path, Active: ws.Key == active})
		}
	}
	return out
}

// placeholder is the page of a workspace whose pages are still to come.
func (p *Pages) placeholder(ws workspace) gin.HandlerFunc {
	return func(c *gin.Context) {
		p.render(c, http.StatusOK, "workspace", ws.Key, ws.Title, ws)
	}
}
