package domain

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ImportIgnoredFields are the columns the lead export writes that an import
// does not take: read-only fields (id, score, status, owner, creator,
// contact, times). An import accepts and ignores them, so that an exported
// file imports as it is.
var ImportIgnoredFields = []string{"id", "score", "status", "owner_id", "created_by", "contact_id",
	"converted_at", "created_at", "updated_at"}

func importIgnored(name string) bool {
	for _, f := range ImportIgnoredFields {
		if f == name {
			return true
		}
	}
	return false
}

// ParseImportCSV reads a lead import file, a header row of lead field names
// and then one lead per row, into each row's values by field name. It is the
// one place where the file's text becomes values: headers are matched
// case-insensitively (a UTF-8 byte order mark is dropped), cells are
// trimmed, and ignored columns are left out. A file that cannot be imported
// is a *ValidationError on "file"; an error of the reader itself (such as a
// body over the upload limit) is returned wrapped.
func ParseImportCSV(r io.Reader) ([]map[string]string, error) {
	rd := csv.NewReader(r)
	rd.TrimLeadingSpace = true
	header, err := rd.Read()
	if errors.Is(err, io.EOF) {
		return nil, fileError("is empty; send a CSV with a header row")
	}
	if err != nil {
		return nil, csvError(err)
	}
	if err := checkCells(rd, header); err != nil {
		return nil, err
	}
	var v Validator
	seen := map[string]bool{}
	keep := make([]bool, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		header[i] = h
		keep[i] = ImportFieldKnown(h)
		v.Check(keep[i] || importIgnored(h), "file", "column %q is not a lead field (known: %s)", h, strings.Join(ImportFields, ", "))
		v.Check(!seen[h], "file", "column %q appears twice", h)
		seen[h] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var rows []map[string]string
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		if err := checkCells(rd, rec); err != nil {
			return nil, err
		}
		if len(rows) == MaxImportRows {
			return nil, fileError(fmt.Sprintf("has more than %d rows", MaxImportRows))
		}
		data := make(map[string]string, len(header))
		for i, h := range header {
			if keep[i] {
				data[h] = importCell(rec[i])
			}
		}
		rows = append(rows, data)
	}
	if len(rows) == 0 {
		return nil, fileError("has no rows after the header")
	}
	return rows, nil
}

// importCell is the value a CSV cell holds for a lead field: trimmed, with
// the apostrophe an export put before a formula character dropped again
// (CSVValue), so an exported file imports as it was.
func importCell(s string) string {
	return strings.TrimSpace(CSVValue(s))
}

// checkCells refuses a record with a cell that is not text a column can
// store (a NUL, bytes that are not UTF-8), naming each such cell's line and
// column: the staging area could not keep it, so the user fixes the file.
func checkCells(rd *csv.Reader, rec []string) error {
	var v Validator
	for i, cell := range rec {
		if p := TextProblem(cell); p != "" {
			line, _ := rd.FieldPos(i)
			v.Add("file", "line %d, column %d %s", line, i+1, p)
		}
	}
	return v.Err()
}

func fileError(msg string) error {
	return &ValidationError{Fields: []FieldError{{Field: "file", Message: msg}}}
}

// csvError tells a file that is not valid CSV (a *ValidationError) from a
// failure to read it (returned wrapped).
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fileError("is not valid CSV: " + err.Error())
	}
	return fmt.Errorf("reading the CSV file: %w", err)
}
