package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	d := Directory{
		Users: map[int64]User{
			1: {ID: 1, Name: "Dr. Ruiz", Kind: KindProvider, Active: true},
			2: {ID: 2, Name: "Dr. Old", Kind: KindProvider, Active: false},
			3: {ID: 3, Name: "Amy", Active: true},
			4: {ID: 4, Name: "Ben", Active: true},
			5: {ID: 5, Name: "Cal (left)", Active: false},
			6: {ID: 6, Name: "Root", Active: true, Roles: []Role{RoleAdmin}},
			7: {ID: 7, Name: "Root too", Active: true, Roles: []Role{RoleAdmin}},
		},
		Groups: map[int64]StaffGroup{
			10: {ID: 10, Name: "Front Office", Members: []int64{3, 4, 5}},
			11: {ID: 11, Name: "Gone", Members: []int64{5}},
		},
	}
	ids := func(rs []Routed) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.UserID)
		}
		return out
	}
	tests := []struct {
		name     string
		provider int64
		route    []Recipient
		want     []int64
		why      string // of the first
	}{
		{"a group, inactive member left out", 1, []Recipient{{GroupID: 10}}, []int64{3, 4}, "member of Front Office"},
		{"a user and a group naming them, once", 1, []Recipient{{UserID: 4}, {GroupID: 10}}, []int64{4, 3}, "named in the route"},
		{"no route: the provider", 1, nil, []int64{1}, "no route: the provider"},
		{"only inactive people: the provider", 1, []Recipient{{GroupID: 11}, {UserID: 5}}, []int64{1}, "no active user in the route"},
		{"inactive provider, no route: the admins", 2, nil, []int64{6, 7}, "the provider is not active"},
		{"another provider's own route", 2, []Recipient{{UserID: 3}}, []int64{3}, "named"},
		{"a removed group: the provider", 1, []Recipient{{GroupID: 99}}, []int64{1}, "no active user"},
	}
	for _, tt := range tests {
		got := d.Resolve(tt.provider, tt.route)
		if !reflect.DeepEqual(ids(got), tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, ids(got), tt.want)
			continue
		}
		if !strings.Contains(got[0].Why, tt.why) {
			t.Errorf("%s: why %q, want %q", tt.name, got[0].Why, tt.why)
		}
	}
}

