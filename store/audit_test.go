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

// latest returns the newest audit entry about record.
func latest(t *testing.T, c *clinic, record string) store.AuditEntry {
	t.Helper()
	log, err := c.s.AuditLog(c.admin, store.AuditFilter{Record: record, Limit: 1})
	if err != nil || len(log) != 1 {
		t.Fatalf("the audit of %s: %+v %v", record, log, err)
	}
	return log[0]
}

// changes writes a change as "key: before -> after" for each field the
// change touched, in order.
func changes(e store.AuditEntry) string {
	var out []string
	for _, c := range model.Diff(e.Before, e.After) {
		if c.Mark != model.MarkSame {
			out = append(out, fmt.Sprintf("%s%s: %s -> %s", c.Mark, c.Key, c.Before, c.After))
		}
	}
	return strings.Join(out, "; ")
}

// Every kind of change records the record before and after it, and only
// the fields it touched differ; secrets never reach the log.
func TestAuditBeforeAfter(t *testing.T) {
	c := newClinic(t)
	ctx := c.admin
	contact, err := c.s.CreateContact(ctx, model.Contact{Kind: model.Group, GroupName: "Cardiology", Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}, {Name: "Reception"}}})
	if err != nil {
		t.Fatal(err)
	}
	ann, desk := contact.Entities[0].ID, contact.Entities[1].ID
	employer, err := c.s.CreateEmployer(ctx, model.Employer{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func() error
		record string
		action string
		want   string // changes(entry)
	}{
		{"a contact created", func() error { return nil }, fmt.Sprintf("contact %d", contact.ID), "create",
			fmt.Sprintf("+kind:  -> multiple; +group_name:  -> Cardiology; +fax:  -> +14165550101; "+
				"+person.%d.first_name:  -> Ann; +person.%d.last_name:  -> Lee; +person.%d.name:  -> Reception", ann, ann, desk)},
		{"a contact's fax and a person's phone", func() error {
			got, _ := c.s.GetContact(ctx, contact.ID)
			got.Fax, got.Entities[1].Phone = "+14165550199", "416 555 0123"
			contact, err = c.s.UpdateContact(ctx, got)
			return err
		}, fmt.Sprintf("contact %d", contact.ID), "update",
			fmt.Sprintf("~fax: +14165550101 -> +14165550199; +person.%d.phone:  -> (416) 555-0123", desk)},
		{"a person removed", func() error {
			got, _ := c.s.GetContact(ctx, contact.ID)
			got.Entities = got.Entities[1:]
			contact, err = c.s.UpdateContact(ctx, got)
			return err
		}, fmt.Sprintf("contact %d", contact.ID), "update",
			fmt.Sprintf("-person.%d.first_name: Ann -> ; -person.%d.last_name: Lee -> ", ann, ann)},
		{"a contact deleted", func() error { return c.s.DeleteContact(ctx, contact.ID, contact.Version) },
			fmt.Sprintf("contact %d", contact.ID), "delete",
			fmt.Sprintf("-kind: multiple -> ; -group_name: Cardiology -> ; -fax: +14165550199 -> ; "+
				"-person.%d.name: Reception -> ; -person.%d.phone: (416) 555-0123 -> ", desk, desk)},
		{"a patient's employer and phone", func() error {
			p := c.zoe
			p.EmployerID, p.Phone = employer.ID, "416-555-0142"
			_, err := c.s.UpdatePatient(ctx, p)
			return err
		}, fmt.Sprintf("patient %d", c.zoe.ID), "update", "~phone: (514) 555-0177 -> (416) 555-0142; +employer:  -> Acme"},
		{"an employer's fax", func() error {
			e := employer
			e.Fax = "416 555 0177"
			_, err := c.s.UpdateEmployer(ctx, e)
			return err
		}, fmt.Sprintf("employer %d", employer.ID), "update", "+fax:  -> +14165550177"},
		{"a user's roles", func() error {
			u := c.ben
			u.Roles = []model.Role{model.RoleSecretary}
			_, err := c.s.UpdateUser(ctx, u)
			return err
		}, fmt.Sprintf("user %d", c.ben.ID), "update", "~roles: front desk -> secretary"},
		{"a group's members", func() error {
			g := c.front
			g.Members = []int64{c.amy.ID}
			_, err := c.s.SaveGroup(ctx, g)
			return err
		}, fmt.Sprintf("group %d", c.front.ID), "update", "~members: Amy Ng, Ben Roy, Cal Left -> Amy Ng"},
		{"a routing cell", func() error {
			return c.s.SetRoute(ctx, model.Cell{ProviderID: c.chen.ID, CategoryID: c.refills},
				[]model.Recipient{{UserID: c.amy.ID}, {GroupID: c.front.ID}})
		}, fmt.Sprintf("provider %d", c.chen.ID), "route", "+recipients:  -> Amy Ng, Front Office"},
		{"a category renamed", func() error {
			_, err := c.s.SaveCategory(ctx, model.Category{ID: c.refills, Name: "Refills"})
			return err
		}, fmt.Sprintf("category %d", c.refills), "update", "~name: Prescription refill -> Refills"},
		{"the region", func() error { return c.s.SetRegion(ctx, "CA") }, "setting", "update", "~default_region: US -> CA"},
		{"a mail password set", func() error {
			_, err := c.s.SetFaxSettings(ctx, model.FaxSettings{SMTPHost: "mail.example", SMTPPass: "hunter2"})
			return err
		}, "setting", "update", "+smtp_host:  -> mail.example; +smtp_password:  -> (hidden)"},
		{"a mail password changed", func() error {
			_, err := c.s.SetFaxSettings(ctx, model.FaxSettings{SMTPHost: "mail.example", SMTPPass: "correct horse"})
			return err
		}, "setting", "update", "~smtp_password: (hidden) -> (hidden, changed)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.change(); err != nil {
				t.Fatal(err)
			}
			e := latest(t, c, tt.record)
			if e.Action != tt.action || e.Actor != "root" {
				t.Errorf("entry %s by %s, want %s by root", e.Action, e.Actor, tt.action)
			}
			if got := changes(e); got != tt.want {
				t.Errorf("changes\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	// Nowhere in the log, in any column, is a password in clear.
	log, err := c.s.AuditLog(ctx, store.AuditFilter{Record: "hunter2"})
	if err != nil || len(log) != 0 {
		t.Errorf("a search for the password finds %+v %v", log, err)
	}
	if log, _ := c.s.AuditLog(ctx, store.AuditFilter{Record: "horse"}); len(log) != 0 {
		t.Errorf("a search for the new password finds %+v", log)
	}
}

// The log is read newest first, narrowed by record, user and dates, a
// page at a time; only an admin may read it.
func TestAuditLogFilter(t *testing.T) {
	c := newClinic(t)
	day := func(d int, h int) context.Context {
		at := time.Date(2026, 11, d, h, 0, 0, 0, time.Local)
		return store.WithClock(c.admin, func() time.Time { return at })
	}
	// Nov 1: root creates Ann Lee; Nov 2: amy fixes her fax; Nov 3: amy
	// creates Bob Roy; Nov 3 late: root edits an employer.
	ann, err := c.s.CreateContact(day(1, 9), single("Ann", "Lee", "+14165550101"))
	if err != nil {
		t.Fatal(err)
	}
	ann.Fax = "+14165550102"
	amyOn := func(d, h int) context.Context { return store.WithActor(day(d, h), "amy") }
	if ann, err = c.s.UpdateContact(amyOn(2, 10), ann); err != nil {
		t.Fatal(err)
	}
	bob, err := c.s.CreateContact(amyOn(3, 11), single("Bob", "Roy", "+14165550103"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.s.CreateEmployer(day(3, 23), model.Employer{Name: "Lee Holdings"}); err != nil {
		t.Fatal(err)
	}
	date := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.Local) }
	type got struct{ action, record string }
	tests := []struct {
		name string
		f    store.AuditFilter
		want string // "action record, ..." newest first
	}{
		{"a contact by kind and ID", store.AuditFilter{Record: fmt.Sprintf("contact %d", ann.ID)},
			fmt.Sprintf("update contact %d, create contact %d", ann.ID, ann.ID)},
		{"spelled with # and a plural", store.AuditFilter{Record: fmt.Sprintf("Contacts #%d", bob.ID)},
			fmt.Sprintf("create contact %d", bob.ID)},
		{"text in the details", store.AuditFilter{Record: "lee", Since: date(1)},
			fmt.Sprintf("create employer 1, update contact %d, create contact %d", ann.ID, ann.ID)},
		{"a kind and text", store.AuditFilter{Record: "contact lee"},
			fmt.Sprintf("update contact %d, create contact %d", ann.ID, ann.ID)},
		{"an old fax number, in the fields", store.AuditFilter{Record: "+14165550101"},
			fmt.Sprintf("update contact %d, create contact %d", ann.ID, ann.ID)},
		{"by login", store.AuditFilter{User: "amy", Since: date(1)},
			fmt.Sprintf("create contact %d, update contact %d", bob.ID, ann.ID)},
		{"by name", store.AuditFilter{User: "Amy Ng"},
			fmt.Sprintf("create contact %d, update contact %d", bob.ID, ann.ID)},
		{"one day", store.AuditFilter{Since: date(2), Until: date(3)}, fmt.Sprintf("update contact %d", ann.ID)},
		{"a day, to its last hour", store.AuditFilter{Since: date(3), Until: date(4)},
			fmt.Sprintf("create employer 1, create contact %d", bob.ID)},
		{"a user over dates", store.AuditFilter{User: "root", Since: date(1), Until: date(4)},
			fmt.Sprintf("create employer 1, create contact %d", ann.ID)},
		{"a page", store.AuditFilter{Since: date(1), Limit: 2}, fmt.Sprintf("create employer 1, create contact %d", bob.ID)},
		{"the next page", store.AuditFilter{Since: date(1), Limit: 2, BeforeID: -1},
			fmt.Sprintf("update contact %d, create contact %d", ann.ID, ann.ID)},
		{"nothing", store.AuditFilter{Record: "contact 9999"}, ""},
	}
	var lastPage []store.AuditEntry
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.f
			if f.BeforeID == -1 {
				f.BeforeID = lastPage[len(lastPage)-1].ID
			}
			log, err := c.s.AuditLog(c.admin, f)
			if err != nil {
				t.Fatal(err)
			}
			lastPage = log
			var out []string
			for _, e := range log {
				out = append(out, e.Action+" "+e.Record())
			}
			if strings.Join(out, ", ") != tt.want {
				t.Errorf("got  %s\nwant %s", strings.Join(out, ", "), tt.want)
			}
		})
	}
	// A front-desk user may not read it.
	_, err = c.s.AuditLog(c.desk, store.AuditFilter{})
	var denied *model.DeniedError
	if !errors.As(err, &denied) || !strings.Contains(err.Error(), "that takes the role admin") {
		t.Errorf("amy reads the log: %v", err)
	}
}

