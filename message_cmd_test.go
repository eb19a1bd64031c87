package main

import (
	"encoding/json"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// A portal's hand-over: good lines are routed (each printed with who it
// went to), a malformed line and a message for an unknown chart are
// reported with their line numbers, and the rest still go in.
func TestMessageIngestAndInbox(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	if code, _, errs := runCmd(t, "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	lines := strings.Join([]string{
		`{"patient": "C-10001", "category": "Appointments", "subject": "Move my visit", "received": "2026-11-20 09:30"}`,
		`{"patient": "C-10001", "category": "Appointments", "subject": "broken`,
		``,
		`{"patient": "C-99999", "category": "Billing", "subject": "Bill"}`,
		`{"patient": "C-10002", "category": "Test results", "body": "Are they in?"}`,
		`{"patient": "C-10002", "category": "Horoscope", "subject": "?"}`,
		`{"category": "Billing", "subject": "no patient"}`,
	}, "\n")
	file := filepath.Join(dir, "portal.jsonl")
	os.WriteFile(file, []byte(lines), 0o644)
	code, out, errs := runCmd(t, "message", "ingest", "--db", db, file)
	if code != 0 {
		t.Fatalf("ingest: %d %s", code, errs)
	}
	for _, want := range []string{"portal.jsonl line 2: not a JSON object", "line 4: no patient has chart number C-99999",
		`line 6: "Horoscope" is not a category`, `line 7: "patient" (the chart number) is missing`} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	got := strings.Split(strings.TrimSpace(out), "\n")
	if len(got) != 2 || !strings.HasPrefix(got[0], "25\t") || !strings.Contains(got[0], "amy.ng,benoit.roy,carla.diaz") {
		t.Fatalf("routed:\n%s", out)
	}
	// Test results have no route: the patient's provider gets them.
	if id, users, _ := strings.Cut(got[1], "\t"); id != "26" || strings.Contains(users, ",") || users == "" {
		t.Errorf("test results went to %q", got[1])
	}

	// The same through standard input.
	code, out, _ = runCmdIn(t, `{"patient": "C-10003", "category": "billing", "subject": "Receipt"}`+"\n", "message", "ingest", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "27\tcarla.diaz,sophie.tremblay") {
		t.Errorf("stdin: %d %q", code, out)
	}

	code, out, errs = runCmd(t, "inbox", "--db", db, "--user", "amy.ng", "--json")
	if code != 0 {
		t.Fatalf("inbox: %s", errs)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("inbox JSON: %v\n%s", err, out)
	}
	var found map[string]any
	for _, it := range items {
		for _, k := range []string{"id", "patient", "category", "subject", "received", "state", "routed_to", "reason"} {
			if _, ok := it[k]; !ok {
				t.Fatalf("item lacks %q: %v", k, it)
			}
		}
		if it["id"] == 25.0 {
			found = it
		}
	}
	if found == nil || found["patient"] != "C-10001" || found["state"] != "unread" || found["reason"] != "member of Front Office" ||
		!strings.HasPrefix(found["received"].(string), "2026-11-20T09:30:00") || len(found["routed_to"].([]any)) != 3 {
		t.Errorf("message 25 in amy's inbox: %v", found)
	}
	// Passed on by Amy to Benoît, message 25 leaves Carla's unread: her
	// inbox says who has it.
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	amy, _ := st.UserByUsername(t.Context(), "amy.ng")
	benoit, _ := st.UserByUsername(t.Context(), "benoit.roy")
	if _, err := st.Reassign(store.WithActor(t.Context(), "amy.ng"), 25, amy.ID, model.Recipient{UserID: benoit.ID}, "call back"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errs = runCmd(t, "inbox", "--db", db, "--user", "carla.diaz")
	if line := lineOf(out, "25\t"); code != 0 || !strings.HasPrefix(line, "25\tbenoit.roy has it\t") {
		t.Errorf("carla's inbox: %d %q %s", code, line, errs)
	}
	_, out, _ = runCmd(t, "inbox", "--db", db, "--user", "carla.diaz", "--json")
	items = nil
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it["id"] == 25.0 && (it["state"] != "done" || it["handling"] != "benoit.roy has it" || len(it["with"].([]any)) != 1) {
			t.Errorf("message 25 in carla's inbox: %v", it)
		}
	}
	if code, _, errs := runCmd(t, "inbox", "--db", db, "--user", "nobody"); code != 1 || !strings.Contains(errs, "nobody") {
		t.Errorf("an unknown user's inbox: %d %s", code, errs)
	}
	if code, _, _ := runCmd(t, "message", "--db", db); code != 2 {
		t.Errorf("message without ingest: %d", code)
	}
}

