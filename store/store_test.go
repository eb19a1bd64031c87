package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

func open(t *testing.T, path string) *store.Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "frontdesk.db")
	}
	s, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func ctx(t *testing.T) context.Context { return store.WithActor(t.Context(), "tester") }

func single(first, last, fax string) model.Contact {
	return model.Contact{Kind: model.Single, Fax: fax, Entities: []model.Entity{{FirstName: first, LastName: last}}}
}

func TestCreateGetRoundTrip(t *testing.T) {
	s := open(t, "")
	in := model.Contact{Kind: model.Group, GroupName: " Cardiology ", Fax: "+14165550101", Entities: []model.Entity{
		{FirstName: "Hélène", LastName: "Tremblay", Phone: "416.555.0199", Email: "h@example.org", Organization: "St. Mike's"},
		{Name: "Reception"},
	}}
	c, err := s.CreateContact(ctx(t), in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.GetContact(ctx(t), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.GroupName != "Cardiology" || got.Version != 1 || len(got.Entities) != 2 {
		t.Fatalf("got %+v", got)
	}
	if got.Entities[0].Phone != "(416) 555-0199" {
		t.Errorf("phone stored as %q, want the national spelling", got.Entities[0].Phone)
	}
	if got.Entities[1].Name != "Reception" || got.Entities[0].ID == 0 {
		t.Errorf("entities %+v", got.Entities)
	}
	log, err := s.AuditLog(ctx(t), store.AuditFilter{Record: fmt.Sprintf("contact %d", c.ID)})
	if err != nil || len(log) != 1 || log[0].Actor != "tester" || log[0].Action != "create" {
		t.Fatalf("audit %+v %v", log, err)
	}
}

func TestCreateRejectsInvalid(t *testing.T) {
	s := open(t, "")
	tests := []struct {
		name  string
		c     model.Contact
		field model.Field
	}{
		{"no fax", single("A", "B", ""), model.FieldFax},
		{"no name", model.Contact{Kind: model.Single, Fax: "+14165550101", Entities: []model.Entity{{Title: "Dr."}}}, model.FieldName},
		{"group without name", model.Contact{Kind: model.Group, Fax: "+14165550101", Entities: []model.Entity{{Name: "X"}}}, model.FieldGroup},
		{"bad email", model.Contact{Kind: model.Single, Fax: "+14165550101", Entities: []model.Entity{{Name: "X", Email: "nope"}}}, model.FieldEmail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateContact(ctx(t), tt.c)
			var ve *model.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a validation error", err)
			}
			found := false
			for _, p := range ve.Problems {
				found = found || p.Field == tt.field
			}
			if !found {
				t.Errorf("problems %v do not name %s", ve.Problems, tt.field)
			}
		})
	}
	if n, _ := s.CountContacts(ctx(t)); n != 0 {
		t.Errorf("%d contacts saved, want none", n)
	}
}

func TestUpdateKeepsEntityIDsAndRefusesStaleVersion(t *testing.T) {
	s := open(t, "")
	c, err := s.CreateContact(ctx(t), model.Contact{Kind: model.Group, GroupName: "Lab", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Intake"}, {Name: "Results"}}})
	if err != nil {
		t.Fatal(err)
	}
	stale := c
	keptID := c.Entities[1].ID
	c.Entities = []model.Entity{c.Entities[1], {Name: "Billing"}}
	c.Entities[0].Name = "Results desk"
	c, err = s.UpdateContact(ctx(t), c)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetContact(ctx(t), c.ID)
	if got.Version != 2 || len(got.Entities) != 2 || got.Entities[0].ID != keptID || got.Entities[0].Name != "Results desk" {
		t.Fatalf("after update: %+v", got)
	}
	stale.GroupName = "Lost update"
	if _, err := s.UpdateContact(ctx(t), stale); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale update: err = %v, want ErrConflict", err)
	}
	if err := s.DeleteContact(ctx(t), c.ID, 1); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale delete: err = %v, want ErrConflict", err)
	}
	if err := s.DeleteContact(ctx(t), c.ID, got.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetContact(ctx(t), c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after delete: err = %v", err)
	}
	if err := s.DeleteContact(ctx(t), c.ID, got.Version); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete twice: err = %v, want ErrNotFound", err)
	}
}

func TestSplitKeepsEveryPersonAndTheFax(t *testing.T) {
	s := open(t, "")
	c, err := s.CreateContact(ctx(t), model.Contact{Kind: model.Group, GroupName: "Imaging", Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}, {FirstName: "Bo", LastName: "Ng"}, {Name: "Front"}}})
	if err != nil {
		t.Fatal(err)
	}
	parts, err := s.SplitContact(ctx(t), c.ID, c.Version)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 3 || parts[0].ID != c.ID {
		t.Fatalf("parts %+v", parts)
	}
	var names []string
	err = s.EachContact(ctx(t), func(c model.Contact) error {
		if c.Kind != model.Single || c.Fax != "+14165550101" || len(c.Entities) != 1 {
			t.Errorf("after split: %+v", c)
		}
		names = append(names, c.DisplayName())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, "|") != "Front|Lee, Ann|Ng, Bo" {
		t.Errorf("contacts after split: %v", names)
	}
}

