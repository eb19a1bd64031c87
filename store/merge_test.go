package store_test

import (
	"errors"
	"frontdesk/document/documenttest"
	"slices"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// Merging makes one group of two contacts: the people, the charts' and
// employers' ties and the faxes of the merged-away contact all land on the
// merged one, at the same person.
func TestMergeContacts(t *testing.T) {
	const fax, other = "+14165550101", "+14165550199"
	group := func(name, fax string, people ...string) model.Contact {
		c := model.Contact{Kind: model.Group, GroupName: name, Fax: fax}
		for _, p := range people {
			c.Entities = append(c.Entities, model.Entity{Name: p})
		}
		return c
	}
	withOrg := func(c model.Contact, org string) model.Contact { c.Entities[0].Organization = org; return c }
	for _, tc := range []struct {
		name       string
		into, from model.Contact
		groupName  string
		wantName   string
		wantPeople []string
		// tie of the chart that preferred from as a whole: to the whole
		// merged group (false) or to from's person (true)
		toPerson bool
	}{
		{"two singles on one number", single("Ann", "Lee", fax), single("Bo", "Ng", fax), "Cardiology", "Cardiology",
			[]string{"Lee, Ann", "Ng, Bo"}, true},
		{"two singles, the default name", withOrg(single("Ann", "Lee", fax), "Imaging West"), single("Bo", "Ng", fax), "",
			"Imaging West", []string{"Lee, Ann", "Ng, Bo"}, true},
		{"a single joins a group of another number", group("LifeLabs", other, "Intake", "Billing"), single("Bo", "Ng", fax), "",
			"LifeLabs", []string{"Intake", "Billing", "Ng, Bo"}, true},
		{"a group joins a group", group("LifeLabs", fax, "Intake"), group("LifeLabs (old)", fax, "Billing", "Results"), "",
			"LifeLabs", []string{"Intake", "Billing", "Results"}, false},
		{"a group renamed as it merges", group("Lab", fax, "Intake"), single("Bo", "Ng", fax), "LifeLabs",
			"LifeLabs", []string{"Intake", "Ng, Bo"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t, "")
			c := ctx(t)
			into, err := s.CreateContact(c, tc.into)
			if err != nil {
				t.Fatal(err)
			}
			from, err := s.CreateContact(c, tc.from)
			if err != nil {
				t.Fatal(err)
			}
			emp, _ := s.CreateEmployer(c, model.Employer{Name: "Acme"})
			ann := patient("M-1")
			pa, _ := s.CreatePatient(c, ann)
			both := patient("M-2")
			pb, _ := s.CreatePatient(c, both)
			// pa prefers from as a whole; pb prefers from's last person and
			// into as a whole; the employer prefers both as a whole.
			last := from.Entities[len(from.Entities)-1].ID
			for _, tie := range []struct {
				patient int64
				ref     model.ContactRef
			}{{pa.ID, model.ContactRef{ContactID: from.ID}}, {pb.ID, model.ContactRef{ContactID: from.ID, EntityID: last}},
				{pb.ID, model.ContactRef{ContactID: into.ID}}} {
				if err := s.AddPatientContact(c, tie.patient, tie.ref); err != nil {
					t.Fatal(err)
				}
			}
			for _, id := range []int64{into.ID, from.ID} {
				if err := s.AddEmployerContact(c, emp.ID, model.ContactRef{ContactID: id}); err != nil {
					t.Fatal(err)
				}
			}
			sent, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: from.Fax, ContactID: from.ID,
				Documents: []model.Document{{Name: "a.pdf", Data: documenttest.PDF(1, "a")}}})
			if err != nil {
				t.Fatal(err)
			}

			got, err := s.MergeContacts(c, store.Merge{Into: into.ID, IntoVersion: into.Version,
				From: from.ID, FromVersion: from.Version, GroupName: tc.groupName})
			if err != nil {
				t.Fatal(err)
			}
			again, err := s.GetContact(c, into.ID)
			if err != nil || again.Version != got.Version || again.Kind != model.Group || again.GroupName != tc.wantName ||
				again.Fax != into.Fax {
				t.Fatalf("merged %+v %v", again, err)
			}
			var people []string
			for _, e := range again.Entities {
				people = append(people, e.DisplayName())
			}
			if !slices.Equal(people, tc.wantPeople) {
				t.Errorf("people %q, want %q", people, tc.wantPeople)
			}
			if again.Entities[len(again.Entities)-1].ID != last {
				t.Errorf("the people of the merged-away contact got new IDs")
			}
			if _, err := s.GetContact(c, from.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("the merged-away contact is still there: %v", err)
			}
			if n, _ := s.CountContacts(c); n != 1 {
				t.Errorf("%d contacts after the merge", n)
			}

			wantWhole := model.ContactRef{ContactID: into.ID}
			if tc.toPerson {
				wantWhole.EntityID = from.Entities[0].ID
			}
			if pcs, _ := s.PatientContacts(c, pa.ID); len(pcs) != 1 || pcs[0].Ref != wantWhole {
				t.Errorf("the chart that preferred the merged-away contact: %+v, want %+v", pcs, wantWhole)
			}
			intoTie := model.ContactRef{ContactID: into.ID}
			if tc.into.Kind == model.Single {
				intoTie.EntityID = into.Entities[0].ID
			}
			var refs []model.ContactRef
			pcs, _ := s.PatientContacts(c, pb.ID)
			for _, p := range pcs {
				refs = append(refs, p.Ref)
			}
			if len(refs) != 2 || !slices.Contains(refs, intoTie) || !slices.Contains(refs, model.ContactRef{ContactID: into.ID, EntityID: last}) {
				t.Errorf("the chart that preferred both: %+v", refs)
			}
			ecs, _ := s.EmployerContacts(c, emp.ID)
			if wantTies := map[bool]int{true: 2, false: 1}[tc.toPerson || tc.into.Kind == model.Single]; len(ecs) != wantTies {
				t.Errorf("the employer has %d ties, want %d: %+v", len(ecs), wantTies, ecs)
			}
			f, _, _ := s.GetFax(c, sent.ID)
			if f.ContactID != into.ID || f.EntityID != wantWhole.EntityID || f.Number != from.Fax || f.Name != from.DisplayName() {
				t.Errorf("the fax to the merged-away contact: %+v", f)
			}
		})
	}
}

