package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// campaignFields are the fields of the New and Edit Campaign dialogs, the
// seed's: name, dates, priority, security, manager, folder, allocation
// rules and role, description. Their names are the API's.
var campaignFields = []string{"name", "start_date", "end_date", "priority", "security", "manager_id",
	"folder_id", "allocation_model", "allocation_role", "description"}

// campaignForm is the New or Edit Campaign dialog: where it posts, its
// values and errors, and whether it opens when the page loads.
type campaignForm struct {
	formState
	Open bool
	// DialogID is the dialog's element id; Title its heading; Submit the
	// label of its button; Action where it posts; Back where to go after.
	DialogID, Title, Submit, Action, Back string
	Managers                              []store.UserName
	Folders                               []store.FolderName
}

// choicesLimit bounds the users and folders a form's drop-down offers.
const choicesLimit = 200

// newCampaignForm is the New Campaign dialog, empty but for the defaults.
func (p *Pages) newCampaignForm(c *gin.Context, back string) (campaignForm, error) {
	f := campaignForm{formState: newForm(), DialogID: "add-campaign", Title: "New Campaign", Submit: "Add campaign",
		Action: "/campaigns", Back: back}
	f.Values["priority"], f.Values["security"] = "B", "public"
	var err error
	if f.Managers, err = p.st.CampaignUsers(c, choicesLimit); err != nil {
		return f, err
	}
	f.Folders, err = p.st.FolderChoices(c, choicesLimit)
	return f, err
}

// editCampaignForm is the Edit Campaign dialog of campaign id, open, with
// its current values; a campaign the user may not see is not found.
func (p *Pages) editCampaignForm(c *gin.Context, id, back string) (*campaignForm, error) {
	if err := p.app.CampaignAccess(c, user(c), id, false); err != nil {
		return nil, err
	}
	camp, err := p.app.Campaign(c, user(c), id)
	if err != nil {
		return nil, err
	}
	f, err := p.newCampaignForm(c, back)
	f.DialogID, f.Title, f.Submit, f.Action, f.Open = "edit-campaign", "Edit Campaign", "Save", "/campaigns/"+id+"/edit", true
	f.Values = campaignValues(camp.Campaign)
	return &f, err
}

// campaignValues are a campaign's fields as the form shows them.
func campaignValues(c domain.Campaign) map[string]string {
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	return map[string]string{"name": c.Name, "start_date": day(c.StartDate), "end_date": day(c.EndDate),
		"priority": string(c.Priority), "security": c.Security, "manager_id": c.ManagerID, "folder_id": c.FolderID,
		"allocation_model": c.AllocationModel, "allocation_role": c.AllocationRole, "description": c.Description}
}

// input is the New Campaign input the form holds; it reports false when a
// date is not one (its error is then beside it).
func (f *campaignForm) input() (domain.CampaignInput, bool) {
	v := f.Values
	in := domain.CampaignInput{Name: v["name"], Priority: domain.Priority(v["priority"]), ManagerID: v["manager_id"],
		FolderID: v["folder_id"], AllocationModel: v["allocation_model"], AllocationRole: v["allocation_role"],
		Security: v["security"], Description: v["description"]}
	in.StartDate, in.EndDate = f.date("start_date"), f.date("end_date")
	return in, f.Errors["start_date"] == "" && f.Errors["end_date"] == ""
}

// date reads a date field (YYYY-MM-DD, as a date input sends it).
func (f *campaignForm) date(field string) *time.Time {
	if f.Values[field] == "" {
		return nil
	}
	d, err := time.Parse(time.DateOnly, f.Values[field])
	if err != nil {
		f.Errors[field] = "Enter a date like 2027-03-31."
		return nil
	}
	return &d
}

// patch is the Edit dialog as the partial update PATCH /campaigns/{id}
// takes: every field, an empty date clearing it.
func (f *campaignForm) patch() map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(campaignFields))
	for _, k := range campaignFields {
		v := f.Values[k]
		if v == "" && strings.HasSuffix(k, "_date") {
			out[k] = json.RawMessage("null")
			continue
		}
		out[k], _ = json.Marshal(v)
	}
	return out
}

