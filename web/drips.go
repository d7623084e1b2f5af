package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// dripRow is one campaign of the partner campaign list.
type dripRow struct {
	domain.DripEnrollment
	URL           string
	Status        string
	Origin        string
	Start, Finish string
	// Live enrollments show in black, finished and removed ones greyed.
	Live bool
	// Pause, Run and Remove are the moves the domain's rules allow now.
	Pause, Run, Remove bool
}

// newDripRow is an enrollment as the list shows it.
func newDripRow(e domain.DripEnrollment) dripRow {
	origin := "Manual"
	if e.Origin == domain.DripTriggered {
		origin = "Triggered"
	}
	return dripRow{DripEnrollment: e, URL: "/contacts/" + e.ContactID + "/drips/" + e.CampaignID,
		Status: capitalize(string(e.Status)), Origin: origin, Live: e.Status.Live(),
		Start: showDate(&e.StartDate), Finish: showDate(e.FinishDate),
		Pause: e.Status.CanMove(domain.DripPaused) == nil, Run: e.Status.CanResume() == nil,
		Remove: e.Status.CanMove(domain.DripRemoved) == nil}
}

// fillDrips fills the Campaigns sub-tab: the partner campaign list and,
// for Marketing, the Start Campaign dialog with the available campaigns.
func (p *Pages) fillDrips(c *gin.Context, v *contactView, start *dialogForm) error {
	list, err := p.app.ContactDrips(c, v.Contact.ID)
	if err != nil {
		return err
	}
	for _, e := range list {
		v.Drips = append(v.Drips, newDripRow(e))
	}
	if !v.Marketing {
		return nil
	}
	avail, err := p.app.AvailableDrips(c, v.Contact.ID)
	if err != nil {
		return err
	}
	for _, d := range avail {
		v.Available = append(v.Available, [2]string{d.ID, d.Name})
	}
	if start != nil {
		v.Start = *start
	} else {
		v.Start = newDialog(c.Query("start") != "", map[string]string{"start_date": time.Now().UTC().Format(time.DateOnly)})
	}
	return nil
}

// campaignsTab is a contact's Campaigns sub-tab.
func campaignsTab(contactID string) string {
	return "/contacts/" + url.PathEscape(contactID) + "?tab=campaigns"
}

// startDrip starts the chosen campaign on the chosen date (Start Campaign):
// a past date begins at once, a future one leaves it scheduled.
func (p *Pages) startDrip(c *gin.Context) {
	id, ok := p.pathUUID(c, "id")
	if !ok {
		return
	}
	f := postedDialog(c, "campaign_id", "start_date")
	e, err := p.app.StartDrip(c, user(c), id, app.StartDripInput{CampaignID: f.Values["campaign_id"], StartDate: f.Values["start_date"]})
	if err != nil {
		if f.refuse(err) {
			p.showContact(c, http.StatusUnprocessableEntity, contactPageState{tab: "campaigns", start: &f})
		} else {
			p.failed(c, err)
		}
		return
	}
	what := "started"
	if e.Status == domain.DripScheduled {
		what = "scheduled to start on " + e.StartDate.Format("2 Jan 2006")
	}
	p.setFlash(c, "success", "Campaign “"+e.CampaignName+"” "+what+".")
	c.Redirect(http.StatusSeeOther, campaignsTab(id))
}

// dripChange is a Pause, Run or Remove button: the operation, then back to
// the page it was pressed on.
func (p *Pages) dripChange(done string, op func(ctx context.Context, actor domain.User, contactID, campaignID string) (domain.DripEnrollment, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := p.pathUUID(c, "id")
		if !ok {
			return
		}
		cid, ok := p.pathUUID(c, "cid")
		if !ok {
			return
		}
		p.act(c, campaignsTab(id), func() (string, error) {
			e, err := op(c, user(c), id, cid)
			return "Campaign “" + e.CampaignName + "” " + done + ".", err
		})
	}
}

// deleteSelectedDrips removes the campaigns checked in the list.
func (p *Pages) deleteSelectedDrips(c *gin.Context) {
	id, ok := p.pathUUID(c, "id")
	if !ok {
		return
	}
	p.act(c, campaignsTab(id), func() (string, error) {
		out, err := p.app.RemoveSelectedDrips(c, user(c), id, c.PostFormArray("ids"))
		return fmt.Sprintf("%d campaigns removed.", len(out.Removed)+len(out.AlreadyRemoved)), err
	})
}

// dripView is one campaign's steps for a contact.
type dripView struct {
	Sub       []tab
	Contact   domain.ContactProfile
	Name      string
	Drip      dripRow
	Steps     []stepRow
	Marketing bool
	Back      string
}

// stepRow is one step: done steps are checked and may run again, pending
// ones may be skipped (the domain's rules on the enrollment's state).
type stepRow struct {
	domain.DripStepState
	Done, Skipped   bool
	Skip, RunAgain  bool
	When            string
	Action, Outcome string
}

// drip is the steps page of a contact's campaign (the Name link of the list).
func (p *Pages) drip(c *gin.Context) {
	id, ok := p.pathUUID(c, "id")
	if !ok {
		return
	}
	cid, ok := p.pathUUID(c, "cid")
	if !ok {
		return
	}
	ct, err := p.st.GetContactProfile(c, id)
	if err != nil {
		p.failed(c, err)
		return
	}
	s, err := p.app.EnrollmentSteps(c, id, cid)
	if err != nil {
		p.failed(c, err)
		return
	}
	v := dripView{Sub: workspaceTabs(user(c), "contacts"), Contact: ct, Name: contactName(ct.Contact), Drip: newDripRow(s.Enrollment),
		Marketing: user(c).Has(domain.PrivMarketing), Back: c.Request.URL.Path}
	for _, st := range s.Items {
		r := stepRow{DripStepState: st, Done: st.Status == domain.StepDone, Skipped: st.Status == domain.StepSkipped,
			Skip: domain.CanSkipStep(s.Enrollment.Status, st.Status) == nil, RunAgain: domain.CanRunStepAgain(s.Enrollment.Status, st.Status) == nil,
			Action: capitalize(string(st.Action)), Outcome: st.Result}
		switch {
		case st.LastRunAt != nil:
			r.When = "Done " + st.LastRunAt.Format("2 Jan 2006 15:04")
		case st.DueAt != nil:
			r.When = "Due " + st.DueAt.Format("2 Jan 2006 15:04")
		}
		if st.Runs > 1 {
			r.Outcome = fmt.Sprintf("%d runs %s", st.Runs, st.Result)
		}
		v.Steps = append(v.Steps, r)
	}
	p.render(c, http.StatusOK, "drip", "contacts", s.Enrollment.CampaignName+" · "+v.Name, v)
}

// stepChange is a Skip or Run Again link of the steps page.
func (p *Pages) stepChange(done string, op func(ctx context.Context, actor domain.User, contactID, campaignID string, step int) (app.DripSteps, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := p.pathUUID(c, "id")
		if !ok {
			return
		}
		cid, ok := p.pathUUID(c, "cid")
		if !ok {
			return
		}
		n, ok := domain.ParseInt(c.Param("step"), 1, 1<<31-1)
		if !ok {
			p.failed(c, domain.ErrNotFound)
			return
		}
		p.act(c, "/contacts/"+url.PathEscape(id)+"/drips/"+url.PathEscape(cid), func() (string, error) {
			s, err := op(c, user(c), id, cid, int(n))
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("Step %d “%s” %s.", n, s.Items[n-1].Name, done), nil
		})
	}
}
