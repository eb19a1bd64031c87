package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzPlan feeds random files to the planner with a mapping of every field:
// it never panics, every refusal of the file is a *FileError with a reason,
// every rejected row has a row number and a reason, and the counts add up.
func FuzzPlan(f *testing.F) {
	f.Add("group,name,fax\nLab,A,416-555-0101\nLab,B,\n,C,nope\n")
	f.Add("name;fax\n\"quoted\nnewline\";+1 416 555 0101\n")
	f.Add("group,name,fax\nX,A,416-555-0101\nX,B,416-555-0199\n")
	f.Add("\"never closed,416\n")
	f.Add("")
	f.Add("name\tfax\tgroup\n\tx\t\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data string) {
		path := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		pv, err := Sniff(path, Options{}, 0)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Reason == "" {
				t.Fatalf("refusal without a reason: %v", err)
			}
			return
		}
		// Map the columns to group, name, fax, email, phone in turn.
		fields := []string{"group", "name", "fax", "email", "phone", "first_name", "last_name"}
		mapping := make([]string, len(pv.Header))
		for i := range mapping {
			if i < len(fields) {
				mapping[i] = fields[i]
			}
		}
		p, err := NewPlan(context.Background(), path, Settings{Mapping: mapping, Region: "US"}, NewKnown(), nil)
		if err != nil {
			var fe *FileError
			if errors.As(err, &fe) && fe.Reason == "" {
				t.Fatalf("refusal without a reason: %v", err)
			}
			return // a mapping without fax or name, or an unreadable file
		}
		for _, r := range p.Rejected {
			if r.Row < 2 || strings.TrimSpace(r.Reason) == "" {
				t.Fatalf("rejection without row or reason: %+v", r)
			}
		}
		imported, rejected, dups := 0, 0, 0
		for _, st := range p.rows.all() {
			switch st.status {
			case rowImport:
				imported++
			case rowRejected:
				rejected++
			case rowDuplicate:
				dups++
			}
		}
		if imported != p.Entities || dups != p.Duplicates || rejected > len(p.Rejected) {
			t.Fatalf("counts: %d imported rows for %d entities, %d duplicates for %d, %d rejected rows for %d reasons",
				imported, p.Entities, dups, p.Duplicates, rejected, len(p.Rejected))
		}
		if p.Contacts > p.Entities || p.Groups > p.Contacts {
			t.Fatalf("contacts %d, groups %d, entities %d", p.Contacts, p.Groups, p.Entities)
		}
	})
}
