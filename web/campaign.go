package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// campaignTab is one tab of a campaign's detail view: a page of its own at
// /campaigns/{id}{Path}, rendered from templates/campaign_{Key}.html (the
// summary's is campaign.html) inside the banner and tab list of
// templates/_campaign.html. A new tab is one entry here, one route in
// campaignRoutes (routes.go) and one template that starts with
// {{template "campaign-head" .Data.Head}}.
type campaignTab struct{ Key, Label, Path string }

// campaignTabs are the detail view's tabs in order. Participants,
// Opportunities and Documents are pages of their own area.
var campaignTabs = []campaignTab{
	{Key: "summary", Label: "Summary", Path: ""},
	{Key: "participants", Label: "Participants", Path: "/participants"},
	{Key: "opportunities", Label: "Opportunities", Path: "/opportunities"},
	{Key: "documents", Label: "Documents", Path: "/documents"},
	{Key: "versions", Label: "Versions", Path: "/versions"},
	{Key: "audience", Label: "Audience", Path: "/audience"},
}

// tab is one tab of a detail page: a link that shows its panel.
type tab struct {
	Label, URL string
	Active     bool
}

// campaignGuard lets through only users who may see the campaign: a
// private campaign they may not see answers 404 as if it did not exist, and
// a form posted to a deleted campaign (read-only for ever) answers 409:
// the API's rules (app.CampaignAccess).
func (p *Pages) campaignGuard(c *gin.Context) {
	if err := p.app.CampaignAccess(c, user(c), c.Param("id"), !safeMethod(c.Request.Method)); err != nil {
		p.failed(c, err)
		return
	}
	c.Next()
}

// campaignHead is what every tab of a campaign shows above its panel: the
// banner with the stage and the actions, the tab list, and the Edit and
// Delete dialogs.
type campaignHead struct {
	Campaign app.CampaignRecord
	Stage    string
	Manager  string
	Tabs     []tab
	// ReadOnly is true for a deleted campaign: nothing in it changes.
	ReadOnly bool
	Edit     *campaignForm
	Delete   *deleteForm
	// Moves are the stage actions of the banner.
	Moves []stageMove
}

// stageMove is one stage action of the banner.
type stageMove struct{ Label, Action, Name string }

// campaignPage is a campaign tab's view: the head and the tab's own data.
type campaignPage struct {
	Head campaignHead
	Tab  any
}

// campaignHead reads the campaign of the request for the tab named key.
func (p *Pages) campaignHead(c *gin.Context, key string) (campaignHead, error) {
	id := c.Param("id")
	camp, err := p.app.Campaign(c, user(c), id)
	if err != nil {
		return campaignHead{}, err
	}
	names, err := p.managerNames(c, []domain.Campaign{camp.Campaign})
	if err != nil {
		return campaignHead{}, err
	}
	base := "/campaigns/" + id
	self := base
	for _, t := range campaignTabs {
		if t.Key == key {
			self = base + t.Path
		}
	}
	edit, err := p.editCampaignForm(c, id, self)
	if err != nil {
		return campaignHead{}, err
	}
	edit.Open = false
	h := campaignHead{Campaign: camp, Stage: stageLabel(camp.Stage), Manager: names[camp.ManagerID], Edit: edit,
		ReadOnly: camp.VersionStatus.CampaignWritable() != nil,
		Delete:   &deleteForm{Name: camp.Name, Action: base + "/delete", Back: self, DialogID: "delete-campaign"}}
	for _, t := range campaignTabs {
		h.Tabs = append(h.Tabs, tab{Label: t.Label, URL: base + t.Path, Active: t.Key == key})
	}
	h.Moves = []stageMove{{"Start campaign", base + "/start", "start"}, {"Complete campaign", base + "/complete", "complete"},
		{"Cancel campaign", base + "/cancel", "cancel"}}
	return h, nil
}

// renderCampaignTab renders the tab named key with its data under the head.
func (p *Pages) renderCampaignTab(c *gin.Context, status int, key string, head campaignHead, data any) {
	view := "campaign"
	if key != "summary" {
		view += "_" + key
	}
	p.render(c, status, view, "campaigns", head.Campaign.Name, campaignPage{Head: head, Tab: data})
}

// moveCampaign starts, completes or cancels the campaign with the
// operation the API's .../start, .../complete and .../cancel call; a
// refused move shows the reason.
func (p *Pages) moveCampaign(to domain.Stage) gin.HandlerFunc {
	done := map[domain.Stage]string{domain.StageInProgress: "Campaign started.",
		domain.StageCompleted: "Campaign completed.", domain.StageCancelled: "Campaign cancelled."}
	return func(c *gin.Context) {
		back := "/campaigns/" + c.Param("id")
		moved, err := p.app.MoveCampaign(c, user(c), c.Param("id"), to)
		msg := done[to]
		for _, w := range moved.Warnings {
			msg += " " + capitalize(w) + "."
		}
		p.done(c, back, msg, err)
	}
}

// Overview is the Overview card's rows: the seed's fields of the campaign.
func (h campaignHead) Overview(folder string) [][2]string {
	c := h.Campaign
	security := "Public"
	if c.Security == "private" {
		security = "Private"
	}
	return [][2]string{
		{"Stage", h.Stage}, {"Priority", string(c.Priority)}, {"Manager", h.Manager},
		{"Start date", showDate(c.StartDate)}, {"End date", showDate(c.EndDate)}, {"Security", security},
		{"Folder", folder}, {"Allocation rules", c.AllocationModel}, {"Role", c.AllocationRole},
		{"Version", fmt.Sprintf("%d (%s)", c.Version, c.VersionStatus)}, {"Participants", fmt.Sprint(c.Participants)},
		{"Created", c.CreatedAt.Format("2 Jan 2006 15:04")}, {"Updated", c.UpdatedAt.Format("2 Jan 2006 15:04")},
	}
}

// campaign is a campaign's Summary tab.
func (p *Pages) campaign(c *gin.Context) { p.showSummary(c, http.StatusOK, nil) }
