package leads

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// TestLeadImport: upload, review with field errors and duplicate matches,
// correct and skip rows, complete as a batch process; bad rows are reported
// and create nothing.
func TestLeadImport(t *testing.T) {
	h := harness.New(t)
	dup := h.CreateLead(h.LeadBody("Dora", "Dupe"))
	csvText := "first_name,last_name,email,phone,phone_country,sales_concept,source_type,consent_to_contact\n" +
		"Ivan,Import,ivan" + h.Suffix + ",,,General Interest,Web,yes\n" +
		"Bad,,,12345,US,General Interest,Web,yes\n" +
		"Someone,Else," + dup.Email + ",,,General Interest,Web,no\n" +
		"Dora,Dupe,other" + h.Suffix + ",,,General Interest,Web,yes\n" +
		"Carl,Canada,,(416) 979-2000,CA,Mortgage Needs,Conference,1\n" +
		"Mia,Maybe,mia" + h.Suffix + ",,,General Interest,Web,maybe\n"
	var imp domain.LeadImport
	resp := h.Upload(csvText, &imp)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%+v", imp)
	assert.Equal(t, 6, imp.Rows)
	assert.Equal(t, 2, imp.Invalid)
	assert.Equal(t, 2, imp.Duplicates)
	assert.Equal(t, domain.ImportStaged, imp.Status)

	var rows domain.Page[domain.ImportRow]
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/lead-imports/"+imp.ID+"/rows?limit=4", nil, &rows).StatusCode)
	require.Len(t, rows.Items, 4)
	assert.Empty(t, rows.Items[0].Errors)
	assert.Empty(t, rows.Items[0].Matches)
	errFields := map[string]bool{}
	for _, f := range rows.Items[1].Errors {
		errFields[f.Field] = true
	}
	assert.Equal(t, map[string]bool{"last_name": true, "phone": true}, errFields)
	assert.Equal(t, []domain.ImportMatch{{LeadID: dup.ID, By: []string{"email"}}}, rows.Items[2].Matches)
	assert.Equal(t, []domain.ImportMatch{{LeadID: dup.ID, By: []string{"name"}}}, rows.Items[3].Matches)
	assert.False(t, rows.Items[0].Duplicate)
	assert.True(t, rows.Items[2].Duplicate)
	assert.True(t, rows.Items[3].Duplicate)
	var rest domain.Page[domain.ImportRow]
	h.Call("GET", "/api/v1/lead-imports/"+imp.ID+"/rows?cursor="+rows.NextCursor, nil, &rest)
	require.Len(t, rest.Items, 2)
	assert.Equal(t, 5, rest.Items[0].RowNo)
	var row3 domain.ImportRow

	// Correct row 2, skip the duplicate row 4, import the duplicate row 3
	// anyway (a duplicate is skipped unless asked); row 6 stays bad.
	resp = h.Call("PATCH", "/api/v1/lead-imports/"+imp.ID+"/rows/3", map[string]any{"import_duplicate": true}, &row3)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", row3)
	assert.True(t, row3.ImportDuplicate)
	var row domain.ImportRow
	resp = h.Call("PATCH", "/api/v1/lead-imports/"+imp.ID+"/rows/2", map[string]any{"data": map[string]string{"last_name": "Better", "phone": "(212) 555-0100"}}, &row)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", row)
	assert.Empty(t, row.Errors)
	assert.Equal(t, "Better", row.Data["last_name"])
	require.Equal(t, http.StatusOK, h.Call("PATCH", "/api/v1/lead-imports/"+imp.ID+"/rows/4", map[string]any{"skip": true}, nil).StatusCode)
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("PATCH", "/api/v1/lead-imports/"+imp.ID+"/rows/2", map[string]any{"data": map[string]string{"salary": "1"}}, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("PATCH", "/api/v1/lead-imports/"+imp.ID+"/rows/99", map[string]any{"skip": true}, nil).StatusCode)

	var b domain.Batch
	resp = h.Call("POST", "/api/v1/lead-imports/"+imp.ID+"/complete", nil, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%+v", b)
	done := h.WaitBatch(b.ID)
	assert.Equal(t, domain.BatchLeadImport, done.Type)
	assert.Equal(t, domain.BatchCompleted, done.Status)
	assert.Equal(t, 4, done.Succeeded)
	assert.Equal(t, 1, done.Skipped)
	assert.Equal(t, 1, done.Failed)
	assert.Contains(t, done.Items[5].Message, "consent_to_contact")

	var all leadPage
	h.Call("GET", "/api/v1/leads?limit=100&sort=id", nil, &all)
	var names []string
	for _, l := range all.Items {
		names = append(names, l.FirstName+" "+l.LastName)
	}
	assert.Equal(t, []string{"Dora Dupe", "Ivan Import", "Bad Better", "Someone Else", "Carl Canada"}, names)
	assert.Equal(t, "+14169792000", all.Items[4].Phone)
	assert.Equal(t, h.Admin.ID, all.Items[1].CreatedBy)

	h.Call("GET", "/api/v1/lead-imports/"+imp.ID, nil, &imp)
	assert.Equal(t, domain.ImportCompleted, imp.Status, "the import ends with its batch")
	assert.Equal(t, 4, imp.Imported)
	assert.Equal(t, 1, imp.Failed)
	assert.Equal(t, b.ID, imp.BatchID)
	assert.Equal(t, http.StatusConflict, h.Call("POST", "/api/v1/lead-imports/"+imp.ID+"/complete", nil, nil).StatusCode)
	assert.Equal(t, http.StatusConflict, h.Call("PATCH", "/api/v1/lead-imports/"+imp.ID+"/rows/6", map[string]any{"skip": true}, nil).StatusCode)

	for _, bad := range []string{"", "first_name,salary\nA,1\n", "first_name,last_name\n", "first_name,last_name\nA,B,C\n"} {
		var p harness.Problem
		resp = h.Upload(bad, &p)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%q", bad)
	}
	assert.Equal(t, http.StatusNotFound, h.Call("GET", "/api/v1/lead-imports/"+uuid.NewString(), nil, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("POST", "/api/v1/lead-imports/"+uuid.NewString()+"/complete", nil, nil).StatusCode)
}

// TestLeadImportResumesAfterCrash: rows a stopped worker had already
// imported (its results never recorded) are not imported again when another
// worker runs the batch; every row ends up imported exactly once.
func TestLeadImportResumesAfterCrash(t *testing.T) {
	h := harness.New(t)
	var sb strings.Builder
	sb.WriteString("first_name,last_name,email,sales_concept,source_type,consent_to_contact\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&sb, "Row%d,Resume,row%d%s,General Interest,Web,yes\n", i, i, h.Suffix)
	}
	var imp domain.LeadImport
	require.Equal(t, http.StatusCreated, h.Upload(sb.String(), &imp).StatusCode)
	ctx := t.Context()
	rowNos, err := h.Store.StartLeadImport(ctx, imp.ID)
	require.NoError(t, err)
	batchID := uuid.NewString()
	require.NoError(t, h.Store.CreateBatch(ctx, batchID, domain.BatchLeadImport, map[string]string{"import_id": imp.ID}, rowNos, h.Admin.ID))
	require.NoError(t, h.Store.SetLeadImportBatch(ctx, imp.ID, batchID))
	// A worker imported rows 1-4 and died before recording the page.
	for seq := 1; seq <= 4; seq++ {
		r, err := h.Store.LeadImportRow(ctx, imp.ID, seq)
		require.NoError(t, err)
		in, err := domain.ImportInput(r.Data, false)
		require.NoError(t, err)
		_, err = h.Store.ImportLeadRow(ctx, imp.ID, seq, in, h.Admin.ID, domain.BatchKey(batchID, seq))
		require.NoError(t, err)
	}
	run, err := h.Worker.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: domain.BatchWorkflowID(batchID), TaskQueue: h.Worker.TaskQueue},
		workflows.BatchWorkflowName, workflows.BatchInput{BatchID: batchID, PageSize: 3})
	require.NoError(t, err)
	var res workflows.BatchResult
	require.NoError(t, run.Get(ctx, &res))
	assert.Equal(t, domain.BatchCompleted, res.Status)
	done := h.WaitBatch(batchID)
	assert.Equal(t, 9, done.Succeeded)
	var n, distinct int
	require.NoError(t, h.Store.Pool().QueryRow(ctx, "SELECT count(*), count(DISTINCT email) FROM leads WHERE last_name = 'Resume'").Scan(&n, &distinct))
	assert.Equal(t, 9, n)
	assert.Equal(t, 9, distinct)
}

