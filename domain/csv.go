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
	return rest != "" && strings.IndexByte(csvFormulaStarts, rest[0]) >= 0 && !plainNumber(rest)
}

// plainNumber reports whether s is a signed decimal number and nothing else
// ("+14155550100", "-5", "+2.50"): a spreadsheet reads it as a number, never
// as a formula, so it is written as it is. This keeps E.164 phone numbers
// and negative amounts readable; anything more ("+1 555", "-1+1") is quoted.
func plainNumber(s string) bool {
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return false
	}
	digits, dot := 0, false
	for _, r := range s[1:] {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' && !dot && digits > 0:
			dot = true
		default:
			return false
		}
	}
	return digits > 0 && s[len(s)-1] != '.'
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
