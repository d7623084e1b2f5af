package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// participantsPath is the Participants tab of a campaign.
func participantsPath(campaignID string) string {
	return "/campaigns/" + url.PathEscape(campaignID) + "/participants"
}

// changeParticipant changes one participant's status or owner from the
// Edit dialog (app.ChangeParticipant, the PATCH of the API). A refused
// change shows the dialog again with the API's reason beside the field.
func (p *Pages) changeParticipant(c *gin.Context) {
	camp := openedCampaign(c)
	pid := c.Param("pid")
	var in domain.ParticipantChange
	field := "status"
	if c.PostForm("change") == "owner" {
		owner := c.PostForm("owner_id")
		in.OwnerID, field = &owner, "owner_id"
	} else {
		status := c.PostForm("status")
		in.Status = &status
	}
	if !domain.IsUUID(pid) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	changed, err := p.app.ChangeParticipant(c, user(c), camp.ID, pid, in)
	if err == nil {
		what := "now " + changed.Status
		if in.OwnerID != nil {
			what = "given a new owner"
		}
		p.back(c, participantsPath(camp.ID), participantName(changed)+" is "+what+".", nil)
		return
	}
	status, reason, ok := refusal(err)
	if !ok || status == http.StatusNotFound {
		p.refused(c, err)
		return
	}
	edit, derr := p.editDialog(c, camp, pid)
	if derr != nil {
		p.refused(c, derr)
		return
	}
	if fields, _ := fieldErrors(err, "status", "owner_id"); len(fields) > 0 {
		edit.Errors = fields
	} else {
		edit.Errors[field] = capitalize(reason)
	}
	p.showParticipants(c, status, nil, edit)
}

// participantName is a participant's contact name.
func participantName(pt domain.Participant) string {
	if n := strings.TrimSpace(pt.FirstName + " " + pt.LastName); n != "" {
		return n
	}
	return pt.Email
}

// removeParticipant removes one participant after the confirm dialog
// (app.RemoveParticipant).
func (p *Pages) removeParticipant(c *gin.Context) {
	camp := openedCampaign(c)
	pid := c.Param("pid")
	if !domain.IsUUID(pid) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	pt, err := p.st.GetParticipant(c, camp.ID, pid)
	if err != nil {
		p.refused(c, err)
		return
	}
	err = p.app.RemoveParticipant(c, user(c), camp.ID, pid)
	p.back(c, participantsPath(camp.ID), participantName(pt)+" removed from the campaign.", err)
}

// removeAllParticipants removes every participant after the confirm dialog
// (app.RemoveAllParticipants).
func (p *Pages) removeAllParticipants(c *gin.Context) {
	camp := openedCampaign(c)
	out, err := p.app.RemoveAllParticipants(c, user(c), camp.ID)
	p.back(c, participantsPath(camp.ID), plural(out.Removed, "participant")+" removed.", err)
}

// batchParticipantStatus starts a batch status update of the checked
// participants (app.BatchParticipantStatus) and shows its progress.
func (p *Pages) batchParticipantStatus(c *gin.Context) {
	camp := openedCampaign(c)
	in := app.StatusBatchInput{ParticipantIDs: c.PostFormArray("participant_id"), Status: c.PostForm("status")}
	b, err := p.app.BatchParticipantStatus(c, user(c), camp.ID, in)
	if err != nil {
		p.back(c, participantsPath(camp.ID), "", err)
		return
	}
	p.back(c, participantsPath(camp.ID)+"?batch="+url.QueryEscape(b.ID),
		fmt.Sprintf("Updating %s to %s.", plural(b.Total, "participant"), camp.Workflow.Canonical(in.Status)), nil)
}