// TestLeadImportSurvivesWorkerRestart stops the worker while it is importing
// a row (held back by a row lock the test takes) and lets another worker on
// the same task queue finish: every row is imported exactly once.
func TestLeadImportSurvivesWorkerRestart(t *testing.T) {
	h := harness.New(t)
	var sb strings.Builder
	sb.WriteString("first_name,last_name,email,sales_concept,source_type,consent_to_contact\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&sb, "Row%d,Restart,row%d%s,General Interest,Web,yes\n", i, i, h.Suffix)
	}
	var imp domain.LeadImport
	require.Equal(t, http.StatusCreated, h.Upload(sb.String(), &imp).StatusCode)
	ctx := t.Context()
	hold, err := h.Store.Pool().Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = hold.Rollback(context.Background()) }()
	_, err = hold.Exec(ctx, "SELECT 1 FROM lead_import_rows WHERE import_id = $1 AND row_no = 5 FOR UPDATE", imp.ID)
	require.NoError(t, err)

	rowNos, err := h.Store.StartLeadImport(ctx, imp.ID)
	require.NoError(t, err)
	batchID := uuid.NewString()
	require.NoError(t, h.Store.CreateBatch(ctx, batchID, domain.BatchLeadImport, map[string]string{"import_id": imp.ID}, rowNos, h.Admin.ID))
	_, err = h.Worker.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: domain.BatchWorkflowID(batchID), TaskQueue: h.Worker.TaskQueue},
		workflows.BatchWorkflowName, workflows.BatchInput{BatchID: batchID, PageSize: 2})
	require.NoError(t, err)
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		var waiting int
		require.NoError(t, h.Store.Pool().QueryRow(ctx,
			"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&waiting))
		return waiting > 0, "the import has not reached row 5"
	})
	h.Worker.Worker.Stop()
	require.NoError(t, hold.Rollback(ctx))
	b, err := h.Store.GetBatch(ctx, batchID)
	require.NoError(t, err)
	require.Equal(t, 4, b.Done(), "rows 1-4 were recorded before the worker stopped")

	workertest.StartOn(t, h.Worker.Client, h.Store, h.Worker.TaskQueue, 7)
	done := h.WaitBatch(batchID)
	assert.Equal(t, domain.BatchCompleted, done.Status)
	assert.Equal(t, 9, done.Succeeded)
	var n, distinct int
	require.NoError(t, h.Store.Pool().QueryRow(ctx, "SELECT count(*), count(DISTINCT email) FROM leads WHERE last_name = 'Restart'").Scan(&n, &distinct))
	assert.Equal(t, 9, n)
	assert.Equal(t, 9, distinct)
}
