package main

import (
	"encoding/json"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// An admin reads the audit log on the command line, narrowed as on the
// screen; the change of a fax shows its number before and after; others
// are refused.
func TestAuditCommand(t *testing.T) {
	me, err := user.Current()
	if err != nil {
		t.Skip("no OS user:", err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	admin := store.WithActor(t.Context(), me.Username)
	if _, err := st.ActingUser(admin, "Me"); err != nil {
		t.Fatal(err)
	}
	ann, err := st.CreateContact(admin, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}})
	if err != nil {
		t.Fatal(err)
	}
	ann.Fax = "+14165550199"
	if _, err := st.UpdateContact(admin, ann); err != nil {
		t.Fatal(err)
	}
	st.Close()

	code, out, errs := runCmd(t, "audit", "--db", db, "--record", "contact 1")
	if code != 0 {
		t.Fatalf("audit: %d %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 || !strings.Contains(lines[0], "\tupdate\tcontact 1\t") ||
		lines[1] != "\t~ Fax: +14165550101 -> +14165550199" || !strings.Contains(lines[2], "\tcreate\tcontact 1\t") {
		t.Errorf("audit:\n%s", out)
	}
	code, out, errs = runCmd(t, "audit", "--db", db, "--record", "contact", "--since", "2000-01-01", "--until", "1 Jan 2100", "--json")
	var got []auditEntry
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("audit --json: %d %v %s", code, err, errs)
	}
	if len(got) != 2 || got[0].Action != "update" || got[0].Before == nil || got[1].Before != nil || got[1].After == nil {
		t.Errorf("audit --json: %+v", got)
	}
	if code, out, _ := runCmd(t, "audit", "--db", db, "--since", "2099-01-01"); code != 0 || out != "No change matches.\n" {
		t.Errorf("nothing since 2099: %d %q", code, out)
	}
	if code, _, errs := runCmd(t, "audit", "--db", db, "--since", "31/02/2026"); code != 2 || !strings.Contains(errs, `--since "31/02/2026" is not a day`) {
		t.Errorf("a bad date: %d %s", code, errs)
	}

	// The OS user as front desk: refused.
	st, err = store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := st.UserByUsername(t.Context(), me.Username)
	if _, err := st.CreateUser(admin, model.User{Name: "Boss", Username: "boss-" + me.Username, Kind: model.KindStaff, Active: true,
		Roles: []model.Role{model.RoleAdmin}}); err != nil {
		t.Fatal(err)
	}
	u.Roles = []model.Role{model.RoleFrontDesk}
	if _, err := st.UpdateUser(admin, u); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, _, errs := runCmd(t, "audit", "--db", db); code != 1 || !strings.Contains(errs, "that takes the role admin") {
		t.Errorf("the front desk reads the audit: %d %s", code, errs)
	}
}
