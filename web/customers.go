package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// pathUUID reads an id path parameter; anything but a UUID answers the
// not-found page, as no record has such an id.
func (p *Pages) pathUUID(c *gin.Context, name string) (string, bool) {
	id := c.Param(name)
	if !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return "", false
	}
	return id, true
}

// customerCard is a contact's customer record (seed 003) as its card and
// form show it: the status and a checkbox per customer group.
type customerCard struct {
	Form   dialogForm
	Groups []groupChoice
}

// groupChoice is one customer group's checkbox.
type groupChoice struct {
	ID, Name string
	Checked  bool
}

// StatusOptions are the customer status field's choices.
func (customerCard) StatusOptions() [][2]string {
	return [][2]string{{"", "Not a customer"}, {domain.CustomerActive, "Active"}, {domain.CustomerInactive, "Inactive"}}
}

// customerCard reads the contact's customer record, or shows the refused
// form f again with what was chosen.
func (p *Pages) customerCard(c *gin.Context, contactID string, f *dialogForm) (*customerCard, error) {
	cu, err := p.st.GetCustomer(c, contactID)
	if err != nil {
		return nil, err
	}
	groups, err := p.st.ListCustomerGroups(c)
	if err != nil {
		return nil, err
	}
	card := &customerCard{Form: newDialog(false, map[string]string{"status": cu.Status})}
	checked := cu.GroupIDs
	if f != nil {
		card.Form = *f
		checked = c.PostFormArray("group_ids")
	}
	for _, g := range groups {
		card.Groups = append(card.Groups, groupChoice{ID: g.ID, Name: g.Name, Checked: slices.Contains(checked, g.ID)})
	}
	return card, nil
}

// changeCustomer saves the customer card: the status and the complete list
// of groups, through the API's operation.
func (p *Pages) changeCustomer(c *gin.Context) {
	id, ok := p.pathUUID(c, "id")
	if !ok {
		return
	}
	f := postedDialog(c, "status", "group_ids")
	status, groups := f.Values["status"], c.PostFormArray("group_ids")
	if _, err := p.app.ChangeCustomer(c, user(c), id, app.CustomerChange{Status: &status, GroupIDs: &groups}); err != nil {
		if f.refuse(err) {
			p.showContact(c, http.StatusUnprocessableEntity, contactPageState{tab: "details", customer: &f})
		} else {
			p.failed(c, err)
		}
		return
	}
	p.setFlash(c, "success", "Customer record saved.")
	c.Redirect(http.StatusSeeOther, "/contacts/"+url.PathEscape(id))
}
