package leads

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// TestLeadExportImportRoundTrip exports 50 leads with every column and
// imports the same file: each row is matched to the lead it came from (by
// email, by phone in E.164 with its country, or by name and company) and
// marked a duplicate in review, and completing the import creates no lead.
// The import then reads completed.
func TestLeadExportImportRoundTrip(t *testing.T) {
	h := harness.New(t)
	const n = 50
	want := map[int64]string{} // lead id -> how it must match
	phones := []struct{ number, country string }{
		{"(212) 555-01%02d", "US"}, {"020 7946 0%03d", "GB"}, {"(416) 979-2%03d", "CA"}, {"ext. %d, ask for Sam", "Unspecified"},
	}
	for i := range n {
		b := h.LeadBody(fmt.Sprintf("Rt%d", i), "Trip")
		by := "email"
		switch i % 3 {
		case 1: // a phone only, in one of several countries
			delete(b, "email")
			p := phones[i%len(phones)]
			b["phone"], b["phone_country"] = fmt.Sprintf(p.number, i), p.country
			by = "phone"
		case 2: // a company too
			b["company"] = fmt.Sprintf("Acme %d", i)
			by = "name"
		}
		want[h.CreateLead(b).ID] = by
	}

	resp, body := get(h, "/api/v1/leads/export.csv?columns=all")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 1+n)
	col := func(rec []string, name string) string {
		i := indexOf(recs[0], name)
		require.GreaterOrEqual(t, i, 0, "column %s", name)
		return rec[i]
	}
	var exported []int64
	for _, rec := range recs[1:] {
		id, err := strconv.ParseInt(col(rec, "id"), 10, 64)
		require.NoError(t, err)
		exported = append(exported, id)
		switch first := col(rec, "first_name"); first {
		case "Rt1":
			assert.Equal(t, []string{"+442079460001", "GB"}, []string{col(rec, "phone"), col(rec, "phone_country")}, "E.164 and its country")
		case "Rt4":
			assert.Equal(t, []string{"+12125550104", "US"}, []string{col(rec, "phone"), col(rec, "phone_country")})
		case "Rt10":
			assert.Equal(t, []string{"+14169792010", "CA"}, []string{col(rec, "phone"), col(rec, "phone_country")})
		case "Rt7":
			assert.Equal(t, []string{"ext. 7, ask for Sam", "Unspecified"}, []string{col(rec, "phone"), col(rec, "phone_country")},
				"a number without a country as entered")
		case "Rt0":
			assert.Equal(t, "Unspecified", col(rec, "phone_country"))
		}
	}

	var imp domain.LeadImport
	require.Equal(t, http.StatusCreated, h.Upload(body, &imp).StatusCode, "%+v", imp)
	assert.Equal(t, n, imp.Rows)
	assert.Zero(t, imp.Invalid, "an exported lead is a valid import row")
	assert.Equal(t, n, imp.Duplicates)
	var rows domain.Page[domain.ImportRow]
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/lead-imports/"+imp.ID+"/rows?limit=100", nil, &rows).StatusCode)
	require.Len(t, rows.Items, n)
	for i, r := range rows.Items {
		id := exported[i]
		assert.Empty(t, r.Errors, "row %d", r.RowNo)
		assert.True(t, r.Duplicate, "row %d", r.RowNo)
		require.Len(t, r.Matches, 1, "row %d matches its own lead only: %+v", r.RowNo, r.Matches)
		assert.Equal(t, id, r.Matches[0].LeadID, "row %d", r.RowNo)
		assert.Contains(t, r.Matches[0].By, want[id], "row %d (%s)", r.RowNo, r.Data["first_name"])
		assert.NotContains(t, r.Data, "id", "read-only columns are not staged")
	}

	matchesAlone(h, recs, want)

	var b harness.BatchView
	require.Equal(t, http.StatusAccepted, h.Call("POST", "/api/v1/lead-imports/"+imp.ID+"/complete", nil, &b).StatusCode)
	done := h.WaitBatch(b.ID)
	assert.Equal(t, domain.BatchCompleted, done.Status)
	assert.Zero(t, done.Succeeded)
	assert.Equal(t, n, done.Skipped)
	for _, it := range done.Items {
		assert.Contains(t, it.Message, "duplicate of lead")
	}
	assert.Equal(t, n, h.Count("SELECT count(*) FROM leads"), "the import created no lead")
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/lead-imports/"+imp.ID, nil, &imp).StatusCode)
	assert.Equal(t, domain.ImportCompleted, imp.Status)
	assert.Equal(t, n, imp.Skipped)
	assert.Zero(t, imp.Imported)
}

