package leads

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// TestLeadImportRefusesBadCells: a cell no text column can hold (a NUL, bytes
// that are not UTF-8) refuses the whole file with the line and column, and a
// file name too long or with a NUL is refused; nothing is staged.
func TestLeadImportRefusesBadCells(t *testing.T) {
	h := harness.New(t)
	header := "first_name,last_name,email,sales_concept,source_type,consent_to_contact\n"
	good := "Ann,Able,ann" + h.Suffix + ",General Interest,Web,yes\n"
	before := h.RecordCounts()
	tests := []struct {
		name, fileName, csv string
		field, message      string
	}{
		{"NUL in a cell", "leads.csv", header + good + "Bob,Bad\x00,bob" + h.Suffix + ",General Interest,Web,yes\n", "file", "line 3, column 2 must not contain a NUL"},
		{"NUL in a header", "leads.csv", "first_name\x00\n" + "Ann\n", "file", "line 1, column 1 must not contain a NUL"},
		{"cell not UTF-8", "leads.csv", header + "Caf\xe9,Able,c" + h.Suffix + ",General Interest,Web,yes\n", "file", "line 2, column 1 must be UTF-8"},
		{"file name too long", strings.Repeat("n", 256) + ".csv", header + good, "file_name", "at most 255 characters"},
		{"file name with a NUL", "leads\x00.csv", header + good, "file_name", "NUL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, raw := h.UploadNamed(tc.fileName, tc.csv)
			var p harness.Problem
			require.NoError(t, harness.DecodeJSON(raw, &p), "%s", raw)
			require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%+v", p)
			assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
			var msgs []string
			for _, f := range p.Errors {
				if f.Field == tc.field {
					msgs = append(msgs, f.Message)
				}
			}
			assert.Contains(t, strings.Join(msgs, " | "), tc.message, "%+v", p)
		})
	}
	assert.Equal(t, before, h.RecordCounts(), "nothing was staged")
}

// TestLeadExportCannotCarryFormulas: every cell an export writes that a
// spreadsheet would run as a formula starts with an apostrophe, and the
// exported file imports back to the same values.
// plainNumber is a signed number, which a spreadsheet never runs as a formula.
var plainNumber = regexp.MustCompile(`^[+-][0-9]+(\.[0-9]+)?$`)

func TestLeadExportCannotCarryFormulas(t *testing.T) {
	h := harness.New(t)
	values := map[string]string{
		"first_name": `=HYPERLINK("http://evil.test","Click")`, "last_name": "@Formula", "company": "+cmd",
		"position": "-2", "source": "=1+1", "sales_concept": "=cmd|' /C calc'!A0", "phone": "+1 555 0100",
		"address": "'=quoted by hand", "address_city": "O'Brien Town", "market_segment": "Retail",
	}
	body := h.LeadBody("x", "y")
	for k, v := range values {
		body[k] = v
	}
	body["phone_country"] = domain.PhoneUnspecified
	l := h.CreateLead(body)
	values["email"] = l.Email

	resp, exported := get(h, "/api/v1/leads/export.csv?columns=all&q=Formula")
	require.Equal(t, http.StatusOK, resp.StatusCode, exported)
	rows, err := csv.NewReader(strings.NewReader(exported)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	cells := map[string]string{}
	for i, name := range rows[0] {
		cells[name] = rows[1][i]
	}
	for name, cell := range cells {
		if cell != "" && !plainNumber.MatchString(cell) {
			assert.NotContains(t, "=+-@\t\r", cell[:1], "column %s starts a formula: %q", name, cell)
		}
	}
	assert.Equal(t, `'=HYPERLINK("http://evil.test","Click")`, cells["first_name"])
	assert.Equal(t, "'@Formula", cells["last_name"])
	assert.Equal(t, "'+1 555 0100", cells["phone"])
	assert.Equal(t, "''=quoted by hand", cells["address"])
	assert.Equal(t, "O'Brien Town", cells["address_city"], "an apostrophe that defuses nothing is left alone")

	// The export's lead fields, uploaded as they are, import as the same values.
	var header, record []string
	for _, name := range rows[0] {
		if domain.ImportFieldKnown(name) {
			header, record = append(header, name), append(record, cells[name])
		}
	}
	var file bytes.Buffer
	w := csv.NewWriter(&file)
	require.NoError(t, w.WriteAll([][]string{header, record}))
	var imp domain.LeadImport
	require.Equal(t, http.StatusCreated, h.Upload(file.String(), &imp).StatusCode, "%+v", imp)
	var page domain.Page[domain.ImportRow]
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/lead-imports/"+imp.ID+"/rows", nil, &page).StatusCode)
	require.Len(t, page.Items, 1)
	for name, want := range values {
		assert.Equal(t, want, page.Items[0].Data[name], "column %s", name)
	}
}
