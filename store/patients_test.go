package store_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

func patient(chart string) model.Patient {
	return model.Patient{FirstName: "Zoë", LastName: "Ouellet", BirthDate: model.Date{Year: 1984, Month: 3, Day: 7},
		Chart: chart, Phone: "514.555.0177", Provider: "Dr. Lee"}
}

func TestPatientsRoundTripAndRules(t *testing.T) {
	s := open(t, "")
	p, err := s.CreatePatient(ctx(t), patient("A-100"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.GetPatient(ctx(t), p.ID)
	if err != nil || got.Phone != "(514) 555-0177" || got.BirthDate != (model.Date{Year: 1984, Month: 3, Day: 7}) || got.Version != 1 {
		t.Fatalf("got %+v, %v", got, err)
	}
	// The chart number is unique, and the refusal names the field.
	_, err = s.CreatePatient(ctx(t), patient("A-100"))
	var ve *model.ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Field != model.FieldChart {
		t.Errorf("a second A-100: %v", err)
	}
	future := patient("A-101")
	future.BirthDate = model.Date{Year: 2999, Month: 1, Day: 1}
	if _, err := s.CreatePatient(ctx(t), future); !errors.As(err, &ve) || ve.Problems[0].Field != model.FieldBirthDate {
		t.Errorf("a birth in the future: %v", err)
	}
	// Archiving keeps the patient; a stale save is refused.
	stale := got
	got.Archived = true
	if got, err = s.UpdatePatient(ctx(t), got); err != nil || got.Version != 2 {
		t.Fatalf("archive: %+v %v", got, err)
	}
	if _, err := s.UpdatePatient(ctx(t), stale); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale save: %v", err)
	}
}

func TestPreferredContactsAndSuggestions(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	emp, err := s.CreateEmployer(c, model.Employer{Name: "Bombardier", Fax: "514 555 0100"})
	if err != nil || emp.Fax != "+15145550100" {
		t.Fatalf("employer %+v %v", emp, err)
	}
	p := patient("B-1")
	p.EmployerID = emp.ID
	p, err = s.CreatePatient(c, p)
	if err != nil {
		t.Fatal(err)
	}
	lab, _ := s.CreateContact(c, model.Contact{Kind: model.Group, GroupName: "LifeLabs", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Intake"}, {FirstName: "Ann", LastName: "Lee"}}})
	doc, _ := s.CreateContact(c, single("Bo", "Ng", "+14165550102"))
	clinic, _ := s.CreateContact(c, single("Cy", "Roy", "+14165550103"))
	ann := model.ContactRef{ContactID: lab.ID, EntityID: lab.Entities[1].ID}

	// The employer's contacts, set from the contact side.
	if err := s.AddEmployerContact(c, emp.ID, model.ContactRef{ContactID: clinic.ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddEmployerContact(c, emp.ID, model.ContactRef{ContactID: doc.ID}); err != nil {
		t.Fatal(err)
	}
	// By hand, then by a fax: the fax adds a contact once and dates its use.
	if err := s.AddPatientContact(c, p.ID, model.ContactRef{ContactID: doc.ID}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	for range 2 {
		if err := s.RecordSent(c, p.ID, ann, store.SourceFax, at); err != nil {
			t.Fatal(err)
		}
	}
	pcs, err := s.PatientContacts(c, p.ID)
	if err != nil || len(pcs) != 2 {
		t.Fatalf("patient contacts %+v %v", pcs, err)
	}
	if pcs[0].Name != "Lee, Ann" || pcs[0].Organization != "LifeLabs" || pcs[0].Source != store.SourceFax || !pcs[0].LastUsed.Equal(at) {
		t.Errorf("first: %+v", pcs[0])
	}
	if pcs[1].Name != "Ng, Bo" || pcs[1].Source != store.SourceHand || !pcs[1].LastUsed.IsZero() {
		t.Errorf("second: %+v", pcs[1])
	}
	// A person of a group that is not in it is refused.
	if err := s.AddPatientContact(c, p.ID, model.ContactRef{ContactID: doc.ID, EntityID: lab.Entities[0].ID}); err == nil {
		t.Error("a person of another contact was accepted")
	}
	// Suggestions: the patient's own first, then the employer's, each once.
	sug, err := s.Suggestions(c, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range sug {
		names = append(names, fmt.Sprintf("%s/%v", x.Name, x.FromEmployer))
	}
	if want := "[Lee, Ann/false Ng, Bo/false Roy, Cy/true]"; fmt.Sprint(names) != want {
		t.Errorf("suggestions %v, want %s", names, want)
	}
	if err := s.RemovePatientContact(c, p.ID, model.ContactRef{ContactID: doc.ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemovePatientContact(c, p.ID, model.ContactRef{ContactID: doc.ID}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing twice: %v", err)
	}
	if ecs, _ := s.EmployerContacts(c, emp.ID); len(ecs) != 2 || ecs[0].Name != "Ng, Bo" {
		t.Errorf("employer contacts %+v", ecs)
	}
}

// BenchmarkOpenChart is the store's part of opening a patient chart with
// 50 preferred contacts: the patient and the contacts.
func BenchmarkOpenChart(b *testing.B) {
	s, err := store.Open(b.Context(), filepath.Join(b.TempDir(), "chart.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	c := store.WithActor(b.Context(), "bench")
	p, _ := s.CreatePatient(c, patient("C-1"))
	for i := range 50 {
		ct, err := s.CreateContact(c, single("P", fmt.Sprintf("N%d", i), fmt.Sprintf("+1416555%04d", 100+i)))
		if err != nil {
			b.Fatal(err)
		}
		s.AddPatientContact(c, p.ID, model.ContactRef{ContactID: ct.ID})
	}
	for b.Loop() {
		if _, err := s.GetPatient(c, p.ID); err != nil {
			b.Fatal(err)
		}
		if pcs, err := s.PatientContacts(c, p.ID); err != nil || len(pcs) != 50 {
			b.Fatal(len(pcs), err)
		}
	}
}
