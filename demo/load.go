package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// Loaded counts what Load added.
type Loaded struct {
	Contacts, Patients, Employers int
	Users, Groups, Messages       int
}

// Summary says what was loaded, in a sentence.
func (l Loaded) Summary() string {
	return fmt.Sprintf("%d demo contacts, %d patients and %d employers; %d staff in %d groups, a routing table for every provider and %d patients' messages",
		l.Contacts, l.Patients, l.Employers, l.Users, l.Groups, l.Messages)
}

// ErrNotEmpty is a database that already holds data: demo data goes
// only into an empty one, where it can collide with nothing.
var ErrNotEmpty = errors.New("demo data goes only into an empty database")

// loadNeeds are the permissions the demo's writes take.
var loadNeeds = []model.Permission{model.PermContacts, model.PermPatients, model.PermStaff, model.PermRouting, model.PermMessages}

// Load fills an empty database with the whole demo, as `frontdesk demo`
// and the empty contact book's D both do: contacts, patients, employers
// and their links, the staff and their groups, a routing table for every
// provider and patients' messages, received over the week before now.
// It refuses, before writing anything, a database that holds anything
// (ErrNotEmpty) and a user who may not make all of it.
func Load(ctx context.Context, st *store.Store, now time.Time) (Loaded, error) {
	var l Loaded
	u, err := st.SignedIn(ctx)
	if err != nil {
		return l, err
	}
	if u.ID != 0 { // zero: a database without an admin yet, where nothing is checked
		for _, p := range loadNeeds {
			if err := u.Deny(p); err != nil {
				return l, err
			}
		}
	}
	h, err := st.Holdings(ctx)
	if err != nil {
		return l, err
	}
	if !h.Empty() {
		return l, fmt.Errorf("it already holds %s: %w", holds(h), ErrNotEmpty)
	}
	cs := Contacts(1)
	if err := st.CreateContacts(ctx, cs); err != nil {
		return l, err
	}
	ps := Patients(250, 1)
	if err := st.CreatePatients(ctx, ps); err != nil {
		return l, err
	}
	es := Employers()
	for _, e := range es {
		if _, err := st.CreateEmployer(ctx, e); err != nil {
			return l, err
		}
	}
	if err := st.LinkDemo(ctx, 1); err != nil {
		return l, err
	}
	l.Contacts, l.Patients, l.Employers = len(cs), len(ps), len(es)
	l.Users, l.Groups, l.Messages, err = AddStaff(ctx, st, len(ps), now)
	return l, err
}

// holds words what a database holds: "12 contacts and 3 patients".
func holds(h store.Holdings) string {
	var parts []string
	for _, c := range []struct {
		n         int
		one, many string
	}{
		{h.Contacts, "contact", "contacts"}, {h.Patients, "patient", "patients"},
		{h.Employers, "employer", "employers"}, {h.OtherUsers, "other user", "other users"},
	} {
		switch {
		case c.n == 1:
			parts = append(parts, "1 "+c.one)
		case c.n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.many))
		}
	}
	if len(parts) > 1 {
		return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return strings.Join(parts, "")
}