func TestPlanAllProviders(t *testing.T) {
	fo, nurses, amy := Recipient{GroupID: 10}, Recipient{GroupID: 11}, Recipient{UserID: 3}
	current := map[Cell][]Recipient{
		{1, 100}: {fo},         // already what is filled: unchanged
		{2, 100}: {nurses},     // replaced, not added to
		{1, 200}: {amy},        // a blank category: left alone
		{2, 300}: {fo, nurses}, // same set in another order: unchanged
	}
	filled := map[int64][]Recipient{100: {fo}, 200: nil, 300: {nurses, fo}}
	got := PlanAllProviders(current, []int64{1, 2, 3}, []int64{100, 200, 300}, filled)
	want := []CellChange{
		{Cell{1, 300}, nil, []Recipient{nurses, fo}},
		{Cell{2, 100}, []Recipient{nurses}, []Recipient{fo}},
		{Cell{3, 100}, nil, []Recipient{fo}},
		{Cell{3, 300}, nil, []Recipient{nurses, fo}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes:\n got %+v\nwant %+v", got, want)
	}
	if len(PlanAllProviders(current, []int64{1, 2}, []int64{100, 200, 300}, map[int64][]Recipient{})) != 0 {
		t.Error("nothing filled changes something")
	}
}

func TestSummary(t *testing.T) {
	d := Directory{Users: map[int64]User{1: {Name: "Amy Ng"}, 2: {Name: "Ben"}},
		Groups: map[int64]StaffGroup{10: {Name: "Front Office"}, 11: {Name: "Nurses"}}}
	route := []Recipient{{GroupID: 10}, {UserID: 1}, {GroupID: 11}}
	tests := []struct {
		width int
		want  string
	}{
		{40, "Front Office, Amy Ng, Nurses"},
		{23, "Front Office, Amy Ng +1"},
		{22, "Front Office +2"},
		{15, "Front Office +2"},
		{10, "Front… +2"},
		{3, "Fro"},
	}
	for _, tt := range tests {
		if got := d.Summary(route, tt.width); got != tt.want {
			t.Errorf("width %d: %q, want %q", tt.width, got, tt.want)
		}
	}
	if got := d.Summary([]Recipient{{GroupID: 10}}, 8); got != "Front O…" {
		t.Errorf("one that does not fit: %q", got)
	}
	if d.Summary(nil, 10) != "" {
		t.Error("an empty route has a summary")
	}
}

func TestPermissions(t *testing.T) {
	desk := User{Username: "amy", Active: true, Roles: []Role{RoleFrontDesk}}
	tests := []struct {
		u    User
		p    Permission
		want bool
	}{
		{desk, PermContacts, true},
		{desk, PermPatients, true},
		{desk, PermRouting, false},
		{desk, PermStaff, false},
		{desk, PermInvoices, false},
		{User{Active: true, Roles: []Role{RoleSecretary}}, PermInvoices, true},
		{User{Active: true, Roles: []Role{RoleSecretary}}, PermRouting, false},
		{User{Active: true, Roles: []Role{RoleClinician}}, PermContacts, false},
		{User{Active: true, Roles: []Role{RoleAdmin}}, PermRouting, true},
		{User{Active: false, Roles: []Role{RoleAdmin}}, PermRouting, false},
		{User{Active: true, Roles: []Role{RoleAdmin}}, PermAudit, true},
		{User{Active: true, Roles: []Role{RoleSecretary}}, PermAudit, false},
		{desk, PermAudit, false},
		{User{Active: true}, PermContacts, false},
	}
	for i, tt := range tests {
		if got := tt.u.Can(tt.p); got != tt.want {
			t.Errorf("%d: %v may %s: %v, want %v", i, tt.u.Roles, tt.p, got, tt.want)
		}
	}
	err := desk.Deny(PermRouting)
	if err == nil || !strings.Contains(err.Error(), `amy may not edit routing`) || !strings.HasSuffix(err.Error(), "that takes the role admin") {
		t.Errorf("refusal: %v", err)
	}
}

func TestUsers(t *testing.T) {
	for in, want := range map[string]string{"Dr. Ana Ruiz": "ana.ruiz", "Hélène  Côté, MD": "helene.cote", "李": "user", "O'Brien": "obrien"} {
		if got := UsernameFor(in); got != want {
			t.Errorf("UsernameFor(%q) = %q, want %q", in, got, want)
		}
	}
	u := User{Name: "  Amy  Ng ", Username: " Amy ", Kind: KindStaff, Roles: []Role{RoleFrontDesk, RoleAdmin, RoleFrontDesk}}.Clean()
	if u.Name != "Amy Ng" || u.Username != "amy" || !reflect.DeepEqual(u.Roles, []Role{RoleAdmin, RoleFrontDesk}) {
		t.Errorf("clean: %+v", u)
	}
	if ps := u.Validate(); len(ps) != 0 {
		t.Errorf("problems: %v", ps)
	}
	if ps := (User{Username: "1 bad", Kind: "boss", Roles: []Role{"king"}}).Validate(); len(ps) != 4 {
		t.Errorf("problems: %v", ps)
	}
	for _, s := range []string{"front desk", "FrontDesk", "front-desk", "Admin"} {
		if _, err := ParseRole(s); err != nil {
			t.Errorf("ParseRole(%q): %v", s, err)
		}
	}
	if _, err := ParseRole("boss"); err == nil {
		t.Error("boss is a role")
	}
}

func TestHandling(t *testing.T) {
	for _, tc := range []struct {
		h           Handling
		short, long string
	}{
		{Handling{State: MessageUnread}, "unread", "you have it (unread)"},
		{Handling{State: MessageRead, With: []string{"Ben Roy"}}, "read", "you and Ben Roy have it (read)"},
		{Handling{State: MessageDone, With: []string{"Dr. Ana Ruiz"}}, "Dr. Ana Ruiz has it", "Dr. Ana Ruiz has it now"},
		{Handling{State: MessageDone, With: []string{"Amy Ng", "Ben Roy", "Carla Díaz"}}, "Amy Ng +2 have it",
			"Amy Ng, Ben Roy and Carla Díaz have it now"},
		{Handling{State: MessageDone, DoneBy: "Amy Ng"}, "done by Amy Ng", "done by Amy Ng"},
		{Handling{State: MessageDone}, "done", "done"},
	} {
		if s := tc.h.Short(); s != tc.short {
			t.Errorf("%+v: short %q, want %q", tc.h, s, tc.short)
		}
		if s := tc.h.Long(); s != tc.long {
			t.Errorf("%+v: long %q, want %q", tc.h, s, tc.long)
		}
	}
}
