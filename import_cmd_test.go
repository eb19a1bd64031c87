package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"frontdesk/export"
	"frontdesk/store"
	"frontdesk/ui/scenes"
)

func sampleFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "clinic.csv")
	if err := os.WriteFile(p, []byte(scenes.SampleCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportCommandJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fd.db")
	file := sampleFile(t)
	code, out, errs := runCmd(t, "import", file, "--db", db, "--json")
	if code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	if !strings.Contains(errs, "Mapping (suggested): First Name=first_name,") {
		t.Errorf("the suggested mapping is not printed: %q", errs)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	keys := make([]string, 0, len(rep))
	for k := range rep {
		keys = append(keys, k)
	}
	want := map[string]any{"contacts": 3.0, "groups": 1.0, "entities": 4.0, "duplicates": 0.0}
	for k, v := range want {
		if rep[k] != v {
			t.Errorf("%s = %v, want %v", k, rep[k], v)
		}
	}
	rejected := rep["rejected"].([]any)
	if len(rejected) != 2 || rejected[0].(map[string]any)["row"] != 5.0 ||
		!strings.Contains(rejected[1].(map[string]any)["reason"].(string), "email") {
		t.Errorf("rejected %v", rejected)
	}
	if by, _ := json.Marshal(rep["rejected_by_reason"]); string(by) != `[{"kind":"email not valid","rows":1},{"kind":"no fax number","rows":1}]` {
		t.Errorf("rejected_by_reason %s", by)
	}
	if _, ok := rep["warnings"].([]any); !ok {
		t.Errorf("warnings is not a list: %v", rep["warnings"])
	}
	// Again: everything is a duplicate now, nothing changes.
	_, out, _ = runCmd(t, "import", file, "--db", db, "--json")
	json.Unmarshal([]byte(out), &rep)
	if rep["contacts"] != 0.0 || rep["duplicates"] != 4.0 {
		t.Errorf("second import: %v", rep)
	}
	// The text report names the first duplicates, and counts the rest.
	big := filepath.Join(t.TempDir(), "many.csv")
	var b strings.Builder
	b.WriteString("name,fax\n")
	for i := range 30 {
		fmt.Fprintf(&b, "Desk %d,416-555-%04d\n", i, i)
	}
	os.WriteFile(big, []byte(b.String()), 0o644)
	runCmd(t, "import", big, "--db", db)
	_, out, _ = runCmd(t, "import", big, "--db", db)
	if !strings.Contains(out, "30 people already in the contact book") || strings.Count(out, "  row ") != 20 ||
		!strings.Contains(out, "  and 10 more\n") {
		t.Errorf("second import of 30 rows:\n%s", out)
	}
	// The mapping is remembered for a file with the same headers.
	_, out, _ = runCmd(t, "import", file, "--db", db, "--dry-run")
	if !strings.Contains(out, "Mapping (remembered from ") {
		t.Errorf("the mapping was not remembered: %q", out)
	}
}

func TestImportCommandDryRunWritesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fd.db")
	code, out, errs := runCmd(t, "import", "--dry-run", sampleFile(t), "--db", db)
	if code != 0 || !strings.Contains(out, "Would import (dry run, nothing written) 3 contacts") {
		t.Fatalf("dry run: %d %q %q", code, out, errs)
	}
	if !strings.Contains(out, "2 rows rejected (1 email not valid, 1 no fax number):\n  row 5: no fax number") {
		t.Errorf("the report lacks the rejected row: %q", out)
	}
	_, exported, _ := runCmd(t, "export", "--db", db, "--format", "json")
	if strings.TrimSpace(exported) != "[]" {
		t.Errorf("a dry run wrote: %s", exported)
	}
}

func TestImportCommandFailures(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("name,fax\n\"never closed,416-555-0101\nB,416-555-0102\n"), 0o644)
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, nil, 0o644)
	good := sampleFile(t)
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"missing file", []string{"import", filepath.Join(dir, "nope.csv"), "--db", db}, 1, "nothing was imported"},
		{"unclosed quote", []string{"import", bad, "--db", db}, 1, "line 2"},
		{"empty file", []string{"import", empty, "--db", db}, 1, "empty"},
		{"no file named", []string{"import", "--db", db}, 2, "name one file"},
		{"two files", []string{"import", good, good, "--db", db}, 2, "name one file"},
		{"unknown column in --map", []string{"import", good, "--db", db, "--map", "Fax#=fax"}, 2, "Fax#"},
		{"unknown field in --map", []string{"import", good, "--db", db, "--map", "Business Fax=faks"}, 2, "faks"},
		{"mapping without a fax", []string{"import", good, "--db", db, "--map", "First Name=first_name"}, 2, "fax"},
		{"bad delimiter", []string{"import", good, "--db", db, "--delimiter", "x"}, 2, "--delimiter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.err) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, tt.code, tt.err)
			}
		})
	}
	_, exported, _ := runCmd(t, "export", "--db", db, "--format", "json")
	if strings.TrimSpace(exported) != "[]" {
		t.Errorf("a failed import wrote: %s", exported)
	}
}