// PriorityOptions are the Priority field's choices.
func (campaignForm) PriorityOptions() [][2]string {
	return [][2]string{{"A", "A"}, {"B", "B"}, {"C", "C"}}
}

// SecurityOptions are the Security field's choices.
func (campaignForm) SecurityOptions() [][2]string {
	return [][2]string{{"public", "Public"}, {"private", "Private"}}
}

// AllocationOptions are the Allocation Rules field's choices: none, or the
// preset assignment model.
func (campaignForm) AllocationOptions() [][2]string {
	return [][2]string{{"", "None (the manager owns new participants)"}, {domain.AllocationCampaignUser, domain.AllocationCampaignUser}}
}

// ManagerOptions are the Manager field's choices, "none" first.
func (f campaignForm) ManagerOptions() [][2]string {
	out := [][2]string{{"", "No manager yet"}}
	for _, m := range f.Managers {
		out = append(out, [2]string{m.ID, m.Name})
	}
	return out
}

// FolderOptions are the Folder field's choices, "none" first.
func (f campaignForm) FolderOptions() [][2]string {
	out := [][2]string{{"", "No folder"}}
	for _, d := range f.Folders {
		out = append(out, [2]string{d.ID, d.Name})
	}
	return out
}

// editCampaign saves the Edit dialog with the operation PATCH
// /api/v1/campaigns/{id} calls. Refused input shows the dialog again where
// it was opened (the list or the campaign), each error beside its field.
func (p *Pages) editCampaign(c *gin.Context) {
	id := c.Param("id")
	back := localPath(c.PostForm("back"))
	if back == "" {
		back = "/campaigns/" + id
	}
	form, err := p.editCampaignForm(c, id, back)
	if err != nil {
		p.failed(c, err)
		return
	}
	form.formState = newForm()
	form.read(c, campaignFields...)
	_, err = p.app.UpdateCampaign(c, user(c), id, form.patch())
	if err == nil {
		p.setFlash(c, "success", "Campaign “"+form.Values["name"]+"” saved.")
		c.Redirect(http.StatusSeeOther, back)
		return
	}
	if !form.fill(err) {
		p.done(c, back, "", err)
		return
	}
	if u, perr := url.Parse(back); perr == nil && u.Path == "/campaigns" {
		c.Request.URL.RawQuery = u.RawQuery // the list as it was
		add, err := p.newCampaignForm(c, "/campaigns")
		if err != nil {
			p.failed(c, err)
			return
		}
		p.showCampaigns(c, http.StatusUnprocessableEntity, campaignsView{Add: add, Edit: form})
		return
	}
	p.showSummary(c, http.StatusUnprocessableEntity, form)
}

// deleteForm is the Delete Campaign dialog.
type deleteForm struct {
	Open                         bool
	Name, Action, Back, DialogID string
}

// deleteCampaignForm is the Delete dialog of campaign id, open.
func (p *Pages) deleteCampaignForm(c *gin.Context, id, back string) (*deleteForm, error) {
	if err := p.app.CampaignAccess(c, user(c), id, false); err != nil {
		return nil, err
	}
	camp, err := p.app.Campaign(c, user(c), id)
	if err != nil {
		return nil, err
	}
	return &deleteForm{Open: true, Name: camp.Name, Action: "/campaigns/" + id + "/delete", Back: back,
		DialogID: "delete-campaign"}, nil
}

// deleteCampaign deletes a campaign with the operation DELETE
// /api/v1/campaigns/{id} calls; a refusal (in progress, still winding
// down) shows its reason where the dialog was opened.
func (p *Pages) deleteCampaign(c *gin.Context) {
	id := c.Param("id")
	back := localPath(c.PostForm("back"))
	if back == "" {
		back = "/campaigns/" + id
	}
	camp, err := p.app.Campaign(c, user(c), id)
	if err != nil {
		p.failed(c, err)
		return
	}
	if err := p.app.DeleteCampaign(c, user(c), id); err != nil {
		p.done(c, back, "", err)
		return
	}
	if u, err := url.Parse(back); err != nil || u.Path != "/campaigns" {
		back = "/campaigns"
	}
	p.done(c, back, "Campaign “"+camp.Name+"” deleted.", nil)
}
