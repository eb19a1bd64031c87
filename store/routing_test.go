package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// clinic is a database with an admin, two providers, a front-desk user,
// a nurse, an inactive user, the group Front Office and a patient of
// each provider.
type clinic struct {
	s                                *store.Store
	admin, desk                      context.Context
	root, ruiz, chen, amy, ben, gone model.User
	front                            model.StaffGroup
	appointments, refills, allCats   int64
	zoe, max                         model.Patient
}

func newClinic(t *testing.T) *clinic {
	t.Helper()
	s := open(t, "")
	c := &clinic{s: s, admin: store.WithActor(t.Context(), "root"), desk: store.WithActor(t.Context(), "amy")}
	var err error
	if c.root, err = s.ActingUser(c.admin, "Root Admin"); err != nil || !c.root.Is(model.RoleAdmin) {
		t.Fatalf("first admin: %+v %v", c.root, err)
	}
	add := func(name, username string, kind model.UserKind, active bool, roles ...model.Role) model.User {
		u, err := s.CreateUser(c.admin, model.User{Name: name, Username: username, Kind: kind, Active: active, Roles: roles})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	c.ruiz = add("Dr. Ana Ruiz", "ruiz", model.KindProvider, true, model.RoleClinician)
	c.chen = add("Dr. Li Chen", "chen", model.KindProvider, true, model.RoleClinician)
	c.amy = add("Amy Ng", "amy", model.KindStaff, true, model.RoleFrontDesk)
	c.ben = add("Ben Roy", "ben", model.KindStaff, true, model.RoleFrontDesk)
	c.gone = add("Cal Left", "cal", model.KindStaff, false, model.RoleFrontDesk)
	if c.front, err = s.SaveGroup(c.admin, model.StaffGroup{Name: "Front Office", Members: []int64{c.amy.ID, c.ben.ID, c.gone.ID}}); err != nil {
		t.Fatal(err)
	}
	cats, err := s.Categories(t.Context(), false)
	if err != nil || len(cats) != 6 || cats[0].Name != "Appointments" || cats[2].Name != "Prescription refill" {
		t.Fatalf("categories: %+v %v", cats, err)
	}
	c.appointments, c.refills = cats[0].ID, cats[2].ID
	zoe, max := patient("A-100"), patient("A-200")
	zoe.Provider, max.Provider, max.FirstName = "Dr. Ana Ruiz", "dr. li chen", "Max"
	if c.zoe, err = s.CreatePatient(c.admin, zoe); err != nil {
		t.Fatal(err)
	}
	if c.max, err = s.CreatePatient(c.admin, max); err != nil {
		t.Fatal(err)
	}
	if c.zoe.ProviderID != c.ruiz.ID || c.max.ProviderID != c.chen.ID {
		t.Fatalf("providers linked by name: %d %d, want %d %d", c.zoe.ProviderID, c.max.ProviderID, c.ruiz.ID, c.chen.ID)
	}
	return c
}

func TestActingUser(t *testing.T) {
	c := newClinic(t)
	if u, err := c.s.ActingUser(c.desk, ""); err != nil || u.ID != c.amy.ID || u.Is(model.RoleAdmin) {
		t.Errorf("amy: %+v %v", u, err)
	}
	// Once there is an admin, a login that is not a user (or not active)
	// is refused, in the TUI's start and in every write.
	for _, name := range []string{"stranger", "cal"} {
		ctx := store.WithActor(t.Context(), name)
		if _, err := c.s.ActingUser(ctx, ""); !errors.Is(err, store.ErrNoUser) {
			t.Errorf("%s signs in: %v", name, err)
		}
		if err := c.s.SetRoute(ctx, model.Cell{ProviderID: c.ruiz.ID, CategoryID: c.appointments}, nil); !errors.Is(err, store.ErrNoUser) {
			t.Errorf("%s routes: %v", name, err)
		}
	}
	// The last admin cannot stop being one.
	root := c.root
	root.Roles = []model.Role{model.RoleFrontDesk}
	if _, err := c.s.UpdateUser(c.admin, root); err == nil || !strings.Contains(err.Error(), "last active admin") {
		t.Errorf("the last admin drops the role: %v", err)
	}
	if got, _ := c.s.User(t.Context(), root.ID); !got.Is(model.RoleAdmin) {
		t.Errorf("root after the refusal: %+v", got)
	}
	// Renaming a provider renames the charts' provider.
	ruiz := c.ruiz
	ruiz.Name = "Dr. Ana Ruiz-Vega"
	if _, err := c.s.UpdateUser(c.admin, ruiz); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.s.GetPatient(t.Context(), c.zoe.ID); p.Provider != "Dr. Ana Ruiz-Vega" {
		t.Errorf("the chart names %q", p.Provider)
	}
	dup := model.User{Name: "Other Amy", Username: "AMY", Kind: model.KindStaff, Active: true}
	var ve *model.ValidationError
	if _, err := c.s.CreateUser(c.admin, dup); !errors.As(err, &ve) || ve.Problems[0].Field != model.FieldUsername {
		t.Errorf("a second amy: %v", err)
	}
}

func TestFrontDeskCannotRoute(t *testing.T) {
	c := newClinic(t)
	cell := model.Cell{ProviderID: c.ruiz.ID, CategoryID: c.appointments}
	var denied *model.DeniedError
	if err := c.s.SetRoute(c.desk, cell, []model.Recipient{{GroupID: c.front.ID}}); !errors.As(err, &denied) ||
		denied.Permission != model.PermRouting || !strings.Contains(err.Error(), "amy may not edit routing") {
		t.Errorf("front desk sets a route: %v", err)
	}
	if _, err := c.s.ApplyAllProviders(c.desk, map[int64][]model.Recipient{c.appointments: {{GroupID: c.front.ID}}}); !errors.As(err, &denied) {
		t.Errorf("front desk applies to all: %v", err)
	}
	if _, err := c.s.SaveCategory(c.desk, model.Category{Name: "Urgent"}); !errors.As(err, &denied) {
		t.Errorf("front desk adds a category: %v", err)
	}
	if _, err := c.s.CreateUser(c.desk, model.User{Name: "X", Username: "x", Kind: model.KindStaff}); !errors.As(err, &denied) {
		t.Errorf("front desk adds a user: %v", err)
	}
	if m, _ := c.s.Matrix(t.Context()); len(m.Routes) != 0 {
		t.Errorf("routes after refusals: %+v", m.Routes)
	}
	// Front desk still edits contacts and patients; a clinician does not
	// edit the contact book, nor the clinic's settings.
	// ...of an existing provider: a name that is no provider's is refused
	// (front desk does not make users), beside the field.
	var ve *model.ValidationError
	if _, err := c.s.CreatePatient(c.desk, patient("A-300")); !errors.As(err, &ve) || ve.Problems[0].Field != model.FieldProvider {
		t.Errorf("front desk names an unknown provider: %v", err)
	}
	p := patient("A-300")
	p.Provider = "dr ana ruiz"
	if got, err := c.s.CreatePatient(c.desk, p); err != nil || got.ProviderID != c.ruiz.ID {
		t.Errorf("front desk adds a patient: %+v %v", got.ProviderID, err)
	}
	if _, err := c.s.CreateContact(c.desk, single("Ann", "Lee", "+14165550101")); err != nil {
		t.Errorf("front desk adds a contact: %v", err)
	}
	doc := store.WithActor(t.Context(), "ruiz")
	if _, err := c.s.CreateContact(doc, single("Bo", "Ng", "+14165550102")); !errors.As(err, &denied) || denied.Permission != model.PermContacts {
		t.Errorf("a clinician adds a contact: %v", err)
	}
	if err := c.s.SetRegion(c.desk, "CA"); !errors.As(err, &denied) || denied.Permission != model.PermSettings {
		t.Errorf("front desk changes the region: %v", err)
	}
}

func TestAllProvidersReplacesFilledLeavesBlank(t *testing.T) {
	c := newClinic(t)
	amyOnly := []model.Recipient{{UserID: c.amy.ID}}
	if err := c.s.SetRoute(c.admin, model.Cell{ProviderID: c.chen.ID, CategoryID: c.appointments}, amyOnly); err != nil {
		t.Fatal(err)
	}
	if err := c.s.SetRoute(c.admin, model.Cell{ProviderID: c.ruiz.ID, CategoryID: c.refills}, amyOnly); err != nil {
		t.Fatal(err)
	}
	filled := map[int64][]model.Recipient{c.appointments: {{GroupID: c.front.ID}}, c.refills: nil}
	plan, err := c.s.PlanAllProviders(t.Context(), filled)
	if err != nil || len(plan) != 2 {
		t.Fatalf("plan: %+v %v", plan, err)
	}
	changes, err := c.s.ApplyAllProviders(c.admin, filled)
	if err != nil || len(changes) != 2 {
		t.Fatalf("applied: %+v %v", changes, err)
	}
	m, err := c.s.Matrix(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []int64{c.ruiz.ID, c.chen.ID} {
		if got := m.Routes[model.Cell{ProviderID: p, CategoryID: c.appointments}]; len(got) != 1 || got[0].GroupID != c.front.ID {
			t.Errorf("provider %d appointments: %+v (replaced, not added to)", p, got)
		}
		if st := m.Stamps[model.Cell{ProviderID: p, CategoryID: c.appointments}]; st.By != "root" || time.Since(st.At) > time.Minute {
			t.Errorf("stamp: %+v", st)
		}
	}
	if got := m.Routes[model.Cell{ProviderID: c.ruiz.ID, CategoryID: c.refills}]; len(got) != 1 || got[0].UserID != c.amy.ID {
		t.Errorf("a blank category changed: %+v", got)
	}
	log, _ := c.s.AuditLog(c.admin, store.AuditFilter{Record: fmt.Sprintf("provider %d", c.chen.ID)})
	last := log[0]
	if last.Actor != "root" || !strings.Contains(last.Detail, "Appointments: before Amy Ng; after Front Office") {
		t.Errorf("audit: %+v", last)
	}
	// Who gets it: the group's active members.
	who, err := c.s.WhoGetsIt(t.Context(), model.Cell{ProviderID: c.ruiz.ID, CategoryID: c.appointments})
	if err != nil || len(who) != 2 || who[0].UserID != c.amy.ID || who[1].UserID != c.ben.ID {
		t.Errorf("who gets it: %+v %v", who, err)
	}
}

func TestIngestRoutesToInboxes(t *testing.T) {
	c := newClinic(t)
	if _, err := c.s.ApplyAllProviders(c.admin, map[int64][]model.Recipient{c.appointments: {{GroupID: c.front.ID}}}); err != nil {
		t.Fatal(err)
	}
	got, err := c.s.IngestMessages(c.desk, []store.MessageIn{
		{Chart: "A-100", Category: "appointments", Subject: "Move my visit", Received: time.Now().Add(-time.Hour)},
		{Chart: "A-999", Category: "Appointments", Subject: "?"},
		{Chart: "A-200", Category: "Prescription refill", Subject: "Refill", Received: time.Now().Add(-time.Minute)},
		{Chart: "A-200", Category: "Gossip", Subject: "?"},
		{Chart: "A-200", Category: "Billing", Subject: "Bill", Received: time.Now()},
	})
	if err != nil {
		t.Fatal(err)
	}
	users := func(d store.Delivered) string {
		var n []string
		for _, u := range d.To {
			n = append(n, u.Username)
		}
		return strings.Join(n, ",")
	}
	if users(got[0]) != "amy,ben" || got[0].To[0].Why != "member of Front Office" {
		t.Errorf("appointments: %+v", got[0])
	}
	if got[1].Err == nil || !strings.Contains(got[1].Err.Error(), "no patient has chart number A-999") {
		t.Errorf("unknown chart: %v", got[1].Err)
	}
	if users(got[2]) != "chen" || got[2].To[0].Why != "no route: the provider" {
		t.Errorf("no route: %+v", got[2])
	}
	if got[3].Err == nil || !strings.Contains(got[3].Err.Error(), `"Gossip" is not a category`) {
		t.Errorf("unknown category: %v", got[3].Err)
	}
	inbox, err := c.s.Inbox(t.Context(), c.chen.ID)
	if err != nil || len(inbox) != 2 || inbox[0].Subject != "Bill" || inbox[1].State != model.MessageUnread {
		t.Fatalf("chen's inbox: %+v %v", inbox, err)
	}
	if n, _ := c.s.UnreadCount(t.Context(), c.amy.ID); n != 1 {
		t.Errorf("amy has %d unread", n)
	}
	// Read, done, reassigned; only by the recipient.
	id := got[0].ID
	if err := c.s.MarkMessage(c.desk, id, c.ben.ID, model.MessageDone); err == nil {
		t.Error("amy marked ben's message")
	}
	if _, err := c.s.Reassign(c.desk, id, c.ben.ID, model.Recipient{UserID: c.amy.ID}, ""); err == nil {
		t.Error("amy passed on ben's message")
	}
	if _, err := c.s.Reassign(store.WithActor(t.Context(), "ruiz"), id, c.ruiz.ID, model.Recipient{UserID: c.amy.ID}, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("passing on a message one never had: %v", err)
	}
	if err := c.s.MarkMessage(c.desk, id, c.amy.ID, model.MessageDone); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.s.UnreadCount(t.Context(), c.amy.ID); n != 0 {
		t.Errorf("amy has %d unread after done", n)
	}
	passed, err := c.s.Reassign(store.WithActor(t.Context(), "ben"), id, c.ben.ID, model.Recipient{UserID: c.ruiz.ID}, "")
	to := passed.To
	if err != nil || len(to) != 1 || to[0].Username != "ruiz" || to[0].Why != "reassigned by Ben Roy" {
		t.Fatalf("reassign: %+v %v", to, err)
	}
	rs, _ := c.s.MessageRecipients(t.Context(), id)
	states := map[string]model.MessageState{}
	for _, r := range rs {
		states[r.Username] = r.State
	}
	if states["amy"] != model.MessageDone || states["ben"] != model.MessageDone || states["ruiz"] != model.MessageUnread {
		t.Errorf("states after reassigning: %v", states)
	}
	if log, _ := c.s.AuditLog(c.admin, store.AuditFilter{Record: fmt.Sprintf("message %d", id)}); len(log) != 3 || log[0].Action != "reassign" || log[0].Actor != "ben" {
		t.Errorf("message log: %+v", log)
	}
}

func TestProvidersFromNames(t *testing.T) {
	s := open(t, "")
	a, b := patient("A-1"), patient("A-2")
	a.Provider, b.Provider = "Dr. Hélène Côté", "dr. helene cote"
	pa, err := s.CreatePatient(ctx(t), a)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := s.CreatePatient(ctx(t), b)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.User(t.Context(), pa.ProviderID)
	if err != nil || pb.ProviderID != pa.ProviderID || u.Kind != model.KindProvider || u.Username != "helene.cote" || !u.Active {
		t.Errorf("the provider made from the name: %+v %v (b: %d)", u, err, pb.ProviderID)
	}
}
