package domain

import "strings"

// csvFormulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, CSV injection).
const csvFormulaStarts = "=+-@\t\r"

// csvNeedsQuote reports whether a cell must be written with a leading
// apostrophe: it starts with a formula character, or with apostrophes
// followed by one (so that a value that really begins with "'=" also comes
// back unchanged).
func csvNeedsQuote(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return rest != "" && strings.IndexByte(csvFormulaStarts, rest[0]) >= 0
}

// CSVCell is a value as a CSV export writes it: a cell that a spreadsheet
// would run as a formula gets a leading apostrophe, which shows the text as
// it is. Every CSV writer passes each cell through it.
func CSVCell(s string) string {
	if csvNeedsQuote(s) {
		return "'" + s
	}
	return s
}

// CSVValue is the value a CSV cell holds, the inverse of CSVCell: the
// apostrophe an export put before a formula character is dropped again, so
// an exported file imports as it was. Every CSV reader passes each cell
// through it.
func CSVValue(cell string) string {
	if strings.HasPrefix(cell, "'") && csvNeedsQuote(cell[1:]) {
		return cell[1:]
	}
	return cell
}
