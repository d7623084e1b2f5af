package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/errcodec"
)

// ctxCampaign holds the campaign a tab's request opened (openCampaign).
const ctxCampaign = "web_campaign"

// openCampaign reads the campaign of the path for the request
// (app.Campaign): one the user may not see answers 404 as if it did not
// exist, and a change to a deleted campaign is refused (409).
func (p *Pages) openCampaign(c *gin.Context) {
	camp, err := p.app.OpenCampaign(c, user(c), c.Param("id"), !safeMethod(c.Request.Method))
	if err != nil {
		p.refused(c, err)
		c.Abort()
		return
	}
	c.Set(ctxCampaign, camp)
	c.Next()
}

// openedCampaign is the campaign openCampaign read.
func openedCampaign(c *gin.Context) domain.Campaign {
	v, _ := c.Get(ctxCampaign)
	camp, _ := v.(domain.Campaign)
	return camp
}

// campaignHeader is what the campaign header partial shows above each of a
// campaign's tabs: the name, the stage and the tabs.
type campaignHeader struct {
	Campaign domain.Campaign
	Stage    string
	Tabs     []tab
}

// campaignRecordTabs are the tabs of a campaign (key, label, path after
// /campaigns/{id}).
var campaignRecordTabs = [][3]string{
	{"summary", "Summary", ""}, {"participants", "Participants", "/participants"},
	{"opportunities", "Opportunities", "/opportunities"}, {"documents", "Documents", "/documents"},
}

// headerOf is the header of a campaign's page with the tab named active.
func headerOf(camp domain.Campaign, active string) campaignHeader {
	h := campaignHeader{Campaign: camp, Stage: stageLabel(camp.Stage)}
	for _, t := range campaignRecordTabs {
		h.Tabs = append(h.Tabs, tab{Label: t[1], URL: "/campaigns/" + camp.ID + t[2], Active: t[0] == active})
	}
	return h
}

// refusal is an operation's refusal as a person reads it: the HTTP status
// the API answers with and the API's own reason. ok is false for an error
// that is no refusal (a failure).
func refusal(err error) (status int, reason string, ok bool) {
	err = errcodec.Decode(err) // a refusal that crossed Temporal is a domain error again
	var te *domain.TransitionError
	var ce *domain.ConflictError
	var fe *domain.ForbiddenError
	var ve *domain.ValidationError
	switch {
	case errors.As(err, &te):
		return http.StatusConflict, te.Error(), true
	case errors.As(err, &ce):
		return http.StatusConflict, ce.Reason, true
	case errors.As(err, &fe):
		return http.StatusForbidden, fe.Reason, true
	case errors.As(err, &ve):
		return http.StatusUnprocessableEntity, ve.Error(), true
	case errors.Is(err, domain.ErrNotFound):
		return http.StatusNotFound, "This record does not exist, or you may not see it.", true
	}
	return http.StatusInternalServerError, "", false
}

// refused shows an operation's refusal as a page of its own (a failure as
// failed does).
func (p *Pages) refused(c *gin.Context, err error) {
	status, reason, ok := refusal(err)
	switch {
	case !ok:
		p.failed(c, err)
	case status == http.StatusNotFound:
		p.failed(c, domain.ErrNotFound)
	default:
		p.errorPage(c, status, "Refused", reason)
	}
}

// back sends the browser to path after a form, with the operation's outcome
// as a flash message: done on success, the refusal's reason otherwise. A
// failure that is no refusal is a page of its own.
func (p *Pages) back(c *gin.Context, path, done string, err error) {
	if err != nil {
		_, reason, ok := refusal(err)
		if !ok {
			p.failed(c, err)
			return
		}
		p.setFlash(c, "error", reason)
	} else if done != "" {
		p.setFlash(c, "success", done)
	}
	c.Redirect(http.StatusSeeOther, path)
}

// fieldErrors maps a validation error's fields to messages shown beside
// the form's fields; known are the form's field names (others go to the
// form's own error).
func fieldErrors(err error, known ...string) (map[string]string, string) {
	out := map[string]string{}
	var ve *domain.ValidationError
	if !errors.As(errcodec.Decode(err), &ve) {
		_, reason, _ := refusal(err)
		return out, reason
	}
	var rest string
	for _, fe := range ve.Fields {
		matched := false
		for _, k := range known {
			if fe.Field == k || len(fe.Field) > len(k) && fe.Field[:len(k)] == k && fe.Field[len(k)] == '[' {
				if out[k] == "" {
					out[k] = capitalize(fe.Message) + "."
				}
				matched = true
				break
			}
		}
		if !matched && rest == "" {
			rest = fe.Field + " " + fe.Message + "."
		}
	}
	return out, rest
}
