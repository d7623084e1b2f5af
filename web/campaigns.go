package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// campaignPageSize is how many campaigns a page of the table shows.
const campaignPageSize = "25"

// campaignsView is the Campaigns workspace: the table and its dialogs (Add,
// and Edit or Delete of one row when asked for).
type campaignsView struct {
	Table  *table
	Add    campaignForm
	Edit   *campaignForm
	Delete *deleteForm
}

// campaigns is the Campaigns workspace: the list the JSON API serves (the
// same operation, with its visibility rule), as a data table. ?add=1 opens
// the Add dialog, ?edit={id} and ?delete={id} a row's Edit or Delete dialog.
func (p *Pages) campaigns(c *gin.Context) {
	add, err := p.newCampaignForm(c, "/campaigns")
	if err != nil {
		p.failed(c, err)
		return
	}
	add.Open = c.Query("add") != ""
	v := campaignsView{Add: add}
	back := listURL(c)
	if id := c.Query("edit"); id != "" {
		if v.Edit, err = p.editCampaignForm(c, id, back); err != nil {
			p.failed(c, err)
			return
		}
	}
	if id := c.Query("delete"); id != "" {
		if v.Delete, err = p.deleteCampaignForm(c, id, back); err != nil {
			p.failed(c, err)
			return
		}
	}
	p.showCampaigns(c, http.StatusOK, v)
}

// listURL is the workspace's current address without its dialogs, where a
// row's Edit or Delete comes back to.
func listURL(c *gin.Context) string {
	q := c.Request.URL.Query()
	for _, k := range []string{"add", "edit", "delete"} {
		q.Del(k)
	}
	if len(q) == 0 {
		return "/campaigns"
	}
	return "/campaigns?" + q.Encode()
}

// showCampaigns renders the workspace with its dialogs in the given state.
func (p *Pages) showCampaigns(c *gin.Context, status int, v campaignsView) {
	q := c.Request.URL.Query()
	for _, k := range []string{"add", "edit", "delete"} {
		q.Del(k)
	}
	if q.Get("limit") == "" {
		q.Set("limit", campaignPageSize)
	}
	params := domain.CampaignListParams{Q: q.Get("q"), ManagerID: q.Get("manager_id"), Stage: q.Get("stage"),
		Priority: q.Get("priority"), Sort: q.Get("sort"), Cursor: q.Get("cursor"), Limit: q.Get("limit")}
	list, err := p.app.ListCampaigns(c, user(c), params)
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
	for _, m := range v.Add.Managers {
		if m.ID != user(c).ID {
			managerChips = append(managerChips, [2]string{m.ID, m.Name})
		}
	}
	t.addChips("Manager", "manager_id", true, managerChips...)
	t.addChips("Stage", "stage", false, stageChoices...)
	t.addChips("Priority", "priority", false, [2]string{"A", "A"}, [2]string{"B", "B"}, [2]string{"C", "C"})
	sort := domain.DefaultCampaignSort
	if s, ok := domain.ParseCampaignSort(q.Get("sort")); ok {
		sort = s.String()
	}
	t.addColumns(sort, [2]string{"Name", domain.SortName}, [2]string{"Stage", ""},
		[2]string{"Priority", domain.SortPriority}, [2]string{"Manager", ""},
		[2]string{"Start date", domain.SortStartDate}, [2]string{"Created", domain.SortCreatedAt}, [2]string{"Actions", ""})
	for _, camp := range list.Items {
		t.Rows = append(t.Rows, row{Cells: []cell{
			{Label: "Name", Text: camp.Name, URL: "/campaigns/" + camp.ID, Class: "name"},
			{Label: "Stage", Text: stageLabel(camp.Stage), Badge: "stage-" + string(camp.Stage)},
			{Label: "Priority", Text: string(camp.Priority)},
			{Label: "Manager", Text: names[camp.ManagerID]},
			{Label: "Start date", Text: showDate(camp.StartDate)},
			{Label: "Created", Text: camp.CreatedAt.Format("2 Jan 2006")},
			{Label: "Actions", Class: "row-actions", Links: []cellLink{
				{Label: "Edit", URL: t.keep("edit", camp.ID), Name: "edit"},
				{Label: "Delete", URL: t.keep("delete", camp.ID), Name: "delete"},
			}},
		}})
	}
	v.Table = t
	p.render(c, status, "campaigns", "campaigns", "Campaigns", v)
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

// createCampaign adds a campaign from the Add dialog with the operation
// POST /api/v1/campaigns calls. Refused input shows the dialog again, each
// error beside its field.
func (p *Pages) createCampaign(c *gin.Context) {
	form, err := p.newCampaignForm(c, "/campaigns")
	if err != nil {
		p.failed(c, err)
		return
	}
	form.Open = true
	form.read(c, campaignFields...)
	in, ok := form.input()
	if ok {
		camp, err := p.app.CreateCampaign(c, user(c), in)
		if err == nil {
			p.setFlash(c, "success", "Campaign “"+camp.Name+"” added.")
			c.Redirect(http.StatusSeeOther, "/campaigns/"+url.PathEscape(camp.ID))
			return
		}
		if !form.fill(err) {
			p.failed(c, err)
			return
		}
	}
	p.showCampaigns(c, http.StatusUnprocessableEntity, campaignsView{Add: form})
}
