package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// dripCampaignsView is the list of definitions.
type dripCampaignsView struct {
	Sub   []tab
	Items []dripCampaignItem
}

// dripCampaignItem is one definition of the list.
type dripCampaignItem struct {
	domain.DripCampaign
	URL, Trigger string
}

func (p *Pages) dripCampaigns(c *gin.Context) {
	list, err := p.st.ListDripCampaigns(c)
	if err != nil {
		p.failed(c, err)
		return
	}
	v := dripCampaignsView{Sub: workspaceTabs(user(c), "drips")}
	for _, d := range list {
		v.Items = append(v.Items, dripCampaignItem{DripCampaign: d, URL: "/contacts/drip-campaigns/" + d.ID, Trigger: triggerText(d.Trigger)})
	}
	p.render(c, http.StatusOK, "drip_campaigns", "contacts", "Drip campaigns", v)
}

// triggerText sums up trigger criteria ("" for a campaign started by hand only).
func triggerText(t *domain.DripTrigger) string {
	if t == nil {
		return ""
	}
	var parts []string
	for _, c := range [][2]string{{"Partner type", t.PartnerType}, {"Tag", t.Tag}, {"Status", t.Status}} {
		if c[1] != "" {
			parts = append(parts, c[0]+" = "+c[1])
		}
	}
	return strings.Join(parts, ", ")
}

// dripCampaignView is the form of one definition, new or existing.
type dripCampaignView struct {
	Sub    []tab
	ID     string
	Title  string
	Action string
	Form   dialogForm
	Steps  []int
}

// dripCampaignFields are the definition's own fields, named as the
// domain's validation names them so that each error lands beside its field.
var dripCampaignFields = []string{"name", "description", "active", "trigger.partner_type", "trigger.tag", "trigger.status",
	"sender.from_name", "sender.from_address", "sender.reply_to"}

// dripStepFields are each step's fields ("steps[i]." + field).
var dripStepFields = []string{"name", "action", "offset_days", "offset_hours", "subject", "body", "due_in_days"}

// ActionOptions are a step's action choices.
func (dripCampaignView) ActionOptions() [][2]string {
	return [][2]string{{"email", "Email"}, {"task", "Task"}, {"sms", "SMS"}}
}

// ActiveOptions are the Active field's choices.
func (dripCampaignView) ActiveOptions() [][2]string {
	return [][2]string{{"yes", "Active"}, {"no", "Inactive"}}
}

// StepNumber is step i as people count (from 1).
func (dripCampaignView) StepNumber(i int) int { return i + 1 }

// StepField names field of step i.
func (dripCampaignView) StepField(i int, field string) string {
	return fmt.Sprintf("steps[%d].%s", i, field)
}

func (p *Pages) newDripCampaign(c *gin.Context) {
	f := newDialog(false, map[string]string{"active": "yes", "steps[0].action": "email"})
	p.showDripCampaign(c, http.StatusOK, "", f, 1)
}

func (p *Pages) dripCampaign(c *gin.Context) {
	id, ok := p.pathUUID(c, "did")
	if !ok {
		return
	}
	d, err := p.st.GetDripCampaign(c, id)
	if err != nil {
		p.failed(c, err)
		return
	}
	active := "yes"
	if !d.Active {
		active = "no"
	}
	f := newDialog(false, map[string]string{"name": d.Name, "description": d.Description, "active": active,
		"sender.from_name": d.Sender.FromName, "sender.from_address": d.Sender.FromAddress, "sender.reply_to": d.Sender.ReplyTo})
	if t := d.Trigger; t != nil {
		f.Values["trigger.partner_type"], f.Values["trigger.tag"], f.Values["trigger.status"] = t.PartnerType, t.Tag, t.Status
	}
	for i, s := range d.Steps {
		for k, v := range map[string]string{"name": s.Name, "action": string(s.Action), "offset_days": strconv.Itoa(s.OffsetDays),
			"offset_hours": strconv.Itoa(s.OffsetHours), "subject": s.Subject, "body": s.Body, "due_in_days": strconv.Itoa(s.DueInDays)} {
			f.Values[fmt.Sprintf("steps[%d].%s", i, k)] = v
		}
	}
	p.showDripCampaign(c, http.StatusOK, id, f, len(d.Steps))
}

