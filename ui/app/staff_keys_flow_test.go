package app_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"golang.org/x/crypto/ssh"

	"frontdesk/model"
	"frontdesk/store"
)

// amyRSA is a 4096-bit RSA public key: its line is over 700 characters,
// longer than any field of a form takes.
const amyRSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQC8NfPx01Rn0uNobkD5VCSEP1GrUWjwkE7mkl5wyWsXc8Z8dbFKXwS+nVfNHvI1U0BBZmdDtEPr1AFM9tZIgs8520e5qVtpdu+4L2kFwCsLfCZs5Rp3cDBhlmw4glGA02Wi/6CMIn346LyFjOXv9oDxOYoQh4/xJvsgoNYYTceNEFmxwDa7RVCQx4k50/0OcT2XLhYDQ0BPcYuWV5S/qu5+DX0vXOvsC6KiSAlgOdt2fSzYW0dPVKTkCbij/xHke8hh7UziAehnJY1/kuMfczX5qgGuErW63GY17PuTzBaYJ8NMFWBMlk5cRHAR5Tt51jhVJYuDsQ2WbGbjvenqGjVImJKjPbF4uGq9gDijZESXSZr81N39mapwGEhL1qDTzVGatLcs+Pdcx2Yl6a1RpuvhF0B8m8ykddeL9Le43RB/Q0GM9CcwXfNsT1T3WiAhlSt72xFjHTdR/3y/dztlWzX8eeMSyg+XQmFu91nXMhUNGXqB+JrQxQlqNeNv9bsXY8sUcKGe0qMSWdFyQyPyQR/Dk3NdLzIfoVpmV7oCNIta6SyhhZDNxHFOCdnRm8Dx2lMmCZiIn+QW9Y4XMPOkmaW7NP4dqmDJmC9IiXhg+r+w19detRJEumkKWcONSCFpYzqnPxXElOTt3m4bU7B+BAYMIvMjW5+ornAoFVpFmXqVPw=="

// freshKey returns a new ed25519 public key as an authorized_keys line.
func freshKey(t *testing.T, comment string) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))) + " " + comment
}

// paste sends text as a terminal's bracketed paste does: one message.
func paste(tm interface{ Send(tea.Msg) }, text string) {
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true})
}

