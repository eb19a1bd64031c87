package store_test

import (
	"errors"
	"slices"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// Deleting a contact names what prefers it, keeps its fax history, and can
// be undone with every link back.
func TestDeleteContactArchivesAndRestores(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	emp, _ := s.CreateEmployer(c, model.Employer{Name: "Acme"})
	ann := patient("D-1")
	ann.FirstName, ann.LastName = "Ann", "Roe"
	ann.EmployerID = emp.ID
	pa, err := s.CreatePatient(c, ann)
	if err != nil {
		t.Fatal(err)
	}
	lab, _ := s.CreateContact(c, model.Contact{Kind: model.Group, GroupName: "LifeLabs", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Intake"}, {FirstName: "Ann", LastName: "Lee"}}})
	lee := model.ContactRef{ContactID: lab.ID, EntityID: lab.Entities[1].ID}
	if err := s.AddPatientContact(c, pa.ID, lee); err != nil {
		t.Fatal(err)
	}
	if err := s.AddEmployerContact(c, emp.ID, model.ContactRef{ContactID: lab.ID}); err != nil {
		t.Fatal(err)
	}
	f, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: lab.Fax, ContactID: lab.ID, EntityID: lee.EntityID,
		PatientID: pa.ID, Documents: letter("a.pdf"), Pages: 1})
	if err != nil {
		t.Fatal(err)
	}

	deps, err := s.ContactDependents(c, lab.ID)
	if err != nil || !slices.Equal(deps.Patients, []string{"Roe, Ann"}) || !slices.Equal(deps.Employers, []string{"Acme"}) {
		t.Fatalf("dependents %+v %v", deps, err)
	}
	lab, _ = s.GetContact(c, lab.ID)
	if err := s.DeleteContact(c, lab.ID, lab.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetContact(c, lab.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted contact still there: %v", err)
	}
	if pcs, _ := s.PatientContacts(c, pa.ID); len(pcs) != 0 {
		t.Errorf("chart still prefers the deleted contact: %+v", pcs)
	}
	got, _, err := s.GetFax(c, f.ID)
	if err != nil || got.Number != lab.Fax || got.Name != "Lee, Ann" {
		t.Errorf("fax history lost: %+v %v", got, err)
	}
	gone, err := s.DeletedContacts(c)
	if err != nil || len(gone) != 1 || gone[0].ContactID != lab.ID || gone[0].Patients != 1 || gone[0].Employers != 1 ||
		gone[0].Actor != "tester" || gone[0].Name != "LifeLabs" {
		t.Fatalf("archive %+v %v", gone, err)
	}

	back, err := s.RestoreContact(c, gone[0].ArchiveID)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.GetContact(c, lab.ID)
	if err != nil || again.Version != back.Version || len(again.Entities) != 2 || again.Entities[1].ID != lee.EntityID {
		t.Fatalf("restored %+v %v", again, err)
	}
	if pcs, _ := s.PatientContacts(c, pa.ID); len(pcs) != 1 || pcs[0].Ref != lee {
		t.Errorf("chart link not back: %+v", pcs)
	}
	if ecs, _ := s.EmployerContacts(c, emp.ID); len(ecs) != 1 || ecs[0].Ref.ContactID != lab.ID {
		t.Errorf("employer link not back: %+v", ecs)
	}
	if got, _, _ := s.GetFax(c, f.ID); got.ContactID != lab.ID || got.EntityID != lee.EntityID {
		t.Errorf("fax link not back: %+v", got)
	}
	if gone, _ := s.DeletedContacts(c); len(gone) != 0 {
		t.Errorf("archive keeps a restored contact: %+v", gone)
	}
	if _, err := s.RestoreContact(c, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("restoring nothing: %v", err)
	}
	n := 0
	s.ListContacts(c, func(*store.ListRow) error { n++; return nil })
	if n != 1 {
		t.Errorf("list after restore: %d rows", n)
	}
}
