package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// audienceFields are the Audience form's fields, named as the API names
// them (so its field errors land beside them).
var audienceFields = []string{"type", "customer_group_id", "send_to", "customer_status",
	"lead_filters.market_segment", "lead_filters.sales_concept", "lead_filters.source_type"}

// leadFiltersField is where an error about the lead filters as a whole
// (set on an audience that is not of leads) is shown, beside them.
const leadFiltersField = "lead_filters"

// previewPageSize is how many matching contacts the preview lists a page.
const previewPageSize = 20

// audienceView is the Audience tab (seed 003): the current version's
// audience as a form, its eligibility with every reason, its schedule, and
// a preview of who it selects now with the count.
type audienceView struct {
	Audience app.AudienceView
	Form     formState
	// Groups are the customer groups the form offers (id, name).
	Groups [][2]string
	// Frozen says why the current version's audience cannot change ("" when it can).
	Frozen  string
	Preview app.AudiencePreview
	// NextURL pages the preview on ("" on its last page); Paged says the
	// preview is past its first page.
	NextURL string
	Paged   bool
}

// audience is a campaign's Audience tab.
func (p *Pages) audience(c *gin.Context) { p.showAudience(c, http.StatusOK, nil) }

// showAudience renders the Audience tab; form, when set, is the form shown
// again with its errors.
func (p *Pages) showAudience(c *gin.Context, status int, form *formState) {
	head, err := p.campaignHead(c, "audience")
	if err != nil {
		p.failed(c, err)
		return
	}
	id, u := head.Campaign.ID, user(c)
	var v audienceView
	if v.Audience, err = p.app.Audience(c, u, id); err != nil {
		p.failed(c, err)
		return
	}
	after := c.Query("after")
	if !domain.IsUUID(after) {
		after = ""
	}
	v.Paged = after != ""
	if v.Preview, err = p.app.PreviewAudience(c, u, id, previewPageSize, after); err != nil {
		p.failed(c, err)
		return
	}
	if v.Preview.NextCursor != "" {
		v.NextURL = "/campaigns/" + id + "/audience?after=" + url.QueryEscape(v.Preview.NextCursor)
	}
	groups, err := p.st.ListCustomerGroups(c)
	if err != nil {
		p.failed(c, err)
		return
	}
	v.Groups = [][2]string{{"", "Every customer"}}
	for _, g := range groups {
		v.Groups = append(v.Groups, [2]string{g.ID, g.Name})
	}
	if err := head.Campaign.VersionStatus.Editable(head.Campaign.Version); err != nil {
		v.Frozen, _ = refusalText(err)
	}
	a := v.Audience.Audience
	v.Form = newForm()
	v.Form.Values = map[string]string{"type": a.Type, "customer_group_id": a.CustomerGroupID, "send_to": a.SendTo,
		"customer_status": a.CustomerStatus, "lead_filters.market_segment": a.LeadFilters.MarketSegment,
		"lead_filters.sales_concept": a.LeadFilters.SalesConcept, "lead_filters.source_type": a.LeadFilters.SourceType,
		leadFiltersField: ""}
	if form != nil {
		v.Form = *form
	}
	p.renderCampaignTab(c, status, "audience", head, v)
}

// saveAudience replaces the current version's audience (app.SetAudience);
// refused input shows the form again, each error beside its field.
func (p *Pages) saveAudience(c *gin.Context) {
	id := c.Param("id")
	form := newForm()
	form.read(c, audienceFields...)
	form.Values[leadFiltersField] = ""
	v := form.Values
	in := domain.Audience{Type: v["type"], CustomerGroupID: v["customer_group_id"], SendTo: v["send_to"],
		CustomerStatus: v["customer_status"], LeadFilters: domain.LeadFilters{MarketSegment: v["lead_filters.market_segment"],
			SalesConcept: v["lead_filters.sales_concept"], SourceType: v["lead_filters.source_type"]}}
	edit, err := p.app.SetAudience(c, user(c), id, in)
	if form.fill(err) {
		p.showAudience(c, http.StatusUnprocessableEntity, &form)
		return
	}
	msg := "Audience saved: it applies from the next run."
	if edit.Warning != nil {
		msg += " " + capitalize(edit.Warning.Message) + "."
	}
	p.done(c, "/campaigns/"+id+"/audience", msg, err)
}

// runAudience runs the campaign's audience now (app.RunAudience); the run
// still checks eligibility.
func (p *Pages) runAudience(c *gin.Context) {
	id := c.Param("id")
	_, err := p.app.RunAudience(c, user(c), id)
	p.done(c, "/campaigns/"+id+"/audience", "The audience runs now: new matches join the campaign.", err)
}

// TypeOptions are the Audience Type field's choices.
func (audienceView) TypeOptions() [][2]string {
	return [][2]string{{domain.AudienceNone, "None (participants are added by hand)"},
		{domain.AudienceCustomers, "Customers"}, {domain.AudienceLeads, "Leads"}}
}

// SendToOptions are the Send To field's choices.
func (audienceView) SendToOptions() [][2]string { return [][2]string{{domain.SendToAll, "All"}} }

// StatusOptions are the Customer Status field's choices.
func (audienceView) StatusOptions() [][2]string {
	return [][2]string{{domain.CustomerAll, "All customers"}, {domain.CustomerActive, "Active customers"},
		{domain.CustomerInactive, "Inactive customers"}}
}
