package store_test

import (
	"path/filepath"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// A change made while an import of the same process holds the write
// connection waits for it, is told what it waits for (the import, by its
// file), hears when the wait is over, and is saved once the import ends.
func TestWriteWaitingForAnImportIsTold(t *testing.T) {
	s, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "wait.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := store.WithActor(t.Context(), "x")
	importing, finish, imported := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		_, err := s.Import(ctx, store.ImportBatch{File: "/in/clinic.csv"}, func(*store.ContactWriter) error {
			close(importing)
			<-finish
			return nil
		})
		imported <- err
	}()
	<-importing
	notices := make(chan string, 4)
	saved := make(chan error, 1)
	go func() {
		wctx := store.WithWaitNotice(ctx, func(what string) { notices <- what })
		_, err := s.CreateContact(wctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
			Entities: []model.Entity{{LastName: "Lee"}}})
		saved <- err
	}()
	if what := <-notices; what != "the import of clinic.csv to finish" {
		t.Errorf("waiting for %q", what)
	}
	close(finish)
	if err := <-imported; err != nil {
		t.Fatal(err)
	}
	if err := <-saved; err != nil {
		t.Fatal(err)
	}
	if what := <-notices; what != "" {
		t.Errorf("after the wait: %q", what)
	}
	if n, _ := s.CountContacts(t.Context()); n != 1 {
		t.Errorf("%d contacts, want 1", n)
	}
}
