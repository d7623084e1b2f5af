package api_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// marketer is a user without the Marketing privilege: it may read drips but
// not start or change them.
func (h *harness) noMarketingToken() string {
	h.t.Helper()
	tok := "tok-" + randHex(8)
	require.NoError(h.t, h.st.AddToken(h.t.Context(), h.manager.ID, tok, "manager"))
	return tok
}

// createDrip creates a drip campaign through the API.
func (h *harness) createDrip(name string, steps []domain.DripStep, trigger *domain.DripTrigger) domain.DripCampaign {
	h.t.Helper()
	var d domain.DripCampaign
	resp := h.call("POST", "/api/v1/drip-campaigns", map[string]any{"name": name, "steps": steps, "trigger": trigger}, &d)
	require.Equal(h.t, http.StatusCreated, resp.StatusCode, "%+v", d)
	return d
}

// emailStep is a step that sends an email offsetDays after the previous one.
func emailStep(name string, offsetDays int) domain.DripStep {
	return domain.DripStep{Name: name, OffsetDays: offsetDays, Action: domain.DripEmail,
		Subject: name + " for {{nameFirst}}", Body: "Dear {{nameFirst}} {{nameLast}}, {{campaignName}}"}
}

// newContact creates a contact through the API.
func (h *harness) newContact(first string, fields map[string]any) contactAnswer {
	h.t.Helper()
	body := map[string]any{"first_name": first, "last_name": "Partner", "email": first + h.suffix, "phone": "+15550100"}
	for k, v := range fields {
		body[k] = v
	}
	var c contactAnswer
	resp := h.call("POST", "/api/v1/contacts", body, &c)
	require.Equal(h.t, http.StatusCreated, resp.StatusCode, "%+v", c)
	return c
}

type contactAnswer struct {
	domain.ContactProfile
	DripsStarted []string `json:"drips_started"`
}

type dripList struct {
	Items []domain.DripEnrollment `json:"items"`
	Note  string                  `json:"note"`
}

type stepsAnswer struct {
	Enrollment domain.DripEnrollment  `json:"enrollment"`
	Items      []domain.DripStepState `json:"items"`
}

type campaignsAnswer struct {
	Items []domain.DripCampaign `json:"items"`
}

func (h *harness) drips(contactID string) []domain.DripEnrollment {
	h.t.Helper()
	var l dripList
	resp := h.call("GET", "/api/v1/contacts/"+contactID+"/drips", nil, &l)
	require.Equal(h.t, http.StatusOK, resp.StatusCode)
	return l.Items
}

func (h *harness) steps(contactID, campaignID string) stepsAnswer {
	h.t.Helper()
	var s stepsAnswer
	resp := h.call("GET", "/api/v1/contacts/"+contactID+"/drips/"+campaignID+"/steps", nil, &s)
	require.Equal(h.t, http.StatusOK, resp.StatusCode, "%+v", s)
	return s
}

// waitSteps waits until the enrollment has done steps done steps.
func (h *harness) waitSteps(contactID, campaignID string, done int) stepsAnswer {
	h.t.Helper()
	var s stepsAnswer
	workertest.Eventually(h.t, 60*time.Second, func() (bool, string) {
		s = stepsAnswer{}
		resp := h.call("GET", "/api/v1/contacts/"+contactID+"/drips/"+campaignID+"/steps", nil, &s)
		if resp.StatusCode != http.StatusOK {
			return false, resp.Status
		}
		return s.Enrollment.StepsDone == done, fmt.Sprintf("%d of %d steps done", s.Enrollment.StepsDone, done)
	})
	return s
}

func (h *harness) waitStatus(contactID, campaignID string, want domain.DripStatus) {
	h.t.Helper()
	workertest.Eventually(h.t, 60*time.Second, func() (bool, string) {
		s := h.steps(contactID, campaignID)
		return s.Enrollment.Status == want, string(s.Enrollment.Status)
	})
}

// inboxFor lists the messages sent to one address.
func (h *harness) inboxFor(first string) []workertest.Message {
	h.t.Helper()
	return workertest.Inbox(h.t, first+h.suffix)
}

func (h *harness) startDrip(contactID, campaignID, startDate string) (*http.Response, domain.DripEnrollment, problemBody) {
	h.t.Helper()
	var raw map[string]any
	resp := h.call("POST", "/api/v1/contacts/"+contactID+"/drips", map[string]any{"campaign_id": campaignID, "start_date": startDate}, &raw)
	var e domain.DripEnrollment
	var p problemBody
	if resp.StatusCode == http.StatusCreated {
		h.call("GET", "/api/v1/contacts/"+contactID+"/drips/"+campaignID, nil, &e)
	} else {
		p.Detail, _ = raw["detail"].(string)
		p.Status = resp.StatusCode
	}
	return resp, e, p
}
