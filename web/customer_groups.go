package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// customerGroupsView is the groups list with its Add and Edit dialogs.
type customerGroupsView struct {
	Sub    []tab
	Groups []domain.CustomerGroup
	Add    dialogForm
	// Edit is the Edit dialog of the group EditID ("" when closed).
	Edit   dialogForm
	EditID string
}

func (p *Pages) customerGroups(c *gin.Context) {
	v := customerGroupsView{Add: newDialog(c.Query("add") != "", nil)}
	if id := c.Query("edit"); domain.IsUUID(id) {
		g, err := p.st.GetCustomerGroup(c, id)
		if err != nil {
			p.failed(c, err)
			return
		}
		v.EditID, v.Edit = id, newDialog(true, map[string]string{"name": g.Name, "description": g.Description})
	}
	p.showCustomerGroups(c, http.StatusOK, v)
}

func (p *Pages) showCustomerGroups(c *gin.Context, status int, v customerGroupsView) {
	groups, err := p.st.ListCustomerGroups(c)
	if err != nil {
		p.failed(c, err)
		return
	}
	v.Sub, v.Groups = workspaceTabs(user(c), "groups"), groups
	p.render(c, status, "customer_groups", "contacts", "Customer groups", v)
}

func groupInput(f dialogForm) domain.CustomerGroupInput {
	return domain.CustomerGroupInput{Name: f.Values["name"], Description: f.Values["description"]}
}

// createCustomerGroup adds a group from the Add dialog.
func (p *Pages) createCustomerGroup(c *gin.Context) {
	f := postedDialog(c, "name", "description")
	g, err := p.app.CreateCustomerGroup(c, user(c), groupInput(f))
	if err != nil {
		if f.refuse(err) {
			p.showCustomerGroups(c, http.StatusUnprocessableEntity, customerGroupsView{Add: f})
		} else {
			p.failed(c, err)
		}
		return
	}
	p.setFlash(c, "success", "Customer group “"+g.Name+"” added.")
	c.Redirect(http.StatusSeeOther, "/contacts/customer-groups")
}

// changeCustomerGroup saves the Edit dialog.
func (p *Pages) changeCustomerGroup(c *gin.Context) {
	id, ok := p.pathUUID(c, "gid")
	if !ok {
		return
	}
	f := postedDialog(c, "name", "description")
	g, err := p.app.ChangeCustomerGroup(c, user(c), id, groupInput(f))
	if err != nil {
		if f.refuse(err) {
			p.showCustomerGroups(c, http.StatusUnprocessableEntity, customerGroupsView{Edit: f, EditID: id})
		} else {
			p.failed(c, err)
		}
		return
	}
	p.setFlash(c, "success", "Customer group “"+g.Name+"” saved.")
	c.Redirect(http.StatusSeeOther, "/contacts/customer-groups")
}

// deleteCustomerGroup deletes a group; one a campaign targets is refused
// with the campaigns' names.
func (p *Pages) deleteCustomerGroup(c *gin.Context) {
	id, ok := p.pathUUID(c, "gid")
	if !ok {
		return
	}
	p.act(c, "/contacts/customer-groups", func() (string, error) {
		g, err := p.st.GetCustomerGroup(c, id)
		if err != nil {
			return "", err
		}
		return "Customer group “" + g.Name + "” deleted.", p.app.DeleteCustomerGroup(c, user(c), id)
	})
}
