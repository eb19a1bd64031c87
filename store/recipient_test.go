package store_test

import (
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// A person saved while sending joins the group of the number, turns the
// single contact of the number into a group, or is a new single contact.
func TestSaveRecipient(t *testing.T) {
	s := open(t, "")
	c := store.WithActor(t.Context(), "desk")
	lab, _ := s.CreateContact(c, model.Contact{Kind: model.Group, GroupName: "LifeLabs", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Intake"}}})
	bo, _ := s.CreateContact(c, model.Contact{Kind: model.Single, Fax: "+14165550102",
		Entities: []model.Entity{{FirstName: "Bo", LastName: "Ng", Organization: "Lakeshore Cardiology"}}})

	got, ref, err := s.SaveRecipient(c, model.Entity{FirstName: "Ann", LastName: "Lee"}, lab.Fax, "")
	if err != nil || got.ID != lab.ID || len(got.Entities) != 2 || ref.EntityID != got.Entities[1].ID || ref.EntityID == 0 {
		t.Fatalf("joining the group: %+v %+v %v", got, ref, err)
	}
	got, ref, err = s.SaveRecipient(c, model.Entity{FirstName: "Cy", LastName: "Roy"}, bo.Fax, "")
	if err != nil || got.ID != bo.ID || got.Kind != model.Group || got.GroupName != "Lakeshore Cardiology" ||
		len(got.Entities) != 2 || ref.EntityID != got.Entities[1].ID {
		t.Fatalf("a single made a group: %+v %+v %v", got, ref, err)
	}
	got, ref, err = s.SaveRecipient(c, model.Entity{FirstName: "Di", LastName: "Wu"}, "+14165550103", "ignored")
	if err != nil || got.Kind != model.Single || ref.ContactID != got.ID || ref.EntityID != 0 {
		t.Fatalf("a new single: %+v %+v %v", got, ref, err)
	}
	if n, _ := s.CountContacts(c); n != 3 {
		t.Errorf("%d contacts, want 3", n)
	}
}
