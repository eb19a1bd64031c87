package importer

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeContacts writes a contact file of rows data rows and 17 columns,
// like an export of a large clinic network's directory, and returns its
// path and size.
func writeContacts(tb testing.TB, dir string, rows int) (string, int64) {
	tb.Helper()
	path := filepath.Join(dir, "contacts.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("Group,Fax,First Name,Last Name,Name,Title,Organization,Specialty,Phone,Mobile,Email,Address,City,Province,Postal Code,Country,Notes\r\n")
	firsts := []string{"Hélène", "Marc", "Priya", "John", "Amélie", "Wei", "Fatima", "Robert"}
	lasts := []string{"Tremblay", "Smith", "Gagnon", "O'Brien", "Nguyen", "Côté", "Patel", "Roy"}
	orgs := []string{"Riverside Medical Clinic", "St. Mary's Hospital", "Clinique Saint-Laurent", "Lakeview Imaging"}
	specs := []string{"Cardiology", "Radiology", "Family Medicine", "Dermatology", "Physiotherapy"}
	for i := range rows {
		group := ""
		if i%10 == 0 {
			group = orgs[i%len(orgs)] + " Referrals"
		}
		notes := ""
		switch i % 20 {
		case 3:
			notes = "\"Prefers faxes in the morning.\nCall first, \"\"urgent\"\" only.\""
		case 7:
			notes = "Closed on Fridays"
		}
		fmt.Fprintf(w, "%s,(514) 555-%04d,%s,%s,,Dr.,%s,%s,514-555-%04d,438-555-%04d,%s.%s@example.org,\"%d Rue Sherbrooke, Suite %d\",Montréal,QC,H2X %dA%d,Canada,%s\r\n",
			group, i%10000, firsts[i%len(firsts)], lasts[i%len(lasts)], orgs[i%len(orgs)], specs[i%len(specs)],
			(i+1)%10000, (i+2)%10000, strings.ToLower(firsts[i%len(firsts)]), strings.ToLower(lasts[i%len(lasts)]),
			100+i%9000, i%500, i%10, i%7, notes)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return path, st.Size()
}

// BenchmarkRead reads a generated file of a million rows of 17 columns,
// the size the import must take in about a second.
func BenchmarkRead(b *testing.B) {
	path, size := writeContacts(b, b.TempDir(), 1_000_000)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rows := 0
		_, err := Read(path, Options{}, func(row int, cells []string) error {
			rows++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if rows != 1_000_000 {
			b.Fatalf("read %d rows", rows)
		}
	}
}
