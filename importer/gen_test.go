package importer

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// wideColumns is the width of writeWideCSV's files.
const wideColumns = 300

// wideAt is where writeWideCSV puts each field of genHeader among its
// columns: spread out, as a registry's are.
func wideAt(i int) int { return 3 + i*17 }

// wideMapping maps writeWideCSV's columns: genHeader's fields where
// wideAt puts them, nothing elsewhere.
func wideMapping() []string {
	m := make([]string, wideColumns)
	for i, f := range genHeader {
		m[wideAt(i)] = f
	}
	return m
}

// writeWideCSV writes writeCSV's rows as a registry's extract has them:
// wideColumns columns, genHeader's fields among others. Four in ten of the
// others hold a value of 4-16 characters (codes, dates, identifiers,
// names of taxonomies), the rest are empty.
func writeWideCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	narrow := filepath.Join(tb.TempDir(), "narrow.csv")
	writeCSV(tb, narrow, n)
	in, err := os.Open(narrow)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	rec := make([]string, wideColumns)
	fields := map[int]int{}
	for i := range genHeader {
		fields[wideAt(i)] = i
	}
	const filler = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	for row := 0; ; row++ {
		cells, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		for c := range rec {
			if i, ok := fields[c]; ok {
				rec[c] = cells[i]
				continue
			}
			if row == 0 {
				rec[c] = fmt.Sprintf("Provider Other Identifier %d (Issuer)", c)
				continue
			}
			h := uint32(row*2654435761) ^ uint32(c*40503)
			if h%10 >= 4 {
				rec[c] = ""
				continue
			}
			width := 4 + int(h>>8)%13
			start := int(h>>16) % (len(filler) - 16)
			rec[c] = filler[start : start+width]
		}
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
}