// A merge of contacts read before someone changed one of them, or of a
// contact with itself, changes nothing.
func TestMergeContactsRefused(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	a, _ := s.CreateContact(c, single("Ann", "Lee", "+14165550101"))
	b, _ := s.CreateContact(c, single("Bo", "Ng", "+14165550101"))
	for _, tc := range []struct {
		name string
		m    store.Merge
		want error
	}{
		{"stale into", store.Merge{Into: a.ID, IntoVersion: a.Version - 1, From: b.ID, FromVersion: b.Version}, store.ErrConflict},
		{"stale from", store.Merge{Into: a.ID, IntoVersion: a.Version, From: b.ID, FromVersion: b.Version + 1}, store.ErrConflict},
		{"itself", store.Merge{Into: a.ID, IntoVersion: a.Version, From: a.ID, FromVersion: a.Version}, store.ErrMergeSelf},
		{"gone", store.Merge{Into: a.ID, IntoVersion: a.Version, From: 99, FromVersion: 1}, store.ErrNotFound},
	} {
		if _, err := s.MergeContacts(c, tc.m); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if n, _ := s.CountContacts(c); n != 2 {
		t.Errorf("%d contacts after refused merges", n)
	}
	same, err := s.SameFax(c, a.ID)
	if err != nil || len(same) != 1 || same[0].ID != b.ID {
		t.Errorf("same fax as Ann Lee: %+v %v", same, err)
	}
}

// Splitting a group keeps what named its people: a chart's tie to a person
// and the faxes sent to that person follow the person to their own
// contact; merging back puts them in the group again.
func TestSplitKeepsTiesAndMergeBringsThemBack(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	g, err := s.CreateContact(c, model.Contact{Kind: model.Group, GroupName: "Imaging", Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}, {FirstName: "Bo", LastName: "Ng"}}})
	if err != nil {
		t.Fatal(err)
	}
	bo := model.ContactRef{ContactID: g.ID, EntityID: g.Entities[1].ID}
	pa, _ := s.CreatePatient(c, patient("S-1"))
	emp, _ := s.CreateEmployer(c, model.Employer{Name: "Acme"})
	if err := s.AddPatientContact(c, pa.ID, bo); err != nil {
		t.Fatal(err)
	}
	if err := s.AddEmployerContact(c, emp.ID, bo); err != nil {
		t.Fatal(err)
	}
	f, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: g.Fax, ContactID: g.ID, EntityID: bo.EntityID,
		Documents: []model.Document{{Name: "a.pdf", Data: documenttest.PDF(1, "a")}}})
	if err != nil {
		t.Fatal(err)
	}

	parts, err := s.SplitContact(c, g.ID, g.Version)
	if err != nil || len(parts) != 2 {
		t.Fatalf("split %+v %v", parts, err)
	}
	boAlone := model.ContactRef{ContactID: parts[1].ID}
	if pcs, _ := s.PatientContacts(c, pa.ID); len(pcs) != 1 || pcs[0].Ref != boAlone {
		t.Errorf("after the split the chart prefers %+v, want Bo's own contact %+v", pcs, boAlone)
	}
	if ecs, _ := s.EmployerContacts(c, emp.ID); len(ecs) != 1 || ecs[0].Ref != boAlone {
		t.Errorf("after the split the employer prefers %+v, want %+v", ecs, boAlone)
	}
	if got, _, _ := s.GetFax(c, f.ID); got.ContactID != parts[1].ID || got.Name != "Ng, Bo" {
		t.Errorf("after the split the fax to Bo names %+v", got)
	}

	merged, err := s.MergeContacts(c, store.Merge{Into: parts[0].ID, IntoVersion: parts[0].Version,
		From: parts[1].ID, FromVersion: parts[1].Version, GroupName: "Imaging"})
	if err != nil {
		t.Fatal(err)
	}
	back := model.ContactRef{ContactID: g.ID, EntityID: merged.Entities[1].ID}
	if pcs, _ := s.PatientContacts(c, pa.ID); len(pcs) != 1 || pcs[0].Ref != back {
		t.Errorf("after the merge the chart prefers %+v, want %+v", pcs, back)
	}
	if got, _, _ := s.GetFax(c, f.ID); got.ContactID != g.ID || got.EntityID != back.EntityID {
		t.Errorf("after the merge the fax to Bo names %+v", got)
	}
}