// export --format csv imports back into an empty database as the same
// contacts.
func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	runCmd(t, "demo", "--db", a)
	_, csvOut, _ := runCmd(t, "export", "--db", a)
	file := filepath.Join(dir, "export.csv")
	os.WriteFile(file, []byte(csvOut), 0o644)
	if code, out, errs := runCmd(t, "import", file, "--db", b); code != 0 || !strings.Contains(out, "Mapping (suggested): group=group,fax=fax,first_name=first_name") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	load := func(db string) []export.Contact {
		_, out, _ := runCmd(t, "export", "--db", db, "--format", "json")
		var cs []export.Contact
		if err := json.Unmarshal([]byte(out), &cs); err != nil {
			t.Fatal(err)
		}
		for i := range cs {
			cs[i].ID = 0
		}
		return cs
	}
	want, got := load(a), load(b)
	if len(want) < 300 {
		t.Fatalf("%d contacts in the demo", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		for i := range want {
			if i >= len(got) || !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("contact %d differs after the round trip:\n got %+v\nwant %+v", i, got[min(i, len(got)-1)], want[i])
			}
		}
		t.Fatalf("%d contacts after the round trip, want %d", len(got), len(want))
	}
}

// Patients export and import back into an empty database as the same
// patients, with their employers.
func TestPatientsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	runCmd(t, "demo", "--db", a)
	_, csvOut, _ := runCmd(t, "export", "--db", a, "--kind", "patients")
	file := filepath.Join(dir, "patients.csv")
	os.WriteFile(file, []byte(csvOut), 0o644)
	code, out, errs := runCmd(t, "import", file, "--db", b, "--kind", "patients", "--json")
	if code != 0 || !strings.Contains(out, `"patients": 250`) || !strings.Contains(out, `"employers": 12`) {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	load := func(db string) []export.Patient {
		_, out, _ := runCmd(t, "export", "--db", db, "--kind", "patients", "--format", "json")
		var ps []export.Patient
		if err := json.Unmarshal([]byte(out), &ps); err != nil {
			t.Fatal(err)
		}
		for i := range ps {
			ps[i].ID = 0
		}
		return ps
	}
	if want, got := load(a), load(b); !reflect.DeepEqual(got, want) {
		t.Errorf("patients differ after the round trip: %d vs %d", len(got), len(want))
	}
	if code, _, errs := runCmd(t, "import", file, "--db", b, "--kind", "people"); code != 2 || !strings.Contains(errs, "--kind") {
		t.Errorf("bad kind: %d %q", code, errs)
	}
	// The demo's four doctors are no users of b: made, without sign-in.
	var rep struct {
		Providers []string `json:"new_providers"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Providers) != 4 {
		t.Errorf("new providers %q (%v)", rep.Providers, err)
	}
}

// The report of a patient import names the providers it makes, without
// sign-in, and the names to check.
func TestPatientImportReportsProviders(t *testing.T) {
	dir := t.TempDir()
	db, file := filepath.Join(dir, "fd.db"), filepath.Join(dir, "patients.csv")
	os.WriteFile(file, []byte("Name,DOB,Chart,Provider\nZoë Ouellet,1984-03-07,A-1,Dr. Inconnu\n"+
		"Marc Roy,1990-12-01,A-2,Dr Inconnue\nAnn Lee,1991-01-02,A-3,DR. INCONNU\n"), 0o644)
	code, out, errs := runCmd(t, "import", file, "--db", db, "--kind", "patients", "--dry-run")
	if code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	for _, want := range []string{
		"Warning: 2 new providers: Dr. Inconnu, Dr Inconnue — made without sign-in; an admin activates them on the Staff screen",
		`Warning: the new provider "Dr Inconnue" (row 3) looks like the new provider "Dr. Inconnu"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "looks like") != 1 {
		t.Errorf("a pair of look-alikes pointed out more than once:\n%s", out)
	}
}

