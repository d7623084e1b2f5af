package deliverability

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// delayedRow is a participant's delayed email as the outbox holds it.
type delayedRow struct {
	Key, Status, LastError string
	DueAt                  *time.Time
	SentAt                 *time.Time
}

func delayedRows(h *harness.Harness, campaignID, participantID string) []delayedRow {
	h.T.Helper()
	rows, err := h.Store.Pool().Query(h.T.Context(), `SELECT idem_key, status, last_error, due_at, sent_at FROM outbox
		WHERE campaign_id = $1 AND participant_id = $2 AND delayed ORDER BY idem_key`, campaignID, participantID)
	require.NoError(h.T, err)
	defer rows.Close()
	var out []delayedRow
	for rows.Next() {
		var r delayedRow
		require.NoError(h.T, rows.Scan(&r.Key, &r.Status, &r.LastError, &r.DueAt, &r.SentAt))
		out = append(out, r)
	}
	require.NoError(h.T, rows.Err())
	return out
}

// TestDelayedEmailsAreDueOutboxRows: entering a status writes its delayed
// email at once as an outbox row due when the delay has passed; the outbox
// sender sends it then (not before), with no timer in the participant's
// workflow. A participant who leaves the status first has the row
// cancelled, and a campaign that ends cancels the rows still waiting.
func TestDelayedEmailsAreDueOutboxRows(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Delayed")["id"].(string)
	def := domain.DefaultWorkflow()
	for i := range def.Statuses {
		switch def.Statuses[i].Name {
		case domain.StatusContacted:
			def.Statuses[i].Actions = []domain.Action{{Kind: domain.ActionEmail, Subject: "Follow-up for {{nameFirst}}",
				Body: "Still interested?", DelaySeconds: 2}}
		case "Responded":
			def.Statuses[i].Actions = []domain.Action{{Kind: domain.ActionEmail, Subject: "Much later", Body: "Hello again", DelaySeconds: 3600}}
		}
	}
	h.SetWorkflow(id, def)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(2)}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	h.WaitStatuses(id, map[string]int{"Contacted": 2})
	ps := h.Participants(id)
	stay, move := ps[0], ps[1]

	// Written with the status change, due two seconds after it.
	for _, p := range ps {
		rows := delayedRows(h, id, p.ID)
		require.Len(t, rows, 1)
		assert.Equal(t, "pending", rows[0].Status)
		require.NotNil(t, rows[0].DueAt)
		assert.WithinDuration(t, p.StatusSince.Add(2*time.Second), *rows[0].DueAt, time.Millisecond)
	}
	require.Equal(t, http.StatusOK, h.Patch(id, move.ID, map[string]any{"status": "Responded"}, nil).StatusCode)
	moved := delayedRows(h, id, move.ID)
	require.Len(t, moved, 2)
	assert.Equal(t, "cancelled", moved[0].Status, "the Contacted follow-up of a participant who moved on")
	assert.Equal(t, "the participant left the status that scheduled it", moved[0].LastError)
	assert.Equal(t, "pending", moved[1].Status, "Responded's own delayed email waits an hour")

	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		in := workertest.Inbox(t, h.Suffix)
		return len(in) == 1, fmt.Sprint(len(in), " messages")
	})
	sent := delayedRows(h, id, stay.ID)[0]
	assert.Equal(t, "sent", sent.Status)
	assert.False(t, sent.SentAt.Before(*sent.DueAt), "not sent before it was due")
	assert.Less(t, sent.SentAt.Sub(*sent.DueAt), 5*time.Second, "sent on time")
	assert.Equal(t, domain.MessageID(sent.Key), workertest.Inbox(t, h.Suffix)[0].MessageID)

	// No participant workflow waits on a timer: the outbox sender does.
	for _, p := range ps {
		it := h.Worker.Client.GetWorkflowHistory(t.Context(), domain.ParticipantWorkflowID(id, p.ID), "", false, 0)
		for it.HasNext() {
			ev, err := it.Next()
			require.NoError(t, err)
			assert.NotEqual(t, enumspb.EVENT_TYPE_TIMER_STARTED, ev.GetEventType(), "participant %s", p.ID)
		}
	}
	d, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), workflows.OutboxSenderWorkflowID(h.Worker.TaskQueue), "")
	require.NoError(t, err)
	assert.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, d.WorkflowExecutionInfo.Status)
	assert.Equal(t, workflows.OutboxTaskQueue(h.Worker.TaskQueue), d.WorkflowExecutionInfo.TaskQueue,
		"the sender runs on its own queue, not behind the participants'")

	code, _ := h.Move(id, "complete")
	require.Equal(t, http.StatusOK, code)
	later := delayedRows(h, id, move.ID)[1]
	assert.Equal(t, "cancelled", later.Status)
	assert.Equal(t, "the campaign is completed", later.LastError)
	assert.Len(t, workertest.Inbox(t, h.Suffix), 1)
}
