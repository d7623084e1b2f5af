package api_test

import (
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
)

// dataLeft scans every column that can hold text (text, varchar, char,
// json, jsonb, bytea and arrays) of every table of the public schema for
// each of texts: case-insensitively as text, byte for byte (as written and
// lower-cased) in bytea. It returns "table.column holds TEXT (n rows)" for
// each find that allowed does not excuse.
func (h *harness) dataLeft(texts []string, allowed func(table, column, text string) bool) []string {
	h.t.Helper()
	ctx := h.t.Context()
	rows, err := h.st.Pool().Query(ctx, `SELECT c.table_name, c.column_name, c.data_type
		FROM information_schema.columns c JOIN information_schema.tables t
		  ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
		WHERE c.table_schema = 'public'
		  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
		ORDER BY c.table_name, c.column_name`)
	require.NoError(h.t, err)
	type column struct{ table, name, typ string }
	cols, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (column, error) {
		var c column
		return c, r.Scan(&c.table, &c.name, &c.typ)
	})
	require.NoError(h.t, err)
	require.Greater(h.t, len(cols), 100, "the scan reads the whole schema")
	var found []string
	for _, c := range cols {
		ident := pgx.Identifier{c.table}.Sanitize() + "." + pgx.Identifier{c.name}.Sanitize()
		where := "strpos(lower(" + ident + "::text), lower($1)) > 0"
		if c.typ == "bytea" {
			where = "position(convert_to($1, 'UTF8') IN " + ident + ") > 0 OR position(convert_to(lower($1), 'UTF8') IN " + ident + ") > 0"
		}
		for _, text := range texts {
			var n int
			err := h.st.Pool().QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{c.table}.Sanitize()+" WHERE "+where, text).Scan(&n)
			require.NoError(h.t, err, "%s", ident)
			if n > 0 && (allowed == nil || !allowed(c.table, c.name, text)) {
				found = append(found, fmt.Sprintf("%s.%s holds %q (%d rows)", c.table, c.name, text, n))
			}
		}
	}
	return found
}

// workflowRunning reports whether a workflow's latest run is open.
func (h *harness) workflowRunning(id string) bool {
	h.t.Helper()
	d, err := h.wk.Client.DescribeWorkflowExecution(h.t.Context(), id, "")
	require.NoError(h.t, err, "%s", id)
	return d.WorkflowExecutionInfo.Status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
}
