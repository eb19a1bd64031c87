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
	// A patient who will be gone by the time the contact comes back.
	bo := patient("I-1")
	bo.FirstName, bo.LastName = "Bo", "Ng"
	batch, err := s.ImportPatients(c, store.ImportBatch{File: "p.csv"}, store.PatientImport{
		Patients: []model.Patient{bo}, EmployerIndex: []int{-1}})
	if err != nil {
		t.Fatal(err)
	}
	pb, err := s.PatientByChart(c, "I-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddPatientContact(c, pb.ID, model.ContactRef{ContactID: lab.ID}); err != nil {
		t.Fatal(err)
	}
	f, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: lab.Fax, ContactID: lab.ID, EntityID: lee.EntityID,
		PatientID: pa.ID, Documents: letter("a.pdf"), Pages: 1})
	if err != nil {
		t.Fatal(err)
	}

	deps, err := s.ContactDependents(c, lab.ID)
	if err != nil || !slices.Equal(deps.Patients, []string{"Ng, Bo (chart I-1)", "Roe, Ann (chart D-1)"}) ||
		!slices.Equal(deps.Employers, []string{"Acme"}) {
		t.Fatalf("dependents %+v %v", deps, err)
	}
	if deps, err := s.PersonDependents(c, lab.ID, lee.EntityID); err != nil || !slices.Equal(deps.Patients, []string{"Roe, Ann (chart D-1)"}) ||
		len(deps.Employers) != 0 {
		t.Errorf("dependents of Ann Lee %+v %v", deps, err)
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
	if err != nil || len(gone) != 1 || gone[0].ContactID != lab.ID || gone[0].Patients != 2 || gone[0].Employers != 1 ||
		gone[0].Actor != "tester" || gone[0].Name != "LifeLabs" {
		t.Fatalf("archive %+v %v", gone, err)
	}

	// Without its link, the imported patient can be undone.
	if _, err := s.UndoImport(c, batch.ID); err != nil {
		t.Fatal(err)
	}

	back, err := s.RestoreContact(c, gone[0].ArchiveID)
	if err != nil {
		t.Fatal(err)
	}
	if back.Patients != 1 || back.Employers != 1 || !slices.Equal(back.Missing, []string{"Ng, Bo (chart I-1)"}) {
		t.Errorf("restored %d patient and %d employer links, missing %q", back.Patients, back.Employers, back.Missing)
	}
	again, err := s.GetContact(c, lab.ID)
	if err != nil || again.Version != back.Contact.Version || len(again.Entities) != 2 || again.Entities[1].ID != lee.EntityID {
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