// matchesAlone stages a changed copy of the export in which each row keeps
// only the detail it must be matched by (the others changed: a new last name,
// or a new email for the rows with a company), plus a row whose name is
// known but whose company is not: every row still finds its lead by that
// detail alone, and the stranger finds none.
func matchesAlone(h *harness.Harness, recs [][]string, want map[int64]string) {
	h.T.Helper()
	head := recs[0]
	at := func(name string) int { return indexOf(head, name) }
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	require.NoError(h.T, w.Write(head))
	var ids []int64
	for _, rec := range recs[1:] {
		rec = append([]string(nil), rec...)
		id, err := strconv.ParseInt(rec[at("id")], 10, 64)
		require.NoError(h.T, err)
		ids = append(ids, id)
		if want[id] == "name" {
			rec[at("email")] = "moved-" + rec[at("email")]
		} else {
			rec[at("last_name")] = "Other"
		}
		require.NoError(h.T, w.Write(rec))
	}
	stranger := append([]string(nil), recs[len(recs)-1]...)
	stranger[at("email")], stranger[at("phone")], stranger[at("phone_country")] = "stranger"+h.Suffix, "", "Unspecified"
	stranger[at("first_name")], stranger[at("last_name")], stranger[at("company")] = "Rt2", "Trip", "Other Co"
	require.NoError(h.T, w.Write(stranger))
	w.Flush()

	var imp domain.LeadImport
	require.Equal(h.T, http.StatusCreated, h.Upload(sb.String(), &imp).StatusCode, "%+v", imp)
	assert.Equal(h.T, len(ids), imp.Duplicates)
	var rows domain.Page[domain.ImportRow]
	require.Equal(h.T, http.StatusOK, h.Call("GET", "/api/v1/lead-imports/"+imp.ID+"/rows?limit=100", nil, &rows).StatusCode)
	require.Len(h.T, rows.Items, len(ids)+1)
	for i, id := range ids {
		r := rows.Items[i]
		assert.Equal(h.T, []domain.ImportMatch{{LeadID: id, By: []string{want[id]}}}, r.Matches, "row %d (%s)", r.RowNo, r.Data["first_name"])
	}
	last := rows.Items[len(ids)]
	assert.Empty(h.T, last.Matches, "same name, another company: not the same lead")
	assert.False(h.T, last.Duplicate)
}

// TestLeadImportFailsWithItsBatch: a batch that cannot run (its parameters
// are unreadable) fails, and its import leaves importing for failed; no
// row is imported.
func TestLeadImportFailsWithItsBatch(t *testing.T) {
	h := harness.New(t)
	var imp domain.LeadImport
	require.Equal(t, http.StatusCreated, h.Upload("first_name,last_name,email,sales_concept,source_type,consent_to_contact\n"+
		"Fay,Fail,fay"+h.Suffix+",General Interest,Web,yes\n", &imp).StatusCode)
	ctx := t.Context()
	rowNos, err := h.Store.StartLeadImport(ctx, imp.ID)
	require.NoError(t, err)
	batchID := uuid.NewString()
	require.NoError(t, h.Store.CreateBatch(ctx, batchID, domain.BatchLeadImport, map[string]int{"import_id": 7}, rowNos, h.Admin.ID))
	require.NoError(t, h.Store.SetLeadImportBatch(ctx, imp.ID, batchID))
	run, err := h.Worker.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: domain.BatchWorkflowID(batchID), TaskQueue: h.Worker.TaskQueue},
		workflows.BatchWorkflowName, workflows.BatchInput{BatchID: batchID})
	require.NoError(t, err)
	var res workflows.BatchResult
	require.NoError(t, run.Get(ctx, &res))
	assert.Equal(t, domain.BatchFailed, res.Status)
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/lead-imports/"+imp.ID, nil, &imp).StatusCode)
	assert.Equal(t, domain.ImportFailed, imp.Status)
	assert.Zero(t, imp.Imported)
	assert.Zero(t, h.Count("SELECT count(*) FROM leads"))
}