func TestParseRecord(t *testing.T) {
	tests := []struct {
		in   string
		want store.RecordQuery
	}{
		{"contact 12", store.RecordQuery{Subject: "contact", ID: 12}},
		{"  Contacts  #12 ", store.RecordQuery{Subject: "contact", ID: 12}},
		{"categories", store.RecordQuery{Subject: "category"}},
		{"import mapping", store.RecordQuery{Subject: "import mapping"}},
		{"import 3", store.RecordQuery{Subject: "import", ID: 3}},
		{"patient Lee", store.RecordQuery{Subject: "patient", Text: "Lee"}},
		{"share 4", store.RecordQuery{Subject: "share", ID: 4}},
		{"Shares #4", store.RecordQuery{Subject: "share", ID: 4}},
		{"shares ann", store.RecordQuery{Subject: "share", Text: "ann"}},
		{"shared", store.RecordQuery{Text: "shared"}},
		{"#7", store.RecordQuery{ID: 7}},
		{"7", store.RecordQuery{ID: 7}},
		{"+14165550101", store.RecordQuery{Text: "+14165550101"}},
		{"4165550101", store.RecordQuery{Text: "4165550101"}},
		{"contactless", store.RecordQuery{Text: "contactless"}},
		{"Lee, Ann", store.RecordQuery{Text: "Lee, Ann"}},
		{"", store.RecordQuery{}},
	}
	for _, tt := range tests {
		if got := store.ParseRecord(tt.in); got != tt.want {
			t.Errorf("ParseRecord(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// The audit log is filtered by share as by any record: a share's number
// gives what became of it, and no other share's entries.
func TestAuditLogShare(t *testing.T) {
	c := newClinic(t)
	p, err := c.s.CreatePatient(c.admin, patient("Z-900"))
	if err != nil {
		t.Fatal(err)
	}
	ann := single("Ann", "Lee", "+14165550101")
	ann.Entities[0].Email = "ann@cardio.example"
	contact, err := c.s.CreateContact(c.admin, ann)
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.s.AddPatientDocument(c.admin, model.PatientDocument{PatientID: p.ID, Kind: model.PDocLab, Title: "CBC results",
		Date: model.Date{Year: 2026, Month: 12, Day: 1}}, model.Document{Name: "cbc.txt", Data: []byte("CBC\n")})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range 2 {
		sh, err := c.s.CreateShare(c.admin, model.Share{DocumentID: d.ID, ContactID: contact.ID, Level: model.LevelLink},
			store.HashSecret(fmt.Sprintf("token-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.s.ShareMailed(c.admin, sh.ID, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sh.ID)
	}
	if err := c.s.RevokeShare(c.admin, ids[0]); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		record, want string
	}{
		{fmt.Sprintf("share %d", ids[0]), fmt.Sprintf("revoked share %d, mailed share %[1]d, shared share %[1]d", ids[0])},
		{fmt.Sprintf("shares #%d", ids[1]), fmt.Sprintf("mailed share %d, shared share %[1]d", ids[1])},
		{"shares ann@cardio", fmt.Sprintf("shared share %d, shared share %d", ids[1], ids[0])},
	}
	for _, tt := range tests {
		log, err := c.s.AuditLog(c.admin, store.AuditFilter{Record: tt.record})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range log {
			out = append(out, e.Action+" "+e.Record())
		}
		if got := strings.Join(out, ", "); got != tt.want {
			t.Errorf("%q: got  %s\nwant %s", tt.record, got, tt.want)
		}
	}
}
