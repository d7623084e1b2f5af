package campaigns

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

type versionBody struct {
	domain.CampaignVersion
	Participants int                    `json:"participants"`
	Moves        []domain.VersionStatus `json:"moves"`
}

type versionsBody struct {
	Items []versionBody `json:"items"`
}

// versions reads a campaign's versions as number -> status, with the current one.
func versions(h *harness.Harness, id string) (map[int]domain.VersionStatus, int) {
	h.T.Helper()
	var vs versionsBody
	resp := h.Call("GET", "/api/v1/campaigns/"+id+"/versions", nil, &vs)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
	out, current := map[int]domain.VersionStatus{}, 0
	for _, v := range vs.Items {
		out[v.Version] = v.Status
		if v.Current {
			current = v.Version
		}
	}
	return out, current
}

// Every move of the transition table, the refused ones with their reason,
// and a deleted campaign that stays read-only for ever.
func TestVersionTransitions(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Versions")["id"].(string)
	base := "/api/v1/campaigns/" + id
	vs, cur := versions(h, id)
	assert.Equal(t, map[int]domain.VersionStatus{1: domain.VersionDraft}, vs)
	assert.Equal(t, 1, cur)
	var one versionBody
	require.Equal(t, http.StatusOK, h.Call("GET", base+"/versions/1", nil, &one).StatusCode)
	assert.Equal(t, []domain.VersionStatus{domain.VersionTest, domain.VersionPublished, domain.VersionDeleted}, one.Moves,
		"a version lists the moves it allows now")
	camp := h.GetCampaign(id)
	assert.EqualValues(t, 1, camp["version"])
	assert.Equal(t, "Draft", camp["version_status"])

	var p harness.Problem
	resp := h.Call("PATCH", base, map[string]any{"version": 2, "version_status": "Published"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "version_status")
	resp = h.Call("POST", base+"/versions", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "still editable")
	code, p := h.SetVersion(id, 1, "Frozen")
	assert.Equal(t, http.StatusUnprocessableEntity, code)
	code, p = h.SetVersion(id, 1, "Sundown")
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, p.Detail, "only a published version can be sundown")
	code, _ = h.SetVersion(id, 7, "Test")
	assert.Equal(t, http.StatusNotFound, code)
	resp = h.Call("GET", base+"/versions/x", nil, &p)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	// Draft and Test are editable; Published freezes workflow and fields.
	resp = h.Call("PUT", base+"/fields", map[string]any{"fields": []map[string]any{{"name": "Budget", "type": "number"}}}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.Call("PUT", base+"/fields", map[string]any{"fields": []map[string]any{{"name": "", "type": "blob"}}}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "fields[0].type")
	code, p = h.SetVersion(id, 1, "test")
	require.Equal(t, http.StatusOK, code, "%+v", p)
	code, p = h.SetVersion(id, 1, "Draft")
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, p.Detail, "can only be published or deleted")
	resp = h.Call("PUT", base+"/workflow", map[string]any{"statuses": withStatus("Call back")}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	code, _ = h.SetVersion(id, 1, "Published")
	require.Equal(t, http.StatusOK, code)
	resp = h.Call("PUT", base+"/workflow", map[string]any{"statuses": domain.DefaultWorkflow().Statuses}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "create a new version")
	resp = h.Call("POST", base+"/workflow/select", map[string]any{"template_id": domain.DefaultTemplateID}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	resp = h.Call("PUT", base+"/fields", map[string]any{"fields": []map[string]any{}}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	code, p = h.SetVersion(id, 1, "Draft")
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, p.Detail, "create a new version")

	// A new version is a Draft copy of the published one and becomes current.
	var v2 versionBody
	resp = h.Call("POST", base+"/versions", nil, &v2)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, 2, v2.Version)
	assert.Equal(t, domain.VersionDraft, v2.Status)
	assert.Contains(t, statusNames(v2.Workflow), "Call back")
	assert.Equal(t, []domain.Field{{Name: "Budget", Type: "number"}}, v2.Fields)
	vs, cur = versions(h, id)
	assert.Equal(t, map[int]domain.VersionStatus{1: domain.VersionPublished, 2: domain.VersionDraft}, vs)
	assert.Equal(t, 2, cur)
	resp = h.Call("PUT", base+"/workflow", map[string]any{"statuses": domain.DefaultWorkflow().Statuses}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "the new draft is editable")
	var v1 versionBody
	h.Call("GET", base+"/versions/1", nil, &v1)
	assert.Contains(t, statusNames(v1.Workflow), "Call back", "the published version keeps its definition")

	// Publishing version 2 sundowns version 1; an older version can only be deleted.
	code, _ = h.SetVersion(id, 2, "Published")
	require.Equal(t, http.StatusOK, code)
	vs, _ = versions(h, id)
	assert.Equal(t, map[int]domain.VersionStatus{1: domain.VersionSundown, 2: domain.VersionPublished}, vs)
	code, p = h.SetVersion(id, 1, "Published")
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, p.Detail, "only the current version (2)")
	code, _ = h.SetVersion(id, 2, "Sundown")
	require.Equal(t, http.StatusOK, code)
	code, _ = h.SetVersion(id, 2, "Published") // republish
	require.Equal(t, http.StatusOK, code)
	code, _ = h.SetVersion(id, 1, "Deleted")
	require.Equal(t, http.StatusOK, code)
	code, p = h.SetVersion(id, 1, "Sundown")
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, p.Detail, "cannot be undeleted")

	// Deleting the last version deletes the campaign: readable, never writable again.
	code, _ = h.SetVersion(id, 2, "Deleted")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, "Deleted", h.GetCampaign(id)["version_status"])
	for _, w := range []struct{ method, path string }{
		{"PATCH", base}, {"DELETE", base}, {"POST", base + "/versions"}, {"POST", base + "/versions/2/status"},
		{"POST", base + "/participants"}, {"PUT", base + "/workflow"}, {"POST", base + "/start"}, {"PUT", base + "/settings"},
	} {
		resp = h.Call(w.method, w.path, map[string]any{"status": "Published"}, &p)
		harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
		assert.Contains(t, p.Detail, "read-only", "%s %s", w.method, w.path)
	}
	resp = h.Call("GET", base+"/versions", nil, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.Call("GET", "/api/v1/campaigns/"+uuid.NewString()+"/versions", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
}

// Starting a campaign publishes its Draft; running participants keep the
// definition they started with, and a newly published version applies to
// new participants only. Sundown enrolls nobody.
func TestVersionsKeepRunningDefinitions(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Keep")["id"].(string)
	base := "/api/v1/campaigns/" + id
	resp := h.Call("PUT", base+"/workflow", map[string]any{"statuses": harness.ContactedEmail("V1 offer")}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	contacts := h.Contacts(4)
	resp = h.Call("POST", base+"/participants", map[string]any{"contact_ids": contacts[:2]}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	code, p := h.Move(id, "start")
	require.Equal(t, http.StatusOK, code, "%+v", p)
	vs, _ := versions(h, id)
	assert.Equal(t, map[int]domain.VersionStatus{1: domain.VersionPublished}, vs, "the start published the draft")
	h.AssertOneEmailEach(2)

	// Version 2 changes the email; while it is a draft nobody new joins.
	resp = h.Call("POST", base+"/versions", nil, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	v2 := harness.ContactedEmail("V2 offer")
	for i := range v2 { // version 2 calls Responded "Replied"
		if v2[i].Name == "Responded" {
			v2[i].Name = "Replied"
		}
		for j, n := range v2[i].Next {
			if n == "Responded" {
				v2[i].Next[j] = "Replied"
			}
		}
	}
	resp = h.Call("PUT", base+"/workflow", map[string]any{"statuses": v2}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.Call("POST", base+"/participants", map[string]any{"contact_ids": contacts[2:3]}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "draft")
	code, _ = h.SetVersion(id, 2, "Published")
	require.Equal(t, http.StatusOK, code)
	resp = h.Call("POST", base+"/participants", map[string]any{"contact_ids": contacts[2:3]}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	h.AssertOneEmailEach(3)

	subjects := map[string]string{}
	for _, m := range workertest.Inbox(t, h.Suffix) {
		subjects[m.To[0]] = m.Subject
	}
	assert.Equal(t, map[string]string{"c0" + h.Suffix: "V1 offer", "c1" + h.Suffix: "V1 offer", "c2" + h.Suffix: "V2 offer"}, subjects)
	byContact := map[string]domain.Participant{}
	for _, pt := range h.Participants(id) {
		byContact[pt.ContactID] = pt
	}
	assert.Equal(t, 1, byContact[contacts[0]].Version)
	assert.Equal(t, 2, byContact[contacts[2]].Version)
	// The running workflows hold the definition they started with.
	// (They start behind the emails, so they may still be on their way.)
	for contact, want := range map[string]string{contacts[0]: "V1 offer", contacts[2]: "V2 offer"} {
		var st workflows.ParticipantState
		workertest.Eventually(t, 30*time.Second, func() (bool, string) {
			v, err := h.Worker.Client.QueryWorkflow(t.Context(), domain.ParticipantWorkflowID(id, byContact[contact].ID), "", workflows.QueryState)
			if err != nil {
				return false, err.Error()
			}
			return v.Get(&st) == nil, "state"
		})
		contacted, _ := st.Workflow.Status(domain.StatusContacted)
		assert.Equal(t, want, contacted.Actions[0].Subject)
	}

	// Status changes follow the definition each participant runs.
	var moved domain.Participant
	require.Equal(t, http.StatusOK, h.Patch(id, byContact[contacts[0]].ID, map[string]any{"status": "Responded"}, &moved).StatusCode)
	assert.Equal(t, "Responded", moved.Status, "a version 1 participant moves by version 1")
	resp = h.Patch(id, byContact[contacts[2]].ID, map[string]any{"status": "Responded"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "status")
	require.Equal(t, http.StatusOK, h.Patch(id, byContact[contacts[2]].ID, map[string]any{"status": "Replied"}, &moved).StatusCode)
	assert.Equal(t, "Replied", moved.Status, "a version 2 participant moves by version 2")
	var batch harness.BatchView
	resp = h.Call("POST", base+"/participants/status", map[string]any{"status": "Responded",
		"participant_ids": []string{byContact[contacts[1]].ID, byContact[contacts[2]].ID}}, &batch)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	batch = h.WaitBatch(batch.ID)
	require.Len(t, batch.Items, 2)
	assert.Equal(t, domain.ItemSucceeded, batch.Items[0].Status, "the batch moves a version 1 participant by version 1")
	assert.Equal(t, domain.ItemFailed, batch.Items[1].Status, "version 2 has no Responded")

	// Sundown: nothing new enrolls, the campaign cannot start again.
	code, _ = h.SetVersion(id, 2, "Sundown")
	require.Equal(t, http.StatusOK, code)
	resp = h.Call("POST", base+"/participants", map[string]any{"contact_ids": contacts[3:]}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "sundown")
	code, _ = h.Move(id, "complete")
	require.Equal(t, http.StatusOK, code)
	code, p = h.Move(id, "start")
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, p.Detail, "Sundown")
}

// A Test version runs for real but marked test: its email goes only to the
// test recipients, its records stay out of the charts, and an edit warns
// about the participants running the older definition.
func TestTestModeVersion(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Trial")["id"].(string)
	base := "/api/v1/campaigns/" + id
	var p harness.Problem
	resp := h.Call("PUT", base+"/settings", map[string]any{"test_recipients": []string{"not an address"}}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "test_recipients[0]")
	qa := []string{"qa1" + h.Suffix, "qa2" + h.Suffix}
	var st domain.CampaignSettings
	resp = h.Call("PUT", base+"/settings", map[string]any{"test_recipients": qa}, &st)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, qa, st.TestRecipients)
	statuses := harness.ContactedEmail("Trial offer", domain.Action{Kind: domain.ActionOpportunity, Subject: "Deal", Revenue: 100},
		domain.Action{Kind: domain.ActionPoints, Points: 5})
	resp = h.Call("PUT", base+"/workflow", map[string]any{"statuses": statuses}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	contacts := h.Contacts(3)
	resp = h.Call("POST", base+"/participants", map[string]any{"contact_ids": contacts}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	code, _ := h.SetVersion(id, 1, "Test")
	require.Equal(t, http.StatusOK, code)
	code, p = h.Move(id, "start")
	require.Equal(t, http.StatusOK, code, "%+v", p)

	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		n := len(workertest.Inbox(t, h.Suffix))
		return n >= 6, fmt.Sprintf("%d of 6 emails", n)
	})
	for _, m := range workertest.Inbox(t, h.Suffix) {
		assert.True(t, strings.HasPrefix(m.To[0], "qa"), "test email went to %s", m.To[0])
		assert.Equal(t, "[TEST] Trial offer", m.Subject)
	}
	for _, pt := range h.Participants(id) {
		assert.True(t, pt.Test)
		assert.Equal(t, "Contacted", pt.Status)
	}
	var byStatus harness.Chart[domain.StatusCount]
	h.Call("GET", base+"/charts/participants-by-status", nil, &byStatus)
	assert.Empty(t, byStatus.Items)
	var pipeline harness.Chart[domain.PipelineStage]
	h.Call("GET", base+"/charts/pipeline", nil, &pipeline)
	assert.Empty(t, pipeline.Items)
	var opps, score int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT count(*) FROM opportunities WHERE campaign_id = $1 AND is_test`, id).Scan(&opps))
	assert.Equal(t, 3, opps, "the opportunities exist, flagged test")
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT score FROM contacts WHERE id = $1`, contacts[0]).Scan(&score))
	assert.Equal(t, 5, score)

	// A Test version stays editable; the answer lists who keeps the old settings.
	var wf struct {
		Warning struct {
			Message      string           `json:"message"`
			Participants []map[string]any `json:"participants"`
		} `json:"warning"`
	}
	resp = h.Call("PUT", base+"/workflow", map[string]any{"statuses": harness.ContactedEmail("Trial offer 2")}, &wf)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, wf.Warning.Message, "outdated settings")
	assert.Len(t, wf.Warning.Participants, 3)

	// Published from Test: real records from now on, charts count them.
	code, _ = h.SetVersion(id, 1, "Published")
	require.Equal(t, http.StatusOK, code)
	more := h.Contacts(4)[3:]
	resp = h.Call("POST", base+"/participants", map[string]any{"contact_ids": more}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		var byStatus harness.Chart[domain.StatusCount]
		h.Call("GET", base+"/charts/participants-by-status", nil, &byStatus)
		return len(byStatus.Items) == 1 && byStatus.Items[0].Count == 1, fmt.Sprint(byStatus.Items)
	})
}

// Without test recipients a Test version sends nothing at all: the
// contacts never get test email, the activity says why.
func TestTestModeWithoutRecipients(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Dry run")["id"].(string)
	resp := h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(2)}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	code, _ := h.SetVersion(id, 1, "Test")
	require.Equal(t, http.StatusOK, code)
	code, p := h.Move(id, "start")
	require.Equal(t, http.StatusOK, code, "%+v", p)
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		var n int
		err := h.Store.Pool().QueryRow(t.Context(), `SELECT count(*) FROM activities WHERE campaign_id = $1 AND kind = 'email'
			AND is_test AND details->>'skipped' LIKE 'test mode%'`, id).Scan(&n)
		return err == nil && n == 2, fmt.Sprintf("%d skipped test emails (%v)", n, err)
	})
	var outbox int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT count(*) FROM outbox WHERE campaign_id = $1`, id).Scan(&outbox))
	assert.Zero(t, outbox)
	assert.Empty(t, workertest.Inbox(t, h.Suffix))
	for _, pt := range h.Participants(id) {
		assert.True(t, pt.Test)
		assert.Equal(t, "Contacted", pt.Status)
	}
}
