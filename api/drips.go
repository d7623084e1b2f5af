package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// contactDripRoutes serve a contact's partner campaign list. Reading needs a
// signed-in user; starting and changing enrollments needs Marketing.
func (s *server) contactDripRoutes(g *gin.RouterGroup) {
	marketing := require(domain.PrivMarketing)
	g.GET("/:id/drips", s.listDrips)
	g.GET("/:id/drips/available", s.availableDrips)
	// Starts a drip campaign for a contact by hand: a start date in the past
	// begins at once, a future one leaves the enrollment scheduled.
	g.POST("/:id/drips", marketing, withBody(http.StatusCreated, idPath, s.app.StartDrip))
	g.DELETE("/:id/drips", marketing, s.deleteSelectedDrips)
	g.GET("/:id/drips/:campaignID", s.getDrip)
	g.GET("/:id/drips/:campaignID/steps", s.dripSteps)
	g.POST("/:id/drips/:campaignID/pause", marketing, s.dripChange(s.app.PauseDrip))
	g.POST("/:id/drips/:campaignID/run", marketing, s.dripChange(s.app.RunDrip))
	g.POST("/:id/drips/:campaignID/remove", marketing, s.dripChange(s.app.RemoveDrip))
	g.POST("/:id/drips/:campaignID/steps/:step/skip", marketing, s.dripStepChange(s.app.SkipStep))
	g.POST("/:id/drips/:campaignID/steps/:step/run-again", marketing, s.dripStepChange(s.app.RunStepAgain))
}

// dripListNote tells API users what pause and remove mean for triggers.
const dripListNote = "pause keeps an enrollment and stops its trigger from restarting it; remove resets it, and its trigger may start it again"

func (s *server) listDrips(c *gin.Context) {
	id, r, ok := idPage(c)
	if !ok {
		return
	}
	list, err := s.app.ContactDrips(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	pg, err := domain.PageAfter(list, r, func(e domain.DripEnrollment) string { return e.CampaignID })
	reply(c, http.StatusOK, enrollmentList{Page: pg, Note: dripListNote}, err)
}

func (s *server) availableDrips(c *gin.Context) {
	id, r, ok := idPage(c)
	if !ok {
		return
	}
	list, err := s.app.AvailableDrips(c, id)
	replyPage(c, r, list, err, dripCampaignKey)
}

// enrollmentPath reads the contact and drip campaign path parameters.
func enrollmentPath(c *gin.Context) (contactID, campaignID string, ok bool) {
	if contactID, ok = pathID(c, "id"); !ok {
		return
	}
	campaignID, ok = pathID(c, "campaignID")
	return
}

func (s *server) getDrip(c *gin.Context) {
	id, cid, ok := enrollmentPath(c)
	if !ok {
		return
	}
	e, err := s.store.GetDripEnrollment(c, cid, id)
	reply(c, http.StatusOK, e, err)
}

func (s *server) dripSteps(c *gin.Context) {
	id, cid, ok := enrollmentPath(c)
	if !ok {
		return
	}
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	steps, err := s.app.EnrollmentSteps(c, id, cid)
	if err != nil {
		fail(c, err)
		return
	}
	pg, err := domain.PageAfter(steps.Items, r, func(st domain.DripStepState) string { return strconv.Itoa(st.Step) })
	steps.Items, steps.NextCursor = pg.Items, pg.NextCursor
	reply(c, http.StatusOK, steps, err)
}

// dripChange answers pause, run and remove with the enrollment as it is then.
func (s *server) dripChange(op func(ctx context.Context, actor domain.User, contactID, campaignID string) (domain.DripEnrollment, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, cid, ok := enrollmentPath(c)
		if !ok {
			return
		}
		e, err := op(c, currentUser(c), id, cid)
		reply(c, http.StatusOK, e, err)
	}
}

// dripStepChange answers skip and run-again on a 1-based step number with
// the enrollment's steps as they are then.
func (s *server) dripStepChange(op func(ctx context.Context, actor domain.User, contactID, campaignID string, step int) (app.DripSteps, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, cid, ok := enrollmentPath(c)
		if !ok {
			return
		}
		step, ok := pathInt(c, "step", "step number", maxInt4)
		if !ok {
			return
		}
		steps, err := op(c, currentUser(c), id, cid, int(step))
		reply(c, http.StatusOK, steps, err)
	}
}

// deleteSelectedInput is the body of DELETE /contacts/{id}/drips: the drip
// campaign ids whose enrollments to stop.
type deleteSelectedInput struct {
	IDs []string `json:"ids"`
}

// deleteSelectedDrips stops several enrollments in one call.
func (s *server) deleteSelectedDrips(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in deleteSelectedInput
	if !bind(c, &in) {
		return
	}
	out, err := s.app.RemoveSelectedDrips(c, currentUser(c), id, in.IDs)
	reply(c, http.StatusOK, out, err)
}
