package importer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// A file of patients never makes a login: a provider it names that is no
// user's is listed in the plan and made without sign-in; a name that is
// a known provider's but for case, accents or punctuation is that
// provider, and said so; a new name that looks like another is pointed
// out and kept apart.
func TestPatientImportProviders(t *testing.T) {
	st := openStore(t)
	admin := store.WithActor(t.Context(), "root")
	if _, err := st.ActingUser(admin, "Root Admin"); err != nil {
		t.Fatal(err)
	}
	ruiz, err := st.CreateUser(admin, model.User{Name: "Dr. Ana Ruiz", Username: "ana.ruiz", Kind: model.KindProvider, Active: true,
		Roles: []model.Role{model.RoleClinician}})
	if err != nil {
		t.Fatal(err)
	}
	// Front desk imports: it may not edit the staff.
	desk := store.WithActor(t.Context(), "amy")
	if _, err := st.CreateUser(admin, model.User{Name: "Amy Ng", Username: "amy", Kind: model.KindStaff, Active: true,
		Roles: []model.Role{model.RoleFrontDesk}}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "patients.csv")
	os.WriteFile(path, []byte(strings.Join([]string{
		"Name,DOB,Chart,Provider",
		"Zoë Ouellet,1984-03-07,A-1,Dr Ana Ruiz",
		"Marc Roy,1990-12-01,A-2,DR. ANA RUÍZ",
		"Ann Lee,1991-01-02,A-3,Dr. Inconnu",
		"Bo Ng,1970-01-01,A-4,Dr. Ana Ruis",
		"Cy Roy,1971-01-01,A-5,dr. inconnu",
		"Di Roy,1972-01-01,A-6,Dr. Ana Ruiz",
		"Ed Roy,1973-01-01,A-7,",
	}, "\n")), 0o644)
	mapping := []string{"name", "date_of_birth", "chart_number", "provider"}
	p, err := PlanPatients(desk, path, Settings{Mapping: mapping, Region: "US"}, st)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.NewProviders, []string{"Dr. Inconnu", "Dr. Ana Ruis"}) {
		t.Errorf("new providers %q", p.NewProviders)
	}
	all := strings.Join(p.Warnings, "\n")
	for _, want := range []string{
		"2 new providers: Dr. Inconnu, Dr. Ana Ruis — made without sign-in; an admin activates them",
		`"Dr Ana Ruiz" (row 2) is taken for the provider Dr. Ana Ruiz`,
		`"DR. ANA RUÍZ" (row 3) is taken for the provider Dr. Ana Ruiz`,
		`the new provider "Dr. Ana Ruis" (row 5) looks like Dr. Ana Ruiz, already a provider`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Inconnu\" (") {
		t.Errorf("dr. inconnu is Dr. Inconnu, not a look-alike:\n%s", all)
	}
	users, _ := st.Users(t.Context())
	before := len(users)
	b, err := p.Write(desk, st)
	if err != nil {
		t.Fatal(err)
	}
	users, _ = st.Users(t.Context())
	made := map[string]model.User{}
	for _, u := range users {
		made[u.Name] = u
	}
	if len(users) != before+2 {
		t.Errorf("%d users after the import, want %d: %+v", len(users), before+2, users)
	}
	for _, name := range []string{"Dr. Inconnu", "Dr. Ana Ruis"} {
		u, ok := made[name]
		if !ok || u.Kind != model.KindProvider || u.Active || len(u.Roles) != 0 {
			t.Errorf("%s: %+v, want an inactive provider without roles", name, u)
		}
		// Without sign-in: refused as a login.
		if _, err := st.SignedIn(store.WithActor(t.Context(), u.Username)); err == nil {
			t.Errorf("%s (%s) can sign in", name, u.Username)
		}
	}
	var rows []store.PatientRow
	st.ListPatients(t.Context(), func(r *store.PatientRow) error { rows = append(rows, *r); return nil })
	for _, r := range rows {
		pt, _ := st.GetPatient(t.Context(), r.ID)
		want := map[string]int64{"A-1": ruiz.ID, "A-2": ruiz.ID, "A-6": ruiz.ID, "A-3": made["Dr. Inconnu"].ID,
			"A-5": made["Dr. Inconnu"].ID, "A-4": made["Dr. Ana Ruis"].ID, "A-7": 0}[pt.Chart]
		if pt.ProviderID != want {
			t.Errorf("%s names %q: provider %d, want %d", pt.Chart, pt.Provider, pt.ProviderID, want)
		}
	}

	// An admin activates one; undoing the import then removes the other
	// provider it made, which nothing uses, and keeps that one.
	inconnu := made["Dr. Inconnu"]
	inconnu.Active, inconnu.Roles = true, []model.Role{model.RoleClinician}
	if _, err := st.UpdateUser(admin, inconnu); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UndoImport(admin, b.ID); err != nil {
		t.Fatal(err)
	}
	users, _ = st.Users(t.Context())
	var names []string
	for _, u := range users {
		names = append(names, u.Name)
	}
	if !slices.Equal(names, []string{"Amy Ng", "Dr. Ana Ruiz", "Dr. Inconnu", "Root Admin"}) {
		t.Errorf("users after the undo: %q", names)
	}
}
