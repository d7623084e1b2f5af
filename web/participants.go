package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// contactChoices is how many contacts the Add Participants search shows.
const contactChoices = 25

// participantsView is the Participants tab: the list, its batch status
// update, and the dialog the request opens (add, edit, remove, remove all).
type participantsView struct {
	Header campaignHeader
	Table  *table
	Rows   []participantRow
	// BatchStatuses are the statuses some participant of the page may move
	// to, the choices of the batch update; BatchWhy says why there is none.
	BatchStatuses []string
	BatchWhy      string
	// CanChange is false when no participant may be removed (why: ChangeWhy).
	CanChange bool
	ChangeWhy string
	Total     int
	Add       *addForm
	Edit      *editForm
	Remove    *participantRow
	RemoveAll bool
	Batch     *batchProgress
}

// participantRow is one participant as the list shows it.
type participantRow struct {
	domain.Participant
	Name, Owner, Since string
	app.ParticipantChoices
}

// addForm is the Add Participants dialog: a contact search with its
// results, and the predefined filters with the campaign's allocation.
type addForm struct {
	Search   string
	Contacts []domain.Contact
	Chosen   map[string]bool
	Filters  []domain.PredefinedFilter
	FilterID string
	// Model and Role are the campaign's allocation rules and role.
	Model, Role string
	Errors      map[string]string
	Error       string
}

// editForm is the Edit dialog of one participant: its status (only the
// allowed next ones are offered) and its owner.
type editForm struct {
	Row    participantRow
	Owners [][2]string
	Errors map[string]string
}

// participants is the Participants tab.
func (p *Pages) participants(c *gin.Context) {
	p.showParticipants(c, http.StatusOK, nil, nil)
}

// showParticipants renders the tab; add or edit, when given, is the dialog
// to show again with its errors.
func (p *Pages) showParticipants(c *gin.Context, status int, add *addForm, edit *editForm) {
	camp := openedCampaign(c)
	q := c.Request.URL.Query()
	for _, k := range []string{"add", "cq", "edit", "remove", "remove_all", "batch"} {
		q.Del(k)
	}
	pg, err := p.participantPage(c, camp.ID, q)
	if err != nil {
		p.failed(c, err)
		return
	}
	ps := pg.Items
	t := &table{Action: "/campaigns/" + camp.ID + "/participants", Params: q, Noun: "participants", NextCursor: pg.NextCursor}
	var statuses [][2]string
	for _, s := range camp.Workflow.Statuses {
		statuses = append(statuses, [2]string{s.Name, s.Name})
	}
	t.addChips("Status", "status", false, statuses...)
	v := participantsView{Header: headerOf(camp, "participants"), Table: t, CanChange: true}
	if err := domain.CanChangeParticipants(camp.Stage); err != nil {
		v.CanChange, v.ChangeWhy = false, err.Error()
	}
	if v.Rows, err = p.participantRows(c, camp, ps); err != nil {
		p.failed(c, err)
		return
	}
	if v.Total, err = p.st.CountParticipants(c, camp.ID); err != nil {
		p.failed(c, err)
		return
	}
	v.BatchStatuses, v.BatchWhy = batchChoices(camp.Workflow, v.Rows)
	if err := p.participantDialogs(c, camp, &v, add, edit); err != nil {
		p.failed(c, err)
		return
	}
	p.render(c, status, "participants", "campaigns", camp.Name+" · Participants", v)
}

// participantPage reads the page of participants the list's parameters
// ask for (status, cursor, limit), as the API lists them.
func (p *Pages) participantPage(c *gin.Context, campaignID string, q url.Values) (domain.Page[domain.Participant], error) {
	r, err := domain.ParsePage(q.Get("limit"), q.Get("cursor"))
	if err != nil {
		return domain.Page[domain.Participant]{}, err
	}
	return p.app.ListParticipants(c, campaignID, q.Get("status"), r)
}

// participantRows adds each participant's names and choices.
func (p *Pages) participantRows(c *gin.Context, camp domain.Campaign, ps []domain.Participant) ([]participantRow, error) {
	choices, err := p.app.Choices(c, camp, ps)
	if err != nil {
		return nil, err
	}
	owners := make([]string, 0, len(ps))
	for _, pt := range ps {
		if pt.OwnerID != "" {
			owners = append(owners, pt.OwnerID)
		}
	}
	names, err := p.st.UserNames(c, owners)
	if err != nil {
		return nil, err
	}
	rows := make([]participantRow, len(ps))
	for i, pt := range ps {
		rows[i] = participantRow{Participant: pt, Name: strings.TrimSpace(pt.FirstName + " " + pt.LastName),
			Owner: names[pt.OwnerID], Since: pt.StatusSince.Format("2 Jan 2006 15:04"), ParticipantChoices: choices[pt.ID]}
	}
	return rows, nil
}

