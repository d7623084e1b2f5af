package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// campaignView is the read-only detail page of one campaign.
type campaignView struct {
	Campaign     domain.Campaign
	Stage        string
	Manager      string
	Participants int
	Tabs         []tab
	Tab          string
}

// tab is one tab of a detail page: a link that shows its panel.
type tab struct {
	Label, URL string
	Active     bool
}

// campaignTabs are the detail page's tabs (key, label).
var campaignTabs = [][2]string{{"summary", "Summary"}, {"workflow", "Workflow"}}

// campaign is a campaign's detail page. A private campaign the user may not
// see answers 404, as the JSON API does (the same store rule).
func (p *Pages) campaign(c *gin.Context) {
	id := c.Param("id")
	if !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	visible, _, err := p.st.CampaignAccess(c, id, user(c))
	if err == nil && !visible {
		err = domain.ErrNotFound
	}
	if err != nil {
		p.failed(c, err)
		return
	}
	camp, err := p.st.GetCampaign(c, id)
	if err != nil {
		p.failed(c, err)
		return
	}
	n, err := p.st.CountParticipants(c, id)
	if err != nil {
		p.failed(c, err)
		return
	}
	names, err := p.managerNames(c, []domain.Campaign{camp})
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		p.failed(c, err)
		return
	}
	v := campaignView{Campaign: camp, Stage: stageLabel(camp.Stage), Manager: names[camp.ManagerID], Participants: n, Tab: "summary"}
	for _, t := range campaignTabs {
		if c.Query("tab") == t[0] {
			v.Tab = t[0]
		}
	}
	for _, t := range campaignTabs {
		v.Tabs = append(v.Tabs, tab{Label: t[1], URL: "/campaigns/" + id + "?tab=" + t[0], Active: v.Tab == t[0]})
	}
	p.render(c, http.StatusOK, "campaign", "campaigns", camp.Name, v)
}

// Fields are the Details card's rows.
func (v campaignView) Fields() [][2]string {
	c := v.Campaign
	security := "Public"
	if c.Security == "private" {
		security = "Private"
	}
	return [][2]string{
		{"Stage", v.Stage}, {"Priority", string(c.Priority)}, {"Manager", v.Manager},
		{"Start date", showDate(c.StartDate)}, {"End date", showDate(c.EndDate)}, {"Security", security},
		{"Version", fmt.Sprintf("%d (%s)", c.Version, c.VersionStatus)}, {"Participants", fmt.Sprint(v.Participants)},
		{"Allocation rules", c.AllocationModel}, {"Role", c.AllocationRole},
		{"Created", c.CreatedAt.Format("2 Jan 2006 15:04")}, {"Updated", c.UpdatedAt.Format("2 Jan 2006 15:04")},
	}
}
