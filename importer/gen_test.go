package importer

import (
	"encoding/csv"
	"fmt"
	"os"
	"testing"

	"frontdesk/demo"
	"frontdesk/model"
)

// genHeader is the header of the generated files: every import field.
var genHeader = []string{"group", "fax", "first_name", "last_name", "name", "title", "organization", "specialty",
	"phone", "mobile", "email", "address", "city", "region", "postal_code", "country", "notes"}

// writeCSV writes a file of n rows made from demo.Generate, one row per
// person: a third of the rows in groups of 2-8 people sharing a fax, each
// group under a name of its own (two groups of one name with different
// numbers would be refused whole), the rest single contacts. It returns
// the number of rows.
func writeCSV(tb testing.TB, path string, n int) int {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(genHeader)
	rows, grouped, groups := 0, 0, 0
	rec := make([]string, len(genHeader))
	write := func(group, fax string, e model.Entity) {
		rec[0], rec[1] = group, model.FormatFax(fax, "US")
		for i, ef := range model.EntityFields {
			rec[2+i] = ef.Get(e)
		}
		w.Write(rec)
		rows++
	}
	for rows < n {
		for _, c := range demo.Generate(min(n, 100_000), int64(7+rows)) {
			es := c.Entities
			if c.Kind == model.Group && 3*(grouped+len(es)) <= rows+len(es) && rows+len(es) <= n {
				groups++
				name := fmt.Sprintf("%s %d", c.GroupName, groups)
				for _, e := range es {
					write(name, c.Fax, e)
				}
				grouped += len(es)
			} else {
				// A single contact: the group's first person when the
				// file has its third of grouped rows already.
				write("", c.Fax, es[0])
			}
			if rows >= n {
				break
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return rows
}