// lineOf is the first line of out that starts with prefix.
func lineOf(out, prefix string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

func FuzzParseMessage(f *testing.F) {
	f.Add(`{"patient": "C-1", "category": "Billing", "subject": "x", "received": "2026-11-20 09:30"}`)
	f.Add(`{"patient": 12, "category": "", "body": ""}`)
	f.Add(`{"patient": [1], "category": "a", "subject": "b"} {}`)
	f.Add(`{"received": "yesterday", "patient": "1", "category": "a", "subject": "b"}`)
	f.Fuzz(func(t *testing.T, line string) {
		m, err := parseMessage(line, time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
		if err != nil {
			if err.Error() == "" {
				t.Error("a refusal without its reason")
			}
			return
		}
		if m.Chart == "" || m.Category == "" || (strings.TrimSpace(m.Subject) == "" && strings.TrimSpace(m.Body) == "") {
			t.Errorf("accepted an incomplete message: %+v", m)
		}
	})
}

// Commands act as the OS user's frontdesk user: once the database has an
// admin, an OS user who is not a user is refused, and one whose roles do
// not allow a change is refused with the role it takes; nothing is written.
func TestCommandsCheckTheActingUser(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	me, err := user.Current()
	if err != nil {
		t.Skip("no OS user")
	}
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	boss := store.WithActor(t.Context(), "boss")
	if _, err := st.ActingUser(boss, "The Boss"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	csv := filepath.Join(dir, "c.csv")
	os.WriteFile(csv, []byte("First Name,Last Name,Fax\nAnn,Lee,416-555-0101\n"), 0o644)
	if code, _, errs := runCmd(t, "import", csv, "--db", db); code != 1 || !strings.Contains(errs, "is not a frontdesk user") {
		t.Errorf("a stranger imports: %d %s", code, errs)
	}
	st, _ = store.Open(t.Context(), db)
	if _, err := st.CreateUser(boss, model.User{Name: "Me", Username: me.Username, Kind: model.KindProvider, Active: true,
		Roles: []model.Role{model.RoleClinician}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, _, errs := runCmd(t, "import", csv, "--db", db); code != 1 || !strings.Contains(errs, "may not edit contacts: that takes the role admin, secretary or front desk") {
		t.Errorf("a clinician imports contacts: %d %s", code, errs)
	}
	if code, out, _ := runCmd(t, "export", "--db", db, "--format", "json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("export: %d %q", code, out)
	}
}

// A hand-over is told line by line in the order of the file, whichever
// step refused a line (reading it, or the database); received times from
// year 0 or the future are refused; a hand-over that stored nothing exits
// 1; a file that cannot be read names its path once.
func TestMessageIngestTellsEachLineInOrder(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	if code, _, errs := runCmd(t, "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	ahead := time.Now().Add(72 * time.Hour).Format("2006-01-02 15:04")
	soon := time.Now().Add(time.Hour).Format(time.RFC3339) // a portal's clock a little ahead
	lines := strings.Join([]string{
		`{"patient": "C-99999", "category": "Billing", "subject": "unknown chart"}`,
		`{"patient": "C-10001", "category": "Billing", "subject": "year 0", "received": "0000-01-01 00:00"}`,
		`{"patient": "C-10001", "category": "Horoscope", "subject": "unknown category"}`,
		`not json`,
		`{"patient": "C-10001", "category": "Billing", "subject": "ahead", "received": "` + ahead + `"}`,
		`{"patient": "C-10001", "category": "Billing", "subject": "fine", "received": "` + soon + `"}`,
		`{"patient": "C-10001", "category": "Billing", "subject": "typo", "received": "1026-11-20"}`,
	}, "\n")
	file := filepath.Join(dir, "portal.jsonl")
	os.WriteFile(file, []byte(lines), 0o644)
	code, out, errs := runCmd(t, "message", "ingest", "--db", db, file)
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Fatalf("ingest: exit %d, stdout %q, stderr %s", code, out, errs)
	}
	want := []string{
		"portal.jsonl line 1: no patient has chart number C-99999",
		`portal.jsonl line 2: "received" "0000-01-01 00:00" is before 2000`,
		`portal.jsonl line 3: "Horoscope" is not a category`,
		"portal.jsonl line 4: not a JSON object",
		`portal.jsonl line 5: "received" "` + ahead + `" is in the future`,
		`portal.jsonl line 7: "received" "1026-11-20" is before 2000`,
	}
	got := strings.Split(strings.TrimSpace(errs), "\n")
	if len(got) != len(want) {
		t.Fatalf("stderr:\n%s", errs)
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("line %d of stderr is %q, want %q", i+1, got[i], want[i])
		}
	}

	// Nothing stored: exit 1, saying so, and nothing is written.
	before, _, _ := runCmd(t, "inbox", "--db", db, "--user", "amy.ng", "--json")
	bad := strings.Join([]string{`{"patient": "C-99999", "category": "Billing", "subject": "x"}`, `{"patient": "C-10001"}`}, "\n")
	code, out, errs = runCmdIn(t, bad, "message", "ingest", "--db", db)
	if code != 1 || out != "" || !strings.Contains(errs, "standard input: nothing was taken in (2 lines were refused)") ||
		strings.Index(errs, "line 1:") > strings.Index(errs, "line 2:") {
		t.Errorf("nothing stored: exit %d, stdout %q, stderr %s", code, out, errs)
	}
	if code, _, errs := runCmdIn(t, "\n\n", "message", "ingest", "--db", db); code != 1 || !strings.Contains(errs, "no line holds a message") {
		t.Errorf("an empty hand-over: exit %d, stderr %s", code, errs)
	}
	if after, _, _ := runCmd(t, "inbox", "--db", db, "--user", "amy.ng", "--json"); after != before {
		t.Error("a refused hand-over changed the inbox")
	}
	// A path is named once.
	for _, path := range []string{dir, filepath.Join(dir, "nope.jsonl")} {
		code, _, errs := runCmd(t, "message", "ingest", "--db", db, path)
		if code != 1 || strings.Count(errs, path) != 1 {
			t.Errorf("ingest %s: exit %d, stderr %q; want the path named once", path, code, errs)
		}
	}
}
