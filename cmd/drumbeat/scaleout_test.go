package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// testDatabaseURL creates an empty database for the test and returns its URL.
func testDatabaseURL(t *testing.T) string {
	t.Helper()
	return databaseURLOf(t, storetest.NewEmpty(t))
}

func databaseURLOf(t *testing.T, st *store.Store) string {
	t.Helper()
	var name string
	require.NoError(t, st.Pool().QueryRow(t.Context(), "SELECT current_database()").Scan(&name))
	return storetest.WithDatabase(storetest.URL(t), name)
}

// system is Drumbeat run as separate processes of the real binary on one
// task queue: an API and any number of workers, on a database of its own.
type system struct {
	t      *testing.T
	st     *store.Store
	env    map[string]string
	api    string // base URL
	token  string
	suffix string // every contact's address ends with it
	mgr    domain.User
}

func newSystem(t *testing.T) *system {
	t.Helper()
	st := storetest.New(t)
	s := &system{t: t, st: st, token: "tok-" + uuid.NewString(), suffix: "@" + uuid.NewString()[:8] + ".scale.test",
		env: map[string]string{
			"DATABASE_URL":        databaseURLOf(t, st),
			"TEMPORAL_TASK_QUEUE": workertest.NewTaskQueue("scale"),
			"PAGE_SIZE":           "100",
			"LOG_FORMAT":          "json",
		}}
	admin := domain.User{ID: uuid.NewString(), Name: "Admin", Email: "admin" + s.suffix, Privileges: []string{domain.PrivAdmin}}
	s.mgr = domain.User{ID: uuid.NewString(), Name: "Manager", Email: "manager" + s.suffix, Privileges: []string{domain.PrivCampaigns}}
	require.NoError(t, st.UpsertUser(t.Context(), admin))
	require.NoError(t, st.UpsertUser(t.Context(), s.mgr))
	require.NoError(t, st.AddToken(t.Context(), admin.ID, s.token, "scale test"))

	addr := freeAddr(t)
	p := startProcess(t, s.with(map[string]string{"HTTP_ADDR": addr}), "api")
	s.api = "http://" + addr
	waitHTTP(t, p, s.api+"/readyz")
	return s
}

// with returns the system's environment with more variables.
func (s *system) with(more map[string]string) map[string]string {
	env := map[string]string{}
	for k, v := range s.env {
		env[k] = v
	}
	for k, v := range more {
		env[k] = v
	}
	return env
}

// startWorker runs one more `drumbeat worker` and returns it with its
// metrics URL, once it is ready.
func (s *system) startWorker(more map[string]string) (*process, string) {
	s.t.Helper()
	addr := freeAddr(s.t)
	more["METRICS_ADDR"] = addr
	p := startProcess(s.t, s.with(more), "worker")
	waitHTTP(s.t, p, "http://"+addr+"/readyz")
	return p, "http://" + addr
}

// call sends a JSON request to the API with the admin's token.
func (s *system) call(method, path string, body any, out any) int {
	s.t.Helper()
	raw, err := json.Marshal(body)
	require.NoError(s.t, err)
	req, err := http.NewRequest(method, s.api+path, bytes.NewReader(raw))
	require.NoError(s.t, err)
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer resp.Body.Close()
	if out != nil {
		require.NoError(s.t, json.NewDecoder(resp.Body).Decode(out))
	}
	return resp.StatusCode
}

// startCampaign creates a campaign with n participants, one contact each,
// and starts it.
func (s *system) startCampaign(n int) string {
	s.t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = uuid.NewString()
		require.NoError(s.t, s.st.UpsertContact(s.t.Context(), domain.Contact{ID: ids[i], FirstName: fmt.Sprintf("P%d", i),
			LastName: "Scale", Email: fmt.Sprintf("p%d%s", i, s.suffix)}))
	}
	var c map[string]any
	require.Equal(s.t, http.StatusCreated, s.call("POST", "/api/v1/campaigns",
		map[string]any{"name": "Scale out", "priority": "A", "manager_id": s.mgr.ID}, &c))
	id := c["id"].(string)
	require.Equal(s.t, http.StatusCreated, s.call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": ids}, nil))
	require.Equal(s.t, http.StatusOK, s.call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil))
	return id
}

// assertOneEmailEach waits for n messages at the SMTP sink and checks that
// no Message-ID and no recipient came twice.
func (s *system) assertOneEmailEach(n int) {
	s.t.Helper()
	workertest.Eventually(s.t, 3*time.Minute, func() (bool, string) {
		got := len(workertest.Inbox(s.t, s.suffix))
		return got >= n, fmt.Sprintf("%d of %d emails", got, n)
	})
	byID, byTo := map[string]int{}, map[string]int{}
	msgs := workertest.Inbox(s.t, s.suffix)
	for _, m := range msgs {
		byID[m.MessageID]++
		byTo[m.To[0]]++
	}
	assert.Len(s.t, msgs, n, "messages")
	assert.Len(s.t, byID, n, "distinct Message-IDs")
	assert.Len(s.t, byTo, n, "distinct recipients")
}

