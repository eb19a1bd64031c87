package store_test

import (
	"testing"

	"frontdesk/model"
)

// The count of changes to the contacts moves with every change to them
// and with nothing else.
func TestContactsChangesCount(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	count := func() int64 {
		t.Helper()
		n, err := s.ContactsChanges(c)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	var lee model.Contact
	steps := []struct {
		name  string
		do    func() error
		moves bool
	}{
		{"a contact added", func() (err error) {
			lee, err = s.CreateContact(c, model.Contact{Kind: model.Single, Fax: "+14165550101", Entities: []model.Entity{{LastName: "Lee"}}})
			return err
		}, true},
		{"a fax queued", func() error {
			_, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: "+14165550102",
				Documents: []model.Document{{Name: "note.txt", Data: []byte("Call us.\n")}}})
			return err
		}, false},
		{"a contact changed", func() (err error) {
			lee.Entities[0].FirstName = "Ann"
			lee, err = s.UpdateContact(c, lee)
			return err
		}, true},
		{"a contact deleted", func() error { return s.DeleteContact(c, lee.ID, lee.Version) }, true},
	}
	for _, step := range steps {
		before := count()
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if moved := count() != before; moved != step.moves {
			t.Errorf("%s: the count moved %v, want %v", step.name, moved, step.moves)
		}
	}
}
