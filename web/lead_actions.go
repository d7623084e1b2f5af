package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// convertForm is the Convert Lead dialog: an optional opportunity (parent
// or product, its template and description).
type convertForm struct {
	dialogForm
	// B2B converts to a company as well; NewCompany says the lead's company
	// is created with the lead's details (a non-editable checkbox).
	B2B, NewCompany bool
}

func newConvertForm() convertForm {
	f := convertForm{dialogForm: newDialog(false, nil)}
	for _, k := range []string{"opportunity", "opportunity.kind", "opportunity.template", "opportunity.description"} {
		f.Values[k] = ""
	}
	f.Values["opportunity.kind"] = domain.OpportunityParent
	return f
}

// opportunityTemplates are suggestions for the opportunity's template.
var opportunityTemplates = []string{"Mortgage", "Retirement Plan", "Insurance", "Investment Account"}

// Templates are the template field's suggestions.
func (convertForm) Templates() []string { return opportunityTemplates }

// convertLead converts the lead (app.ConvertLead, as POST
// /api/v1/leads/{id}/convert), with an opportunity when the box is ticked.
func (p *Pages) convertLead(c *gin.Context) {
	id, ok := p.leadPath(c)
	if !ok {
		return
	}
	f := newConvertForm()
	f.Open = true // a refused conversion shows its dialog again
	for k := range f.Values {
		f.Values[k] = strings.TrimSpace(c.PostForm(k))
	}
	var in domain.ConvertInput
	if f.Values["opportunity"] != "" {
		in.Opportunity = &domain.OpportunityInput{Kind: f.Values["opportunity.kind"], Template: f.Values["opportunity.template"],
			Description: f.Values["opportunity.description"]}
	}
	res, err := p.app.ConvertLead(c, user(c), id, in)
	done := "Lead converted: it is now a contact."
	if err == nil && res.OpportunityID != "" {
		done = "Lead converted: it is now a contact with an opportunity."
	}
	p.afterLeadAction(c, id, err, done, func(v *leadPage) bool {
		f.B2B, f.NewCompany = v.Convert.B2B, v.Convert.NewCompany
		v.Convert = f
		return v.Convert.refuse(err)
	})
}

// archiveLead archives the lead (app.ArchiveLead).
func (p *Pages) archiveLead(c *gin.Context) {
	id, ok := p.leadPath(c)
	if !ok {
		return
	}
	_, err := p.app.ArchiveLead(c, user(c), id)
	p.afterLeadAction(c, id, err, "Lead archived.", nil)
}

// deleteLead deletes the lead for good (app.DeleteLead) and goes back to
// the workspace.
func (p *Pages) deleteLead(c *gin.Context) {
	id, ok := p.leadPath(c)
	if !ok {
		return
	}
	if err := p.app.DeleteLead(c, user(c), id); err != nil {
		p.afterLeadAction(c, id, err, "", nil)
		return
	}
	p.setFlash(c, "success", "Lead deleted.")
	c.Redirect(http.StatusSeeOther, "/leads")
}

// assignLeadOwner gives the lead the chosen owner (app.AssignLeadOwner).
func (p *Pages) assignLeadOwner(c *gin.Context) {
	id, ok := p.leadPath(c)
	if !ok {
		return
	}
	in := app.OwnerInput{OwnerID: c.PostForm("owner_id")}
	_, err := p.app.AssignLeadOwner(c, user(c), id, in)
	p.afterLeadAction(c, id, err, "Owner assigned.", func(v *leadPage) bool {
		v.OwnerForm.Open, v.OwnerForm.Values["owner_id"] = true, in.OwnerID
		return v.OwnerForm.refuse(err)
	})
}