func TestListContactsInNameOrderWithSummary(t *testing.T) {
	s := open(t, "")
	for _, c := range []model.Contact{single("Zoë", "Émond", "+14165550101"), single("Adam", "Smith", "416 555 0102"), single("Bea", "smith", "+14165550103")} {
		if c.Fax[0] != '+' {
			c.Fax, _ = model.ParseFax(c.Fax, "US")
		}
		if _, err := s.CreateContact(ctx(t), c); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	err := s.ListContacts(ctx(t), func(r *store.ListRow) error {
		got = append(got, string(r.Name)+" "+string(r.Fax))
		if !strings.Contains(string(r.Search), "(416) 555-01") {
			t.Errorf("search text %q lacks the national fax", r.Search)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "Émond, Zoë +14165550101|Smith, Adam +14165550102|smith, Bea +14165550103"
	if strings.Join(got, "|") != want {
		t.Errorf("list = %q\nwant   %q", strings.Join(got, "|"), want)
	}
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", "fd.db")
	s := open(t, path)
	if _, err := s.CreateContact(ctx(t), single("A", "B", "+14165550101")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2 := open(t, path)
	if n, err := s2.CountContacts(ctx(t)); err != nil || n != 1 {
		t.Fatalf("count = %d, %v", n, err)
	}
}

func TestSetRegionRewritesSummaries(t *testing.T) {
	s := open(t, "")
	if _, err := s.CreateContact(ctx(t), single("A", "B", "+33142685300")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRegion(ctx(t), "fr"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRegion(ctx(t), "Narnia"); err == nil {
		t.Fatal("an unknown region was accepted")
	}
	s.ListContacts(ctx(t), func(r *store.ListRow) error {
		if !strings.Contains(string(r.Search), "01 42 68 53 00") {
			t.Errorf("search %q lacks the French national spelling", r.Search)
		}
		return nil
	})
}

// Two handles on one file, as two staff sessions in two processes: every
// write of both succeeds and none is lost.
func TestTwoHandlesWriteAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	a, b := open(t, path), open(t, path)
	c, err := a.CreateContact(ctx(t), model.Contact{Kind: model.Group, GroupName: "Shared", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Seed"}}})
	if err != nil {
		t.Fatal(err)
	}
	const perWorker = 10
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w, s := range []*store.Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				if _, err := s.CreateContact(ctx(t), single("W", fmt.Sprintf("N%d-%d", w, i), "+14165550102")); err != nil {
					errs <- err
					return
				}
				// A read-then-write that retries on conflict: adds one person to the shared group.
				for {
					g, err := s.GetContact(ctx(t), c.ID)
					if err != nil {
						errs <- err
						return
					}
					g.Entities = append(g.Entities, model.Entity{Name: fmt.Sprintf("P%d-%d", w, i)})
					if _, err = s.UpdateContact(ctx(t), g); err == nil {
						break
					} else if !errors.Is(err, store.ErrConflict) {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, _ := a.CountContacts(ctx(t)); n != 1+4*perWorker {
		t.Errorf("%d contacts, want %d", n, 1+4*perWorker)
	}
	g, _ := b.GetContact(ctx(t), c.ID)
	if len(g.Entities) != 1+4*perWorker {
		t.Errorf("shared group has %d people, want %d: an update was lost", len(g.Entities), 1+4*perWorker)
	}
}

func TestDataVersionSeesOtherHandlesCommits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	a, b := open(t, path), open(t, path)
	v1, err := a.DataVersion(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.CreateContact(ctx(t), single("A", "B", "+14165550101")); err != nil {
		t.Fatal(err)
	}
	v2, _ := a.DataVersion(ctx(t))
	if v1 == v2 {
		t.Error("data version did not change after another handle's commit")
	}
}

// A contact deleted and another created: the new one never takes the old
// one's ID, so a stale save aimed at the old one cannot overwrite it.
func TestIDsAreNeverReused(t *testing.T) {
	s := open(t, "")
	a, _ := s.CreateContact(ctx(t), single("A", "Beta", "+14165550101"))
	stale := a
	if err := s.DeleteContact(ctx(t), a.ID, a.Version); err != nil {
		t.Fatal(err)
	}
	b, _ := s.CreateContact(ctx(t), single("G", "Gamma", "+14165550102"))
	if b.ID == a.ID || b.Entities[0].ID == a.Entities[0].ID {
		t.Fatalf("IDs reused: %d/%d", b.ID, a.ID)
	}
	stale.Entities[0].LastName = "Beta again"
	if _, err := s.UpdateContact(ctx(t), stale); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("stale save: %v, want ErrNotFound", err)
	}
}
