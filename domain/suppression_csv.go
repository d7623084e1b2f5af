package domain

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// MaxSuppressionRows bounds one imported suppression file.
const MaxSuppressionRows = 100_000

// ParseSuppressionCSV reads a suppression list file: a header row naming an
// address column and, optionally, reason and source (any case, a UTF-8 byte
// order mark dropped), then one address per row. Cells go through
// CSVValue, so an exported file imports as it was. Every row is normalized
// and checked: one bad line refuses the whole file, each problem named
// lines[N].field. The same address twice counts once. A file that cannot be
// imported is a *ValidationError; a failure of the reader itself (a body
// over the upload limit) is returned wrapped.
func ParseSuppressionCSV(r io.Reader) ([]SuppressionInput, error) {
	rd := csv.NewReader(r)
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if errors.Is(err, io.EOF) {
		return nil, fileError("is empty; send a CSV with a header row naming an address column")
	}
	if err != nil {
		return nil, csvError(err)
	}
	col := map[string]int{}
	for i, name := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))] = i
	}
	if _, ok := col["address"]; !ok {
		return nil, fileError("has no address column in its header row (columns: address, reason, source)")
	}
	cell := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return CSVValue(rec[i])
		}
		return ""
	}
	var rows []SuppressionInput
	var lines []int
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		if len(rows) == MaxSuppressionRows {
			return nil, fileError(fmt.Sprintf("has more than %d rows", MaxSuppressionRows))
		}
		line, _ := rd.FieldPos(0)
		in := SuppressionInput{Address: cell(rec, "address"), Reason: cell(rec, "reason"), Source: cell(rec, "source")}
		in.Normalize()
		rows, lines = append(rows, in), append(lines, line)
	}
	if len(rows) == 0 {
		return nil, fileError("has no rows after the header")
	}
	if err := CheckSuppressionRows(rows, lines); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	return slices.DeleteFunc(rows, func(in SuppressionInput) bool {
		dup := seen[in.Address]
		seen[in.Address] = true
		return dup
	}), nil
}