func (p *Pages) showDripCampaign(c *gin.Context, status int, id string, f dialogForm, steps int) {
	v := dripCampaignView{Sub: workspaceTabs(user(c), "drips"), ID: id, Title: "New drip campaign", Action: "/contacts/drip-campaigns", Form: f}
	if id != "" {
		v.Title, v.Action = f.Values["name"], "/contacts/drip-campaigns/"+id
	}
	for i := range steps {
		v.Steps = append(v.Steps, i)
	}
	p.render(c, status, "drip_campaign", "contacts", v.Title, v)
}

// postedDripCampaign reads the form: the definition's fields and its steps
// in order, those marked for removal left out (the rest numbered again, so
// errors sit beside the steps shown). Numbers that are not whole numbers
// are refused on their field.
func postedDripCampaign(c *gin.Context) (dialogForm, domain.DripCampaignInput, int) {
	f := postedDialog(c, dripCampaignFields...)
	in := domain.DripCampaignInput{Name: f.Values["name"], Description: f.Values["description"],
		Trigger: &domain.DripTrigger{PartnerType: f.Values["trigger.partner_type"], Tag: f.Values["trigger.tag"], Status: f.Values["trigger.status"]},
		Sender:  domain.Sender{FromName: f.Values["sender.from_name"], FromAddress: f.Values["sender.from_address"], ReplyTo: f.Values["sender.reply_to"]}}
	active := f.Values["active"] != "no"
	in.Active = &active
	count, _ := domain.ParseInt(c.PostForm("step_count"), 0, domain.MaxDripSteps)
	for i := range int(count) {
		if c.PostForm(fmt.Sprintf("steps[%d].remove", i)) != "" {
			continue
		}
		n := len(in.Steps)
		num := func(field string) int {
			key := fmt.Sprintf("steps[%d].%s", n, field)
			raw := f.Values[key]
			if raw == "" {
				return 0
			}
			v, ok := domain.ParseInt(raw, -1<<31, 1<<31-1) // the range is the domain's to check
			if !ok {
				f.Errors[key] = "Enter a whole number."
			}
			return int(v)
		}
		for _, k := range dripStepFields {
			f.Values[fmt.Sprintf("steps[%d].%s", n, k)] = strings.TrimSpace(c.PostForm(fmt.Sprintf("steps[%d].%s", i, k)))
		}
		in.Steps = append(in.Steps, domain.DripStep{Name: f.Values[fmt.Sprintf("steps[%d].name", n)],
			Action:  domain.DripActionKind(f.Values[fmt.Sprintf("steps[%d].action", n)]),
			Subject: f.Values[fmt.Sprintf("steps[%d].subject", n)], Body: f.Values[fmt.Sprintf("steps[%d].body", n)],
			OffsetDays: num("offset_days"), OffsetHours: num("offset_hours"), DueInDays: num("due_in_days")})
	}
	return f, in, len(in.Steps)
}

// saveDripCampaign saves the form (new or existing), or with "add_step"
// shows it again with one more blank step.
func (p *Pages) saveDripCampaign(c *gin.Context) {
	id := c.Param("did")
	if id != "" && !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	f, in, steps := postedDripCampaign(c)
	if c.PostForm("add_step") != "" && steps < domain.MaxDripSteps {
		f.Values[fmt.Sprintf("steps[%d].action", steps)] = string(domain.DripEmail)
		p.showDripCampaign(c, http.StatusOK, id, f, steps+1)
		return
	}
	if len(f.Errors) > 0 {
		p.showDripCampaign(c, http.StatusUnprocessableEntity, id, f, steps)
		return
	}
	var d domain.DripCampaign
	var err error
	if id == "" {
		d, err = p.app.CreateDripCampaign(c, user(c), in)
	} else {
		d, err = p.app.ChangeDripCampaign(c, user(c), id, in)
	}
	if err != nil {
		if f.refuse(err) {
			p.showDripCampaign(c, http.StatusUnprocessableEntity, id, f, steps)
		} else {
			p.failed(c, err)
		}
		return
	}
	p.setFlash(c, "success", "Drip campaign “"+d.Name+"” saved.")
	c.Redirect(http.StatusSeeOther, "/contacts/drip-campaigns/"+url.PathEscape(d.ID))
}

// deleteDripCampaign deletes a definition; one that still runs for some
// contact is refused with the reason.
func (p *Pages) deleteDripCampaign(c *gin.Context) {
	id, ok := p.pathUUID(c, "did")
	if !ok {
		return
	}
	p.act(c, "/contacts/drip-campaigns", func() (string, error) {
		d, err := p.st.GetDripCampaign(c, id)
		if err != nil {
			return "", err
		}
		return "Drip campaign “" + d.Name + "” deleted.", p.app.DeleteDripCampaign(c, user(c), id)
	})
}
