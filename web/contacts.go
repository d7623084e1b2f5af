package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// contactPageSize is how many contacts a page of the list shows.
const contactPageSize = 25

// fieldSpec is one field of a form the page draws with the field component.
type fieldSpec struct {
	Label, Name, Type string
	Options           [][2]string
}

// contactFieldSpecs are the fields of the Add and Edit contact dialogs.
var contactFieldSpecs = []fieldSpec{
	{Label: "First name", Name: "first_name", Type: "text"}, {Label: "Last name", Name: "last_name", Type: "text"},
	{Label: "Email", Name: "email", Type: "email"}, {Label: "Phone", Name: "phone", Type: "tel"},
	{Label: "Status", Name: "status", Type: "text"}, {Label: "Partner type", Name: "partner_type", Type: "text"},
	{Label: "Tags (separated by commas)", Name: "tags", Type: "text"},
	{Label: "Consent to contact", Name: "consent_to_contact", Type: "select", Options: [][2]string{{"yes", "Yes"}, {"no", "No"}}},
}

// contactFields are the names of the contact dialogs' fields.
var contactFields = func() []string {
	var out []string
	for _, f := range contactFieldSpecs {
		out = append(out, f.Name)
	}
	return out
}()

// workspaceTabs are the Contacts & Partners workspace's own pages, those
// the user may open.
func workspaceTabs(u domain.User, active string) []tab {
	all := []struct{ key, label, path, privilege string }{
		{"contacts", "Contacts", "/contacts", ""},
		{"groups", "Customer groups", "/contacts/customer-groups", domain.PrivCampaigns},
		{"drips", "Drip campaigns", "/contacts/drip-campaigns", domain.PrivMarketing},
	}
	var out []tab
	for _, t := range all {
		if t.privilege == "" || u.Has(t.privilege) {
			out = append(out, tab{Label: t.label, URL: t.path, Active: t.key == active})
		}
	}
	return out
}

// contactsView is the contacts list and the Add dialog.
type contactsView struct {
	Sub   []tab
	Table *table
	Add   dialogForm
}

// contacts is the contacts list: a text search over names and emails, in
// name order, paged by keyset.
func (p *Pages) contacts(c *gin.Context) {
	p.showContacts(c, http.StatusOK, newDialog(c.Query("add") != "", map[string]string{"consent_to_contact": "yes"}))
}

func (p *Pages) showContacts(c *gin.Context, status int, add dialogForm) {
	q := c.Request.URL.Query()
	q.Del("add")
	f, err := domain.ParseContactFilter(q.Get("q"), q.Get("cursor"), contactPageSize)
	if err != nil {
		p.failed(c, err)
		return
	}
	list, err := p.st.ContactPage(c, f)
	if err != nil {
		p.failed(c, err)
		return
	}
	t := &table{Action: "/contacts", Params: q, Noun: "contacts", NextCursor: list.NextCursor}
	t.addColumns("", [2]string{"Name", ""}, [2]string{"Email", ""}, [2]string{"Phone", ""},
		[2]string{"Partner type", ""}, [2]string{"Status", ""}, [2]string{"Customer", ""})
	for _, ct := range list.Items {
		t.Rows = append(t.Rows, row{Cells: []cell{
			{Label: "Name", Text: contactName(ct.Contact), URL: "/contacts/" + ct.ID, Class: "name"},
			{Label: "Email", Text: ct.Email},
			{Label: "Phone", Text: ct.Phone},
			{Label: "Partner type", Text: ct.PartnerType},
			{Label: "Status", Text: ct.Status},
			{Label: "Customer", Text: ct.CustomerStatus},
		}})
	}
	p.render(c, status, "contacts", "contacts", "Contacts & Partners", contactsView{Sub: workspaceTabs(user(c), "contacts"), Table: t, Add: add})
}

// contactName is a contact's name as lists show it.
func contactName(ct domain.Contact) string {
	return strings.TrimSpace(ct.FirstName + " " + ct.LastName)
}

// contactInput reads the contact dialog's form into the operations' input:
// every field is set (the dialog shows them all); tags are separated by
// commas.
func contactInput(f dialogForm) domain.ContactInput {
	v := func(k string) *string { s := f.Values[k]; return &s }
	tags := []string{}
	for _, t := range strings.Split(f.Values["tags"], ",") {
		tags = append(tags, strings.TrimSpace(t))
	}
	consent := f.Values["consent_to_contact"] != "no"
	return domain.ContactInput{FirstName: v("first_name"), LastName: v("last_name"), Email: v("email"), Phone: v("phone"),
		Status: v("status"), PartnerType: v("partner_type"), Tags: &tags, ConsentToContact: &consent}
}

// createContact adds a contact from the Add dialog (the API's create, its
// drip triggers included) and opens its page.
func (p *Pages) createContact(c *gin.Context) {
	f := postedDialog(c, contactFields...)
	saved, err := p.app.CreateContact(c, user(c), contactInput(f))
	if err != nil {
		if f.refuse(err) {
			p.showContacts(c, http.StatusUnprocessableEntity, f)
		} else {
			p.failed(c, err)
		}
		return
	}
	p.setFlash(c, "success", p.savedText(c, "Contact “"+contactName(saved.Contact)+"” added.", saved.DripsStarted))
	c.Redirect(http.StatusSeeOther, "/contacts/"+url.PathEscape(saved.ID))
}