// An admin opens a user's page on the Staff screen, is refused a junk line
// and a key that is another user's, pastes a long key whose fingerprint
// shows before it is saved, saves it, and removes it after confirming.
func TestFlowStaffKeys(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "keys.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	root, err := st.ActingUser(admin, "Root Admin")
	if err != nil {
		t.Fatal(err)
	}
	amy, err := st.CreateUser(admin, model.User{Name: "Amy Ng", Username: "amy", Kind: model.KindStaff, Active: true,
		Roles: []model.Role{model.RoleFrontDesk}})
	if err != nil {
		t.Fatal(err)
	}
	ben, err := st.CreateUser(admin, model.User{Name: "Ben Roy", Username: "ben", Kind: model.KindStaff, Active: true,
		Roles: []model.Role{model.RoleFrontDesk}})
	if err != nil {
		t.Fatal(err)
	}
	bensLine := freshKey(t, "ben@desk-1")
	bens, err := st.AddUserKey(admin, ben.ID, bensLine)
	if err != nil {
		t.Fatal(err)
	}
	pk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(amyRSA))
	if err != nil {
		t.Fatal(err)
	}
	amysFP := ssh.FingerprintSHA256(pk)
	amysKeys := func() []model.UserKey {
		t.Helper()
		ks, err := st.UserKeys(t.Context(), amy.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ks
	}

	tm := newAppAs(t, st, root)
	waitFor(t, tm, "No contacts yet")
	press(tm, ":", "staff", "enter")
	waitFor(t, tm, "3 users", "Amy Ng")
	press(tm, "enter") // Amy Ng sorts first
	waitFor(t, tm, "SSH keys (0)", "None yet")

	// Junk is refused with the parser's reason; nothing is saved.
	press(tm, "n")
	waitFor(t, tm, "Add a key: paste")
	paste(tm, "hello, this is not a key")
	waitFor(t, tm, "Not a whole key yet")
	press(tm, "enter")
	waitFor(t, tm, "Not an SSH public key")
	if ks := amysKeys(); len(ks) != 0 {
		t.Fatalf("after junk, amy's keys: %+v", ks)
	}

	// Two keys in one paste are refused whole, not read as one.
	press(tm, "esc")
	waitFor(t, tm, "SSH keys (0)")
	press(tm, "n")
	waitFor(t, tm, "name@host")
	paste(tm, freshKey(t, "amy@one")+"\n"+freshKey(t, "amy@two")+"\n")
	waitFor(t, tm, "That paste holds 2 lines")

	// Ben's key is refused, naming Ben; it stays his.
	press(tm, "esc")
	waitFor(t, tm, "SSH keys (0)")
	press(tm, "n")
	waitFor(t, tm, "name@host")
	paste(tm, bensLine)
	waitFor(t, tm, bens.Fingerprint, "ben@desk-1")
	press(tm, "enter")
	waitFor(t, tm, "already ben's")
	if ks := amysKeys(); len(ks) != 0 {
		t.Fatalf("after ben's key, amy's keys: %+v", ks)
	}
	if ks, _ := st.UserKeys(t.Context(), ben.ID); len(ks) != 1 || ks[0].Fingerprint != bens.Fingerprint {
		t.Fatalf("ben's keys: %+v", ks)
	}

	// A long RSA key: its fingerprint and comment show before it is saved.
	press(tm, "esc")
	waitFor(t, tm, "SSH keys (0)")
	press(tm, "n")
	waitFor(t, tm, "name@host")
	paste(tm, amyRSA+" amy@desk-3")
	waitFor(t, tm, amysFP, "amy@desk-3", "ssh-rsa")
	if ks := amysKeys(); len(ks) != 0 {
		t.Fatalf("before saving, amy's keys: %+v", ks)
	}
	press(tm, "enter")
	waitFor(t, tm, "Added to Amy Ng", "SSH keys (1)", "last used never")
	ks := amysKeys()
	if len(ks) != 1 || ks[0].Fingerprint != amysFP || ks[0].Type != "ssh-rsa" || ks[0].Comment != "amy@desk-3" ||
		ks[0].AddedBy != "root" || !ks[0].LastUsed.IsZero() {
		t.Fatalf("after saving, amy's keys: %+v", ks)
	}
	if u, err := st.UserByKey(t.Context(), amysFP); err != nil || u.ID != amy.ID {
		t.Fatalf("the key signs in %+v, %v", u, err)
	}

	// Removing asks first, naming the key; n keeps it, y removes it.
	press(tm, "d")
	waitFor(t, tm, "Remove the key", amysFP, "can no longer sign in with it")
	press(tm, "n")
	waitFor(t, tm, "n add key") // the question is gone
	if ks := amysKeys(); len(ks) != 1 {
		t.Fatalf("after declining, amy's keys: %+v", ks)
	}
	press(tm, ":", "remove the selected", "enter") // the palette asks the same
	waitFor(t, tm, "Remove the key")
	press(tm, "y")
	waitFor(t, tm, "Removed from Amy Ng", "SSH keys (0)")
	if ks := amysKeys(); len(ks) != 0 {
		t.Fatalf("after removing, amy's keys: %+v", ks)
	}
	if _, err := st.UserByKey(t.Context(), amysFP); err == nil {
		t.Error("a removed key still signs amy in")
	}
	if ks, _ := st.UserKeys(t.Context(), ben.ID); len(ks) != 1 {
		t.Errorf("ben's keys after amy's removal: %+v", ks)
	}
}