// waitStarted waits until the campaign workflow has started every
// participant's workflow.
func (s *system) waitStarted(campaignID string, n int) {
	s.t.Helper()
	c := workertest.Dial(s.t)
	workertest.Eventually(s.t, 3*time.Minute, func() (bool, string) {
		var st workflows.CampaignState
		v, err := c.QueryWorkflow(s.t.Context(), domain.CampaignWorkflowID(campaignID), "", workflows.QueryState)
		if err != nil || v.Get(&st) != nil {
			return false, fmt.Sprint(err)
		}
		return st.Started >= n && !st.FanoutPending, fmt.Sprintf("%d of %d participant workflows started", st.Started, n)
	})
}

// TestTwoWorkerProcessesShareACampaign: two `drumbeat worker` processes
// poll one task queue; a 2,000-participant campaign started through a
// `drumbeat api` process runs on both (each one's metrics show the
// participant workflow tasks it ran), and every participant gets exactly
// one email (counted at the SMTP server by Message-ID).
func TestTwoWorkerProcessesShareACampaign(t *testing.T) {
	const n = 2000
	s := newSystem(t)
	_, metricsA := s.startWorker(map[string]string{})
	_, metricsB := s.startWorker(map[string]string{})

	id := s.startCampaign(n)
	s.assertOneEmailEach(n)
	s.waitStarted(id, n)

	var sent, initiated float64
	for _, url := range []string{metricsA, metricsB} {
		m := scrape(t, url+"/metrics")
		tasks := sum(m["temporal_workflow_task_execution_latency_seconds"], map[string]string{"workflow_type": workflows.ParticipantWorkflowName})
		t.Logf("%s: %v participant workflow tasks, %v emails sent", url, tasks, sum(m["drumbeat_emails_sent_total"], nil))
		assert.Positive(t, tasks, "%s ran participant workflow tasks", url)
		sent += sum(m["drumbeat_emails_sent_total"], nil)
		initiated += sum(m["drumbeat_participants_initiated_total"], nil)
		assert.Contains(t, m, "drumbeat_outbox_pending")
		assert.Contains(t, m, "drumbeat_emails_suppressed_total", "registered before suppression exists")
		resp, err := http.Get(url + "/healthz")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	}
	assert.Equal(t, float64(n), sent, "emails sent, both workers together")
	assert.Equal(t, float64(n), initiated, "participants initiated, both workers together")

	api := scrape(t, s.api+"/metrics")
	assert.Equal(t, 1.0, sum(api["drumbeat_http_requests_total"],
		map[string]string{"method": "POST", "route": "/api/v1/campaigns/:id/start", "status": "200"}))
	assert.Equal(t, 1.0, sum(api["drumbeat_http_request_duration_seconds"],
		map[string]string{"method": "POST", "route": "/api/v1/campaigns/:id/participants", "status": "201"}))
}

// TestWorkerHandsBackItsWorkOnSIGTERM: a worker that gets SIGTERM in the
// middle of a campaign start stops well within WORKER_STOP_TIMEOUT, exits
// cleanly and hands the start back: a second worker resumes it, every
// participant's workflow starts, and no one gets a second email.
func TestWorkerHandsBackItsWorkOnSIGTERM(t *testing.T) {
	const n = 1000
	s := newSystem(t)
	a, _ := s.startWorker(map[string]string{"WORKER_STOP_TIMEOUT": "2m", "PAGE_SIZE": "50"})

	id := s.startCampaign(n)
	workertest.Eventually(t, time.Minute, func() (bool, string) {
		got := len(workertest.Inbox(t, s.suffix))
		return got >= 100, fmt.Sprintf("%d emails so far", got)
	})
	a.signal(syscall.SIGTERM)
	assert.Equal(t, 0, a.wait(time.Minute), "a clean exit, long before the two minutes of WORKER_STOP_TIMEOUT")
	assert.Contains(t, a.output(), `"msg":"worker stopped"`)

	_, metricsB := s.startWorker(map[string]string{})
	s.waitStarted(id, n)
	s.assertOneEmailEach(n)
	resumed := sum(scrape(t, metricsB+"/metrics")["temporal_activity_execution_latency_seconds"],
		map[string]string{"activity_type": "StartParticipants"})
	assert.Positive(t, resumed, "the second worker ran the handed-back campaign start")
}