// Ambiguous dates of birth are read as the clinic's region writes them
// (month first in the US, the default region) unless --date-order says
// otherwise.
func TestImportReadsDatesInTheRegionsOrder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "patients.csv")
	os.WriteFile(file, []byte("First Name,Last Name,Date of Birth,Chart Number\nAnn,Lee,03/04/1984,C-1\n"), 0o644)
	born := func(db string) string {
		t.Helper()
		_, out, errs := runCmd(t, "export", "--db", db, "--kind", "patients", "--format", "json")
		var ps []export.Patient
		if err := json.Unmarshal([]byte(out), &ps); err != nil || len(ps) != 1 {
			t.Fatalf("export: %v %s %s", err, out, errs)
		}
		return ps[0].DateOfBirth
	}
	tests := []struct {
		name, region string
		flags        []string
		want         string
	}{
		{"US, the default region", "", nil, "1984-03-04"},
		{"France", "FR", nil, "1984-04-03"},
		{"US, told day first", "US", []string{"--date-order", "day"}, "1984-04-03"},
		{"France, told month first", "FR", []string{"--date-order", "month"}, "1984-03-04"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(dir, fmt.Sprintf("%d.db", i))
			if tt.region != "" {
				st, err := store.Open(t.Context(), db)
				if err != nil {
					t.Fatal(err)
				}
				if err := st.SetRegion(store.WithActor(t.Context(), "t"), tt.region); err != nil {
					t.Fatal(err)
				}
				st.Close()
			}
			args := append([]string{"import", file, "--db", db, "--kind", "patients"}, tt.flags...)
			code, out, errs := runCmd(t, args...)
			if code != 0 {
				t.Fatalf("import: %d %s %s", code, out, errs)
			}
			if got := born(db); got != tt.want {
				t.Errorf("03/04/1984 read as %s, want %s\n%s", got, tt.want, out)
			}
		})
	}
	if code, _, errs := runCmd(t, "import", file, "--db", filepath.Join(dir, "x.db"), "--kind", "patients", "--date-order", "year"); code != 2 ||
		!strings.Contains(errs, "--date-order must be day or month") {
		t.Errorf("--date-order year: %d %s", code, errs)
	}
}

// A header that names two columns is warned about, with the columns, in
// the text and the JSON reports, for contacts and patients.
func TestImportWarnsOfDuplicateHeaders(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	contacts := filepath.Join(dir, "contacts.csv")
	os.WriteFile(contacts, []byte("Name,Fax,Phone,Fax\nAnn Lee,416-555-0101,416-555-0102,416-555-0199\n"), 0o644)
	patients := filepath.Join(dir, "patients.csv")
	os.WriteFile(patients, []byte("First Name,Last Name,Chart Number,Last Name,Date of Birth\nAnn,Lee,C-1,Li,1984-03-07\n"), 0o644)
	for _, tt := range []struct {
		file, kind, header string
	}{
		{contacts, "contacts", "Fax"},
		{patients, "patients", "Last Name"},
	} {
		want := fmt.Sprintf(`the header %q names 2 columns, 2 (B) and 4 (D): %[1]q is column 2 (B), and column 4 (D) is called "Column 4" here`, tt.header)
		code, out, errs := runCmd(t, "import", tt.file, "--db", db, "--kind", tt.kind, "--dry-run")
		if code != 0 || !strings.Contains(out, "Warning: "+want) {
			t.Errorf("%s: exit %d, stdout %s, stderr %s; want the warning %q", tt.kind, code, out, errs, want)
		}
		_, out, _ = runCmd(t, "import", tt.file, "--db", db, "--kind", tt.kind, "--dry-run", "--json")
		var rep struct{ Warnings []string }
		if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Warnings) == 0 || !strings.HasPrefix(rep.Warnings[0], want) {
			t.Errorf("%s --json: warnings %q (%v)", tt.kind, rep.Warnings, err)
		}
	}
}
