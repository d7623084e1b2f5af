package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// opportunityPageSize is how many opportunities a page of the tab shows.
const opportunityPageSize = 50

// opportunitiesView is the Opportunities tab: the campaign's opportunities
// and, when asked, the Edit dialog of one.
type opportunitiesView struct {
	Header campaignHeader
	Table  *table
	Rows   []opportunityRow
	Edit   *opportunityForm
}

// opportunityRow is one opportunity as the list shows it; Locked is why it
// cannot be edited ("" when it can).
type opportunityRow struct {
	domain.Opportunity
	Contact, Revenue, Close, Locked, EditURL string
}

// opportunityForm is the Edit dialog: the opportunity, the values sent and
// each field's error. A locked opportunity gets no form, only the reason.
type opportunityForm struct {
	Row    opportunityRow
	Values map[string]string
	Errors map[string]string
	Error  string
}

// opportunityFields are the fields the Edit dialog changes.
var opportunityFields = []string{"description", "stage", "expected_revenue", "probability", "close_date"}

// opportunities is the Opportunities tab, newest first (the API's store read).
func (p *Pages) opportunities(c *gin.Context) {
	p.showOpportunities(c, http.StatusOK, nil)
}

func (p *Pages) showOpportunities(c *gin.Context, status int, form *opportunityForm) {
	camp := openedCampaign(c)
	q := c.Request.URL.Query()
	q.Del("edit")
	pg, err := p.st.ListCampaignOpportunities(c, camp.ID, domain.PageRequest{Limit: opportunityPageSize, Cursor: q.Get("cursor")})
	if err != nil {
		p.failed(c, err)
		return
	}
	os := pg.Items
	t := &table{Action: "/campaigns/" + camp.ID + "/opportunities", Params: q, Noun: "opportunities", NextCursor: pg.NextCursor}
	v := opportunitiesView{Header: headerOf(camp, "opportunities"), Table: t, Edit: form}
	for _, o := range os {
		v.Rows = append(v.Rows, opportunityRowOf(camp.ID, o))
	}
	if form == nil && c.Query("edit") != "" {
		o, err := p.campaignOpportunity(c, camp.ID, c.Query("edit"))
		if err != nil {
			p.refused(c, err)
			return
		}
		v.Edit = &opportunityForm{Row: opportunityRowOf(camp.ID, o), Values: opportunityValues(o), Errors: map[string]string{}}
	}
	p.render(c, status, "opportunities", "campaigns", camp.Name+" · Opportunities", v)
}

// opportunityRowOf is an opportunity as the list shows it.
func opportunityRowOf(campaignID string, o domain.Opportunity) opportunityRow {
	r := opportunityRow{Opportunity: o, Contact: strings.TrimSpace(o.FirstName + " " + o.LastName),
		Revenue: strconv.FormatFloat(o.ExpectedRevenue, 'f', 2, 64), Close: showDate(o.CloseDate)}
	if err := o.Editable(); err != nil {
		_, r.Locked, _ = refusal(err)
	} else {
		r.EditURL = "/campaigns/" + url.PathEscape(campaignID) + "/opportunities?edit=" + url.QueryEscape(o.ID)
	}
	return r
}

// opportunityValues are the Edit dialog's values of an opportunity.
func opportunityValues(o domain.Opportunity) map[string]string {
	closeDate := ""
	if o.CloseDate != nil {
		closeDate = o.CloseDate.Format(time.DateOnly)
	}
	return map[string]string{"description": o.Description, "stage": o.Stage,
		"expected_revenue": strconv.FormatFloat(o.ExpectedRevenue, 'f', -1, 64),
		"probability":      strconv.Itoa(o.Probability), "close_date": closeDate}
}

// campaignOpportunity reads an opportunity of the campaign; one of another
// campaign is not found here.
func (p *Pages) campaignOpportunity(c *gin.Context, campaignID, id string) (domain.Opportunity, error) {
	if !domain.IsUUID(id) {
		return domain.Opportunity{}, domain.ErrNotFound
	}
	o, err := p.st.GetOpportunity(c, id)
	if err == nil && o.CampaignID != campaignID {
		err = domain.ErrNotFound
	}
	return o, err
}

// editOpportunity saves the Edit dialog (app.EditOpportunity, the API's
// PATCH): refused values come back beside their fields; a locked
// opportunity refuses with the reason.
func (p *Pages) editOpportunity(c *gin.Context) {
	camp := openedCampaign(c)
	o, err := p.campaignOpportunity(c, camp.ID, c.Param("oid"))
	if err != nil {
		p.refused(c, err)
		return
	}
	form := &opportunityForm{Row: opportunityRowOf(camp.ID, o), Values: map[string]string{}}
	patch := map[string]json.RawMessage{}
	for _, k := range opportunityFields {
		form.Values[k] = strings.TrimSpace(c.PostForm(k))
		patch[k] = formJSON(k, form.Values[k])
	}
	back := "/campaigns/" + url.PathEscape(camp.ID) + "/opportunities"
	_, err = p.app.EditOpportunity(c, user(c), o.ID, patch)
	status, _, ok := refusal(err)
	if err == nil || !ok || status != http.StatusUnprocessableEntity {
		p.back(c, back, "Opportunity “"+o.Description+"” saved.", err)
		return
	}
	form.Errors, form.Error = fieldErrors(err, opportunityFields...)
	p.showOpportunities(c, status, form)
}

// formJSON is a form value as the JSON the API's PATCH takes: numbers as
// numbers when they read as one (else as text, which the opportunity's
// rules refuse with the field's message), an empty date as null.
func formJSON(field, value string) json.RawMessage {
	switch field {
	case "expected_revenue", "probability":
		if _, err := strconv.ParseFloat(value, 64); err == nil && json.Valid([]byte(value)) {
			return json.RawMessage(value)
		}
	case "close_date":
		if value == "" {
			return json.RawMessage("null")
		}
	}
	b, _ := json.Marshal(value)
	return b
}

// StageOptions are the Stage field's choices.
func (opportunitiesView) StageOptions() [][2]string {
	out := make([][2]string, len(domain.OpportunityStages))
	for i, s := range domain.OpportunityStages {
		out[i] = [2]string{s, s}
	}
	return out
}