// savedText is a save's flash message, naming the drip campaigns its
// trigger criteria started.
func (p *Pages) savedText(c *gin.Context, text string, started []string) string {
	var names []string
	for _, id := range started {
		if d, err := p.st.GetDripCampaign(c, id); err == nil {
			names = append(names, "“"+d.Name+"”")
		}
	}
	if len(names) > 0 {
		text += " Started by trigger: " + strings.Join(names, ", ") + "."
	}
	return text
}

// contactTabs are a contact's page's tabs (key, label).
var contactTabs = [][2]string{{"details", "Details"}, {"campaigns", "Campaigns"}}

// contactView is a contact's page: Details (with the customer record) and
// Campaigns (the partner campaign list).
type contactView struct {
	Sub     []tab
	Contact domain.ContactProfile
	Name    string
	Tabs    []tab
	Tab     string
	Edit    dialogForm
	// Customer is shown to users with the campaigns privilege (as the API's
	// customer routes need).
	Customer *customerCard
	// Drips is the partner campaign list; Marketing shows its actions.
	Drips     []dripRow
	Marketing bool
	Start     dialogForm
	Available [][2]string
}

// contact is a contact's page; ?tab=campaigns opens its Campaigns sub-tab.
func (p *Pages) contact(c *gin.Context) {
	p.showContact(c, http.StatusOK, contactPageState{})
}

// contactPageState is what a refused form brings back to the contact page.
type contactPageState struct {
	tab      string
	edit     *dialogForm
	customer *dialogForm
	start    *dialogForm
}

func (p *Pages) showContact(c *gin.Context, status int, st contactPageState) {
	id := c.Param("id")
	if !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	ct, err := p.st.GetContactProfile(c, id)
	if err != nil {
		p.failed(c, err)
		return
	}
	u := user(c)
	v := contactView{Sub: workspaceTabs(u, "contacts"), Contact: ct, Name: contactName(ct.Contact), Tab: "details",
		Marketing: u.Has(domain.PrivMarketing)}
	if st.tab == "" {
		st.tab = c.Query("tab")
	}
	for _, t := range contactTabs {
		if st.tab == t[0] {
			v.Tab = t[0]
		}
	}
	for _, t := range contactTabs {
		v.Tabs = append(v.Tabs, tab{Label: t[1], URL: "/contacts/" + id + "?tab=" + t[0], Active: v.Tab == t[0]})
	}
	if v.Tab == "campaigns" {
		err = p.fillDrips(c, &v, st.start)
	} else {
		err = p.fillDetails(c, &v, st)
	}
	if err != nil {
		p.failed(c, err)
		return
	}
	p.render(c, status, "contact", "contacts", v.Name, v)
}

// fillDetails fills the Details tab: the contact's fields, the Edit dialog
// and, for users with the campaigns privilege, the customer card.
func (p *Pages) fillDetails(c *gin.Context, v *contactView, st contactPageState) error {
	ct := v.Contact
	if st.edit != nil {
		v.Edit = *st.edit
	} else {
		consent := "yes"
		if !ct.ConsentToContact {
			consent = "no"
		}
		v.Edit = newDialog(c.Query("edit") != "", map[string]string{"first_name": ct.FirstName, "last_name": ct.LastName,
			"email": ct.Email, "phone": ct.Phone, "status": ct.Status, "partner_type": ct.PartnerType,
			"tags": strings.Join(ct.Tags, ", "), "consent_to_contact": consent})
	}
	if !user(c).Has(domain.PrivCampaigns) {
		return nil
	}
	card, err := p.customerCard(c, ct.ID, st.customer)
	v.Customer = card
	return err
}

// Fields are the Details card's rows.
func (v contactView) Fields() [][2]string {
	ct := v.Contact
	consent := "Yes"
	if !ct.ConsentToContact {
		consent = "No"
	}
	return [][2]string{
		{"First name", ct.FirstName}, {"Last name", ct.LastName}, {"Email", ct.Email}, {"Phone", ct.Phone},
		{"Status", ct.Status}, {"Partner type", ct.PartnerType}, {"Tags", strings.Join(ct.Tags, ", ")},
		{"Consent to contact", consent}, {"Created", ct.CreatedAt.Format("2 Jan 2006")},
	}
}

// changeContact saves the Edit dialog through the API's change operation:
// a contact that comes to meet a drip campaign's trigger is enrolled.
func (p *Pages) changeContact(c *gin.Context) {
	id, ok := p.pathUUID(c, "id")
	if !ok {
		return
	}
	f := postedDialog(c, contactFields...)
	saved, err := p.app.ChangeContact(c, user(c), id, contactInput(f))
	if err != nil {
		if f.refuse(err) {
			p.showContact(c, http.StatusUnprocessableEntity, contactPageState{tab: "details", edit: &f})
		} else {
			p.failed(c, err)
		}
		return
	}
	p.setFlash(c, "success", p.savedText(c, "Contact saved.", saved.DripsStarted))
	c.Redirect(http.StatusSeeOther, "/contacts/"+url.PathEscape(saved.ID))
}

// ContactFields are the Edit dialog's fields.
func (contactView) ContactFields() []fieldSpec { return contactFieldSpecs }

// ContactFields are the Add dialog's fields.
func (contactsView) ContactFields() []fieldSpec { return contactFieldSpecs }
