package harness

import (
	"fmt"
	"net/http"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// CreateDrip creates a drip campaign through the API.
func (h *Harness) CreateDrip(name string, steps []domain.DripStep, trigger *domain.DripTrigger) domain.DripCampaign {
	h.T.Helper()
	var d domain.DripCampaign
	resp := h.Call("POST", "/api/v1/drip-campaigns", map[string]any{"name": name, "steps": steps, "trigger": trigger}, &d)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%+v", d)
	return d
}

// EmailStep is a step that sends an email offsetDays after the previous one.
func EmailStep(name string, offsetDays int) domain.DripStep {
	return domain.DripStep{Name: name, OffsetDays: offsetDays, Action: domain.DripEmail,
		Subject: name + " for {{nameFirst}}", Body: "Dear {{nameFirst}} {{nameLast}}, {{campaignName}}"}
}

// NewContact creates a contact through the API.
func (h *Harness) NewContact(first string, fields map[string]any) ContactAnswer {
	h.T.Helper()
	body := map[string]any{"first_name": first, "last_name": "Partner", "email": first + h.Suffix, "phone": "+15550100"}
	for k, v := range fields {
		body[k] = v
	}
	var c ContactAnswer
	resp := h.Call("POST", "/api/v1/contacts", body, &c)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%+v", c)
	return c
}

// ContactAnswer is a contact as the API answers it, with the drips it started.
type ContactAnswer struct {
	domain.ContactProfile
	DripsStarted []string `json:"drips_started"`
}

// DripList is GET /contacts/{id}/drips.
type DripList struct {
	Items []domain.DripEnrollment `json:"items"`
	Note  string                  `json:"note"`
}

// StepsAnswer is GET /contacts/{id}/drips/{campaign}/steps.
type StepsAnswer struct {
	Enrollment domain.DripEnrollment  `json:"enrollment"`
	Items      []domain.DripStepState `json:"items"`
}

// Drips lists a contact's drip enrollments.
func (h *Harness) Drips(contactID string) []domain.DripEnrollment {
	h.T.Helper()
	var l DripList
	resp := h.Call("GET", "/api/v1/contacts/"+contactID+"/drips", nil, &l)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
	return l.Items
}

// Steps reads the steps of a contact's drip.
func (h *Harness) Steps(contactID, campaignID string) StepsAnswer {
	h.T.Helper()
	var s StepsAnswer
	resp := h.Call("GET", "/api/v1/contacts/"+contactID+"/drips/"+campaignID+"/steps", nil, &s)
	require.Equal(h.T, http.StatusOK, resp.StatusCode, "%+v", s)
	return s
}

// WaitSteps waits until the enrollment has done steps done steps.
func (h *Harness) WaitSteps(contactID, campaignID string, done int) StepsAnswer {
	h.T.Helper()
	var s StepsAnswer
	workertest.Eventually(h.T, 60*time.Second, func() (bool, string) {
		s = StepsAnswer{}
		resp := h.Call("GET", "/api/v1/contacts/"+contactID+"/drips/"+campaignID+"/steps", nil, &s)
		if resp.StatusCode != http.StatusOK {
			return false, resp.Status
		}
		return s.Enrollment.StepsDone == done, fmt.Sprintf("%d of %d steps done", s.Enrollment.StepsDone, done)
	})
	return s
}

// InboxFor lists the messages sent to one address.
func (h *Harness) InboxFor(first string) []workertest.Message {
	h.T.Helper()
	return workertest.Inbox(h.T, first+h.Suffix)
}

// StartDrip enrolls a contact in a drip campaign from startDate, answering the enrollment or the problem.
func (h *Harness) StartDrip(contactID, campaignID, startDate string) (*http.Response, domain.DripEnrollment, Problem) {
	h.T.Helper()
	var raw map[string]any
	resp := h.Call("POST", "/api/v1/contacts/"+contactID+"/drips", map[string]any{"campaign_id": campaignID, "start_date": startDate}, &raw)
	var e domain.DripEnrollment
	var p Problem
	if resp.StatusCode == http.StatusCreated {
		h.Call("GET", "/api/v1/contacts/"+contactID+"/drips/"+campaignID, nil, &e)
	} else {
		p.Detail, _ = raw["detail"].(string)
		p.Status = resp.StatusCode
	}
	return resp, e, p
}

// RunsOf returns how many runs of a workflow id Temporal's visibility lists
// and the run id of its current (latest) run.
func (h *Harness) RunsOf(workflowID string) (int, string) {
	h.T.Helper()
	d, err := h.Worker.Client.DescribeWorkflowExecution(h.T.Context(), workflowID, "")
	require.NoError(h.T, err)
	var n int
	workertest.Eventually(h.T, 10*time.Second, func() (bool, string) {
		resp, err := h.Worker.Client.ListWorkflow(h.T.Context(), &workflowservice.ListWorkflowExecutionsRequest{
			Query: fmt.Sprintf("WorkflowId = '%s'", workflowID)})
		if err != nil {
			return false, err.Error()
		}
		n = len(resp.Executions)
		listed := false
		for _, e := range resp.Executions {
			listed = listed || e.Execution.RunId == d.WorkflowExecutionInfo.Execution.RunId
		}
		return listed, "the current run is not listed yet"
	})
	return n, d.WorkflowExecutionInfo.Execution.RunId
}
