package model

import (
	"reflect"
	"testing"
	"time"
)

func TestDiff(t *testing.T) {
	f := func(kv ...string) Fields {
		var fs Fields
		for i := 0; i < len(kv); i += 2 {
			fs.Add(kv[i], kv[i], kv[i+1])
		}
		return fs
	}
	type row struct{ key, mark, before, after string }
	tests := []struct {
		name          string
		before, after Fields
		want          []row
	}{
		{"a creation", nil, f("fax", "+1", "name", "Ann"),
			[]row{{"fax", "+", "", "+1"}, {"name", "+", "", "Ann"}}},
		{"a deletion", f("fax", "+1", "name", "Ann"), nil,
			[]row{{"fax", "-", "+1", ""}, {"name", "-", "Ann", ""}}},
		{"one field changed", f("fax", "+1", "name", "Ann"), f("fax", "+2", "name", "Ann"),
			[]row{{"fax", "~", "+1", "+2"}, {"name", " ", "Ann", "Ann"}}},
		{"a field cleared stays in its place", f("a", "1", "b", "2", "c", "3"), f("a", "1", "c", "3"),
			[]row{{"a", " ", "1", "1"}, {"b", "-", "2", ""}, {"c", " ", "3", "3"}}},
		{"the first field cleared", f("a", "1", "b", "2"), f("b", "2"),
			[]row{{"a", "-", "1", ""}, {"b", " ", "2", "2"}}},
		{"a field set", f("a", "1"), f("a", "1", "b", "2"),
			[]row{{"a", " ", "1", "1"}, {"b", "+", "", "2"}}},
		{"nothing", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []row
			for _, c := range Diff(tt.before, tt.after) {
				got = append(got, row{c.Key, c.Mark, c.Before, c.After})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMaskSecrets(t *testing.T) {
	pw := func(v string) Fields {
		fs := Fields{{"smtp_host", "Mail server", "mail.example"}}
		fs.Add("smtp_password", "Mail password", v)
		return fs
	}
	tests := []struct {
		name                  string
		before, after         Fields
		wantBefore, wantAfter string // the password's value on each side ("" absent)
	}{
		{"set", pw(""), pw("hunter2"), "", Hidden},
		{"changed", pw("hunter2"), pw("correct horse"), Hidden, HiddenChanged},
		{"kept", pw("hunter2"), pw("hunter2"), Hidden, Hidden},
		{"cleared", pw("hunter2"), pw(""), Hidden, ""},
		{"created", nil, pw("hunter2"), "", Hidden},
	}
	value := func(fs Fields) string {
		if i := fs.index("smtp_password"); i >= 0 {
			return fs[i].Value
		}
		return ""
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, a := MaskSecrets(tt.before, tt.after)
			if value(b) != tt.wantBefore || value(a) != tt.wantAfter {
				t.Errorf("before %q after %q, want %q and %q", value(b), value(a), tt.wantBefore, tt.wantAfter)
			}
			if (tt.before == nil) != (b == nil) {
				t.Errorf("nothing before became %v", b)
			}
			if len(a) > 0 && a[0].Value != "mail.example" {
				t.Errorf("a field that is no secret was masked: %v", a[0])
			}
			if value(tt.before) != "" && value(tt.before) == value(b) {
				t.Error("the secret given was kept")
			}
		})
	}
	for key, want := range map[string]bool{"smtp_password": true, "sms.auth_token": true, "api_key": true,
		"smtp_host": false, "fax": false, "person.3.email": false} {
		if Secret(key) != want {
			t.Errorf("Secret(%q) = %v", key, !want)
		}
	}
}

func TestContactAuditFields(t *testing.T) {
	single := Contact{Kind: Single, Fax: "+14165550101", Entities: []Entity{{ID: 7, FirstName: "Ann", LastName: "Lee"}}}
	fs := single.AuditFields()
	want := Fields{{"kind", "Kind", "single"}, {"fax", "Fax", "+14165550101"},
		{"person.7.first_name", "First name", "Ann"}, {"person.7.last_name", "Last name", "Lee"}}
	if !reflect.DeepEqual(fs, want) {
		t.Errorf("single: %v", fs)
	}
	group := Contact{Kind: Group, GroupName: "Cardio", Fax: "+14165550101", Entities: []Entity{{ID: 7, Name: "Desk"}, {ID: 9, Name: "Lab"}}}
	fs = group.AuditFields()
	if fs[len(fs)-1] != (FieldValue{"person.9.name", "Person 2 · Name or department", "Lab"}) {
		t.Errorf("group: %v", fs)
	}
	// A person removed from the front is the one removed, not a shift.
	group.Entities = group.Entities[1:]
	cs := Diff(fs, group.AuditFields())
	if Changed(cs) != 1 || cs[3].Key != "person.7.name" || cs[3].Mark != MarkRemoved {
		t.Errorf("removing a person: %+v", cs)
	}
}

func TestDayStart(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		region string
		want   string // YYYY-MM-DD, or "error"
	}{
		{"2026-11-01", "US", "2026-11-01"},
		{"03/04/2026", "US", "2026-03-04"},
		{"03/04/2026", "FR", "2026-04-03"},
		{"31/03/2026", "US", "2026-03-31"},
		{"1 Nov 2026", "CA", "2026-11-01"},
		{"31/02/2026", "US", "error"},
		{"soon", "US", "error"},
	}
	for _, tt := range tests {
		got, err := DayStart(tt.in, RegionDateOrder(tt.region), now, time.UTC)
		s := got.Format("2006-01-02")
		if err != nil {
			s = "error"
		}
		if s != tt.want || (err == nil && got.Hour() != 0) {
			t.Errorf("DayStart(%q, %s) = %v %v, want %s", tt.in, tt.region, got, err, tt.want)
		}
	}
}
