package model

import "strings"

// formulaStart holds the characters that make a spreadsheet read a cell as
// a formula (OWASP, CSV injection).
const formulaStart = "=+-@\t\r"

// formulaLike reports whether s is some single quotes (maybe none) then a
// character that starts a formula.
func formulaLike(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.IndexByte(formulaStart, s[0]) >= 0
}

// FormulaSafe returns a CSV cell that no spreadsheet runs as a formula: a
// cell starting with =, +, -, @, tab or CR gets a leading single quote, as
// OWASP's CSV-injection guidance says. So that UnformulaSafe can undo it
// exactly, a cell of quotes before such a character gets one more.
func FormulaSafe(s string) string {
	if formulaLike(s) {
		return "'" + s
	}
	return s
}

// UnformulaSafe undoes FormulaSafe: it removes the leading quote of a cell
// of quotes before =, +, -, @, tab or CR. Other cells are left as they are.
func UnformulaSafe(s string) string {
	if strings.HasPrefix(s, "'") && formulaLike(s) {
		return s[1:]
	}
	return s
}
