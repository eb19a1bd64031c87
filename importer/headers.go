package importer

import (
	"fmt"
	"strconv"
	"strings"
)

// repeatedHeaders says which names of the file's first record (cells)
// head more than one column: the first column keeps the name, the others
// are called "Column N" in header, and whoever maps the file by name must
// know which column is which.
func repeatedHeaders(cells, header []string) []string {
	cols := map[string][]int{}
	var order []string
	for i, c := range cells {
		name := headerName(c)
		if name == "" {
			continue
		}
		if cols[name] == nil {
			order = append(order, name)
		}
		cols[name] = append(cols[name], i)
	}
	var out []string
	for _, name := range order {
		c := cols[name]
		if len(c) < 2 {
			continue
		}
		all, others, called := make([]string, len(c)), make([]string, len(c)-1), make([]string, len(c)-1)
		for k, i := range c {
			all[k] = column(i)
			if k > 0 {
				others[k-1], called[k-1] = column(i), strconv.Quote(header[i])
			}
		}
		is := "is"
		if len(others) > 1 {
			is = "are"
		}
		out = append(out, fmt.Sprintf("the header %q names %d columns, %s: %q is column %s, and column %s %s called %s here",
			name, len(c), andList(all), name, all[0], andList(others), is, andList(called)))
	}
	return out
}

// column names column i (0-based) by its number and its spreadsheet
// letter: "4 (D)".
func column(i int) string {
	return strconv.Itoa(i+1) + " (" + columnLetter(i) + ")"
}

// columnLetter is the spreadsheet's name of column i (0-based): A, ..., Z, AA, AB.
func columnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// andList writes "1", "1 and 2", "1, 2 and 3".
func andList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