// batchChoices are the statuses offered to a batch update: every status
// that some participant of the page may move to, in the definition's order
// (each item is still decided for its own participant when the batch runs),
// or why there is none.
func batchChoices(def domain.WorkflowDef, rows []participantRow) ([]string, string) {
	offered := map[string]bool{}
	why := ""
	for _, r := range rows {
		for _, n := range r.Next {
			offered[n] = true
		}
		if why == "" {
			why = r.Why
		}
	}
	var out []string
	for _, s := range def.Statuses {
		if offered[s.Name] {
			out = append(out, s.Name)
		}
	}
	if len(out) > 0 {
		return out, ""
	}
	if why == "" {
		why = "no participant on this page can change status"
	}
	return nil, capitalize(why) + "."
}

// participantDialogs fills the dialog the request asks for.
func (p *Pages) participantDialogs(c *gin.Context, camp domain.Campaign, v *participantsView, add *addForm, edit *editForm) error {
	var err error
	switch {
	case add != nil || c.Query("add") != "":
		if add == nil {
			add = &addForm{Search: c.Query("cq")}
		}
		v.Add, err = p.addDialog(c, camp, add)
	case edit != nil:
		v.Edit = edit
	case c.Query("edit") != "":
		v.Edit, err = p.editDialog(c, camp, c.Query("edit"))
	case c.Query("remove") != "":
		var rows []participantRow
		if rows, err = p.oneParticipant(c, camp, c.Query("remove")); err == nil {
			v.Remove = &rows[0]
		}
	case c.Query("remove_all") != "":
		v.RemoveAll = true
	case c.Query("batch") != "":
		v.Batch, err = p.batchProgressOf(c, c.Query("batch"), 0)
	}
	return err
}

// oneParticipant reads one participant of the campaign as a row.
func (p *Pages) oneParticipant(c *gin.Context, camp domain.Campaign, pid string) ([]participantRow, error) {
	if !domain.IsUUID(pid) {
		return nil, domain.ErrNotFound
	}
	pt, err := p.st.GetParticipant(c, camp.ID, pid)
	if err != nil {
		return nil, err
	}
	return p.participantRows(c, camp, []domain.Participant{pt})
}

// addDialog fills the Add Participants dialog: the contacts the search
// finds that are not participants yet, and the predefined filters.
func (p *Pages) addDialog(c *gin.Context, camp domain.Campaign, f *addForm) (*addForm, error) {
	var err error
	if f.Contacts, err = p.st.ContactsToAdd(c, camp.ID, f.Search, contactChoices); err != nil {
		return nil, err
	}
	if f.Filters, err = p.st.ListFilters(c); err != nil {
		return nil, err
	}
	f.Model, f.Role = camp.AllocationModel, camp.AllocationRole
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	return f, nil
}

// editDialog fills the Edit dialog of one participant.
func (p *Pages) editDialog(c *gin.Context, camp domain.Campaign, pid string) (*editForm, error) {
	rows, err := p.oneParticipant(c, camp, pid)
	if err != nil {
		return nil, err
	}
	users, err := p.st.CampaignUsers(c, 200)
	if err != nil {
		return nil, err
	}
	return &editForm{Row: rows[0], Owners: ownerOptions(users), Errors: map[string]string{}}, nil
}

// ownerOptions are the choices of an Owner field.
func ownerOptions(users []store.UserName) [][2]string {
	out := make([][2]string, 0, len(users))
	for _, u := range users {
		out = append(out, [2]string{u.ID, u.Name})
	}
	return out
}

// addParticipants adds the contacts chosen in the dialog, or those a
// predefined filter finds (app.AddParticipants). A refusal shows the
// dialog again with the reason beside its field.
func (p *Pages) addParticipants(c *gin.Context) {
	camp := openedCampaign(c)
	var in app.AddParticipantsInput
	f := &addForm{Search: c.PostForm("cq"), Chosen: map[string]bool{}}
	if c.PostForm("mode") == "filter" {
		in.FilterID = c.PostForm("filter_id")
		f.FilterID = in.FilterID
	} else {
		in.ContactIDs = c.PostFormArray("contact_id")
		for _, id := range in.ContactIDs {
			f.Chosen[id] = true
		}
	}
	added, err := p.app.AddParticipants(c, user(c), camp.ID, in)
	if err == nil {
		msg := plural(added.Added, "participant") + " added"
		if added.Skipped > 0 {
			msg += " (" + plural(added.Skipped, "contact") + " already in the campaign)"
		}
		p.back(c, "/campaigns/"+url.PathEscape(camp.ID)+"/participants", msg+".", nil)
		return
	}
	status, _, ok := refusal(err)
	if !ok {
		p.failed(c, err)
		return
	}
	f.Errors, f.Error = fieldErrors(err, "contact_ids", "filter_id", "manager_id", "allocation_model", "allocation_role")
	p.showParticipants(c, status, f, nil)
}

// FilterOptions are the Filter field's choices in the Add dialog.
func (v participantsView) FilterOptions() [][2]string {
	out := [][2]string{{"", "Choose a predefined filter"}}
	if v.Add != nil {
		for _, f := range v.Add.Filters {
			out = append(out, [2]string{f.ID, f.Name})
		}
	}
	return out
}

// NextOptions are the New status field's choices: only the statuses the
// participant may move to now.
func (r participantRow) NextOptions() [][2]string {
	out := make([][2]string, len(r.Next))
	for i, n := range r.Next {
		out[i] = [2]string{n, n}
	}
	return out
}
