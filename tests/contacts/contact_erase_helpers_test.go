package contacts

import (
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// dataLeft scans every column that can hold text (text, varchar, char,
// json, jsonb, bytea and arrays) of every table of the public schema for
// each of texts: case-insensitively as text, byte for byte (as written and
// lower-cased) in bytea. It returns "table.column holds TEXT (n rows)" for
// each find that allowed does not excuse.
func dataLeft(h *harness.Harness, texts []string, allowed func(table, column, text string) bool) []string {
	h.T.Helper()
	ctx := h.T.Context()
	rows, err := h.Store.Pool().Query(ctx, `SELECT c.table_name, c.column_name, c.data_type
		FROM information_schema.columns c JOIN information_schema.tables t
		  ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
		WHERE c.table_schema = 'public'
		  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
		ORDER BY c.table_name, c.column_name`)
	require.NoError(h.T, err)
	type column struct{ table, name, typ string }
	cols, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (column, error) {
		var c column
		return c, r.Scan(&c.table, &c.name, &c.typ)
	})
	require.NoError(h.T, err)
	require.Greater(h.T, len(cols), 100, "the scan reads the whole schema")
	var found []string
	for _, c := range cols {
		ident := pgx.Identifier{c.table}.Sanitize() + "." + pgx.Identifier{c.name}.Sanitize()
		where := "strpos(lower(" + ident + "::text), lower($1)) > 0"
		if c.typ == "bytea" {
			where = "position(convert_to($1, 'UTF8') IN " + ident + ") > 0 OR position(convert_to(lower($1), 'UTF8') IN " + ident + ") > 0"
		}
		for _, text := range texts {
			var n int
			err := h.Store.Pool().QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{c.table}.Sanitize()+" WHERE "+where, text).Scan(&n)
			require.NoError(h.T, err, "%s", ident)
			if n > 0 && (allowed == nil || !allowed(c.table, c.name, text)) {
				found = append(found, fmt.Sprintf("%s.%s holds %q (%d rows)", c.table, c.name, text, n))
			}
		}
	}
	return found
}

// workflowRunning reports whether a workflow's latest run is open.
func workflowRunning(h *harness.Harness, id string) bool {
	h.T.Helper()
	d, err := h.Worker.Client.DescribeWorkflowExecution(h.T.Context(), id, "")
	require.NoError(h.T, err, "%s", id)
	return d.WorkflowExecutionInfo.Status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
}
