package importer

import (
	"encoding/csv"
	"os"
	"testing"

	"frontdesk/demo"
	"frontdesk/model"
)

// genHeader is the header of the generated files: every import field.
var genHeader = []string{"group", "fax", "first_name", "last_name", "name", "title", "organization", "specialty",
	"phone", "mobile", "email", "address", "city", "region", "postal_code", "country", "notes"}

// writeCSV writes a file of about n rows made from demo.Generate: one row
// per person, the people of a multiple-entity contact under its group name
// with the shared fax. It returns the number of rows.
func writeCSV(tb testing.TB, path string, n int) int {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(genHeader)
	rows := 0
	rec := make([]string, len(genHeader))
	for _, c := range demo.Generate(n, 7) {
		for _, e := range c.Entities {
			rec[0], rec[1] = c.GroupName, model.FormatFax(c.Fax, "US")
			for i, ef := range model.EntityFields {
				rec[2+i] = ef.Get(e)
			}
			w.Write(rec)
			rows++
			if rows >= n {
				break
			}
		}
		if rows >= n {
			break
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return rows
}
