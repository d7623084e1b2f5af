package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// campaignPageSize is how many campaigns a page of the table shows.
const campaignPageSize = "25"

func (p *Pages) campaignRoutes(g *gin.RouterGroup) {
	g.GET("", p.campaigns)
	g.POST("", p.createCampaign)
	g.GET("/:id", p.campaign)
	p.campaignTabRoutes(g)
}

// campaignsView is the Campaigns workspace: the table and the Add dialog.
type campaignsView struct {
	Table *table
	Add   campaignForm
	// Managers are the choices of the Manager field.
	Managers []store.UserName
}

// campaignForm is the Add dialog's form: its values, its errors beside
// their fields, and whether it opens when the page loads.
type campaignForm struct {
	Open   bool
	Values map[string]string
	Errors map[string]string
	// Error is a problem with no field of its own.
	Error string
}

// campaigns is the Campaigns workspace: the list the JSON API serves
// (store.CampaignPage, with its visibility rule), as a data table.
func (p *Pages) campaigns(c *gin.Context) {
	form := campaignForm{Open: c.Query("add") != "", Values: map[string]string{"priority": "B", "security": "public"}}
	p.showCampaigns(c, http.StatusOK, form)
}

// showCampaigns renders the workspace with the Add dialog in the given state.
func (p *Pages) showCampaigns(c *gin.Context, status int, form campaignForm) {
	q := c.Request.URL.Query()
	q.Del("add")
	if q.Get("limit") == "" {
		q.Set("limit", campaignPageSize)
	}
	f, err := domain.CampaignListParams{Q: q.Get("q"), ManagerID: q.Get("manager_id"), Stage: q.Get("stage"),
		Priority: q.Get("priority"), Sort: q.Get("sort"), Cursor: q.Get("cursor"), Limit: q.Get("limit")}.Filter()
	if err != nil {
		p.failed(c, err)
		return
	}
	f.Viewer = user(c)
	list, err := p.st.CampaignPage(c, f)
	if err != nil {
		p.failed(c, err)
		return
	}
	managers, err := p.st.CampaignUsers(c, 100)
	if err != nil {
		p.failed(c, err)
		return
	}
	names, err := p.managerNames(c, list.Items)
	if err != nil {
		p.failed(c, err)
		return
	}
	if q.Get("limit") == campaignPageSize {
		q.Del("limit")
	}
	t := &table{Action: "/campaigns", Params: q, Noun: "campaigns", NextCursor: list.NextCursor}
	managerChips := [][2]string{{user(c).ID, "Me"}}
	for _, m := range managers {
		if m.ID != user(c).ID {
			managerChips = append(managerChips, [2]string{m.ID, m.Name})
		}
	}
	t.addChips("Manager", "manager_id", true, managerChips...)
	t.addChips("Stage", "stage", false, stageChoices...)
	t.addChips("Priority", "priority", false, [2]string{"A", "A"}, [2]string{"B", "B"}, [2]string{"C", "C"})
	t.addColumns(f.Sort.String(), [2]string{"Name", domain.SortName}, [2]string{"Stage", ""},
		[2]string{"Priority", domain.SortPriority}, [2]string{"Manager", ""},
		[2]string{"Start date", domain.SortStartDate}, [2]string{"Created", domain.SortCreatedAt})
	for _, camp := range list.Items {
		t.Rows = append(t.Rows, row{Cells: []cell{
			{Label: "Name", Text: camp.Name, URL: "/campaigns/" + camp.ID, Class: "name"},
			{Label: "Stage", Text: stageLabel(camp.Stage), Badge: "stage-" + string(camp.Stage)},
			{Label: "Priority", Text: string(camp.Priority)},
			{Label: "Manager", Text: names[camp.ManagerID]},
			{Label: "Start date", Text: showDate(camp.StartDate)},
			{Label: "Created", Text: camp.CreatedAt.Format("2 Jan 2006")},
		}})
	}
	p.render(c, status, "campaigns", "campaigns", "Campaigns", campaignsView{Table: t, Add: form, Managers: managers})
}

// stageChoices are the stages as the Stage filter offers them.
var stageChoices = [][2]string{
	{string(domain.StagePlanning), "Planning"}, {string(domain.StageInProgress), "In Progress"},
	{string(domain.StageCompleted), "Completed"}, {string(domain.StageCancelled), "Cancelled"},
}

// stageLabel is a stage as people read it.
func stageLabel(s domain.Stage) string {
	for _, ch := range stageChoices {
		if ch[0] == string(s) {
			return ch[1]
		}
	}
	return string(s)
}

// managerNames maps the campaigns' manager ids to names.
func (p *Pages) managerNames(c *gin.Context, camps []domain.Campaign) (map[string]string, error) {
	ids := make([]string, 0, len(camps))
	for _, camp := range camps {
		if camp.ManagerID != "" {
			ids = append(ids, camp.ManagerID)
		}
	}
	return p.st.UserNames(c, ids)
}

// createCampaign adds a campaign from the Add dialog, with the same input
// rules and store operation as POST /api/v1/campaigns. Refused input shows
// the dialog again, each error beside its field.
func (p *Pages) createCampaign(c *gin.Context) {
	form := campaignForm{Open: true, Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range []string{"name", "priority", "manager_id", "start_date", "end_date", "security", "description"} {
		form.Values[k] = strings.TrimSpace(c.PostForm(k))
	}
	in := domain.CampaignInput{Name: form.Values["name"], Priority: domain.Priority(form.Values["priority"]),
		ManagerID: form.Values["manager_id"], Security: form.Values["security"], Description: form.Values["description"]}
	in.StartDate = formDate(form, "start_date")
	in.EndDate = formDate(form, "end_date")
	in.Normalize()
	err := in.Validate()
	if err == nil && len(form.Errors) == 0 {
		var id string
		if id, err = p.st.CreateCampaignWithDefaults(c, user(c).ID, in); err == nil {
			p.setFlash(c, "success", "Campaign “"+in.Name+"” added.")
			c.Redirect(http.StatusSeeOther, "/campaigns/"+url.PathEscape(id))
			return
		}
	}
	var ve *domain.ValidationError
	if err != nil && !errors.As(err, &ve) {
		p.failed(c, err)
		return
	}
	if ve != nil {
		for _, fe := range ve.Fields {
			if _, ok := form.Values[fe.Field]; ok && form.Errors[fe.Field] == "" {
				form.Errors[fe.Field] = capitalize(fe.Message) + "."
			} else if !ok {
				form.Error = fe.Field + " " + fe.Message + "."
			}
		}
	}
	p.showCampaigns(c, http.StatusUnprocessableEntity, form)
}

// formDate reads a date field (YYYY-MM-DD, as a date input sends it).
func formDate(form campaignForm, field string) *time.Time {
	v := form.Values[field]
	if v == "" {
		return nil
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		form.Errors[field] = "Enter a date like 2027-03-31."
		return nil
	}
	return &d
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// PriorityOptions are the Priority field's choices.
func (campaignsView) PriorityOptions() [][2]string {
	return [][2]string{{"A", "A"}, {"B", "B"}, {"C", "C"}}
}

// SecurityOptions are the Security field's choices.
func (campaignsView) SecurityOptions() [][2]string {
	return [][2]string{{"public", "Public"}, {"private", "Private"}}
}

// ManagerOptions are the Manager field's choices, "none" first.
func (v campaignsView) ManagerOptions() [][2]string {
	out := [][2]string{{"", "No manager yet"}}
	for _, m := range v.Managers {
		out = append(out, [2]string{m.ID, m.Name})
	}
	return out
}
