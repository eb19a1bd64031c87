package store_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"frontdesk/model"
	"frontdesk/store"
)

// newKey returns a fresh public key as an authorized_keys line, and its
// fingerprint.
func newKey(t *testing.T, comment string) (line, fingerprint string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))) + " " + comment, ssh.FingerprintSHA256(pk)
}

func TestUserKeys(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "keys.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	if _, err := st.ActingUser(admin, "Root Admin"); err != nil {
		t.Fatal(err)
	}
	amy, err := st.CreateUser(admin, model.User{Name: "Amy Ng", Username: "amy", Kind: model.KindStaff, Active: true,
		Roles: []model.Role{model.RoleFrontDesk}})
	if err != nil {
		t.Fatal(err)
	}
	line, fp := newKey(t, "amy@desk-3")

	k, err := st.AddUserKey(admin, amy.ID, `no-pty,command="x" `+line)
	if err != nil {
		t.Fatal(err)
	}
	if k.Fingerprint != fp || k.Comment != "amy@desk-3" || k.Type != "ssh-ed25519" || k.AddedBy != "root" {
		t.Errorf("added %+v, want fingerprint %s", k, fp)
	}
	if u, err := st.UserByKey(t.Context(), fp); err != nil || u.ID != amy.ID || len(u.Roles) != 1 {
		t.Errorf("UserByKey = %+v, %v", u, err)
	}

	// One key, one user.
	var taken *store.KeyTakenError
	if _, err := st.AddUserKey(admin, amy.ID, line); !errors.As(err, &taken) || taken.Username != "amy" {
		t.Errorf("the same key again: %v", err)
	}
	// Only staff managers add keys.
	other, _ := newKey(t, "")
	if _, err := st.AddUserKey(store.WithActor(t.Context(), "amy"), amy.ID, other); err == nil {
		t.Error("a front-desk user added a key")
	}
	for _, bad := range []string{"", "ssh-ed25519 not-base64", "hello", line + "\n" + other} {
		if _, err := st.AddUserKey(admin, amy.ID, bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}

	// A sign-in is recorded on the key and in the audit log.
	if err := st.SignIn(store.WithActor(t.Context(), "amy"), fp, "192.0.2.7:50122"); err != nil {
		t.Fatal(err)
	}
	keys, err := st.UserKeys(t.Context(), amy.ID)
	if err != nil || len(keys) != 1 || keys[0].LastUsed.IsZero() {
		t.Fatalf("keys %+v %v", keys, err)
	}
	log, _ := st.AuditLog(admin, store.AuditFilter{Record: fmt.Sprintf("user %d", amy.ID)})
	slices.Reverse(log) // oldest first
	if last := log[len(log)-1]; last.Action != "sign in" || last.Actor != "amy" || !strings.Contains(last.Detail, "192.0.2.7") {
		t.Errorf("audit %+v", last)
	}

	// An inactive user's key signs nobody in.
	amy.Active = false
	if _, err := st.UpdateUser(admin, amy); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UserByKey(t.Context(), fp); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("inactive user's key: %v", err)
	}

	if _, err := st.RemoveUserKey(admin, fp); err != nil {
		t.Fatal(err)
	}
	if keys, _ := st.UserKeys(t.Context(), 0); len(keys) != 0 {
		t.Errorf("after remove: %+v", keys)
	}
	if _, err := st.RemoveUserKey(admin, fp); err == nil || !strings.Contains(err.Error(), fp) {
		t.Errorf("removing it again: %v", err)
	}
}

// A key is stamped with the clock of its context, as the audit log is: a
// view of the keys reads the same at every run.
func TestUserKeyAddedAtFollowsTheClock(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "clock.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	root, err := st.ActingUser(admin, "Root Admin")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC)
	line, fp := newKey(t, "root@desk")
	if _, err := st.AddUserKey(store.WithClock(admin, func() time.Time { return at }), root.ID, line); err != nil {
		t.Fatal(err)
	}
	ks, err := st.UserKeys(t.Context(), root.ID)
	if err != nil || len(ks) != 1 || ks[0].Fingerprint != fp || !ks[0].AddedAt.Equal(at) {
		t.Fatalf("keys %+v, %v; want one added at %v", ks, err, at)
	}
}

// A sign-in changes nothing an open session shows: it wakes no one (the
// watcher's next poll still sees it), while a save does at once.
func TestSignInIsQuiet(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "quiet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	root, err := st.ActingUser(admin, "Root Admin")
	if err != nil {
		t.Fatal(err)
	}
	line, fp := newKey(t, "root@desk")
	if _, err := st.AddUserKey(admin, root.ID, line); err != nil {
		t.Fatal(err)
	}
	var woken int
	remove := st.OnCommit(func() { woken++ })
	defer remove()
	if err := st.SignIn(admin, fp, "192.0.2.7:1"); err != nil {
		t.Fatal(err)
	}
	if err := st.SignOut(admin, fp, "192.0.2.7:1"); err != nil {
		t.Fatal(err)
	}
	if woken != 0 {
		t.Errorf("signing in and out woke the sessions %d times", woken)
	}
	if _, err := st.CreateContact(admin, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}}); err != nil {
		t.Fatal(err)
	}
	if woken != 1 {
		t.Errorf("a save woke the sessions %d times, want 1", woken)
	}
}
