package demo

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// Load refuses, before writing anything, a database holding anything
// (not only contacts) and a user who may not make all of the demo.
func TestLoadRefusesBeforeWriting(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	if _, err := st.ActingUser(admin, "Root"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(admin, model.User{Name: "Amy Ng", Username: "amy", Kind: model.KindStaff, Active: true,
		Roles: []model.Role{model.RoleFrontDesk}}); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(store.WithActor(t.Context(), "amy"), st, time.Now()); err == nil || !strings.Contains(err.Error(), "edit staff") {
		t.Errorf("front desk loaded the demo: %v", err)
	}
	if _, err := st.CreateEmployer(admin, model.Employer{Name: "Bombardier"}); err != nil {
		t.Fatal(err)
	}
	_, err = Load(admin, st, time.Now())
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "1 employer and 1 other user") {
		t.Errorf("loaded into a database with an employer: %v", err)
	}
	if h, _ := st.Holdings(admin); h != (store.Holdings{Employers: 1, OtherUsers: 1}) {
		t.Errorf("a refused load wrote: %+v", h)
	}
}
