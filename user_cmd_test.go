package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

func writeKey(t *testing.T, dir, name string) (path, fingerprint string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, _ := ssh.NewPublicKey(pub)
	path = filepath.Join(dir, name+".pub")
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))) + " " + name + "@desk\n"
	if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, ssh.FingerprintSHA256(pk)
}

// The server's account makes the first admin and the staff, gives them
// keys and takes them away, with nobody signed in.
func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "server.db")
	if code, out, errs := runCmd(t, "user", "add", "ana", "--name", "Dr. Ana Ruiz", "--role", "admin", "--role", "clinician",
		"--provider", "--db", db); code != 0 || !strings.Contains(out, "Added ana (Dr. Ana Ruiz), provider, roles admin, clinician") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	// Once there is an admin, the owner still adds users: the roles do
	// not bind the account that owns the data.
	if code, out, errs := runCmd(t, "user", "add", "--db", db, "amy", "--name", "Amy Ng", "--role", "front desk"); code != 0 {
		t.Fatalf("second user: %d %q %q", code, out, errs)
	}
	keyFile, fp := writeKey(t, dir, "amy")
	if code, out, errs := runCmd(t, "user", "key", "add", "amy", keyFile, "--db", db); code != 0 || !strings.Contains(out, fp) {
		t.Fatalf("key add: %d %q %q", code, out, errs)
	}
	line, _ := os.ReadFile(keyFile)
	if code, _, errs := runCmdIn(t, string(line), "user", "key", "add", "ana", "-", "--db", db); code != 1 || !strings.Contains(errs, "already amy's") {
		t.Errorf("amy's key given to ana: %d %q", code, errs)
	}

	code, out, errs := runCmd(t, "user", "list", "--json", "--db", db)
	var users []userJSON
	if code != 0 || json.Unmarshal([]byte(out), &users) != nil || len(users) != 2 {
		t.Fatalf("user list: %d %q %q", code, out, errs)
	}
	if users[0].Login != "amy" || users[0].Keys != 1 || users[0].Roles[0] != "frontdesk" || users[1].Kind != "provider" {
		t.Errorf("users %+v", users)
	}
	code, out, _ = runCmd(t, "user", "key", "list", "amy", "--json", "--db", db)
	var keys []keyJSON
	if code != 0 || json.Unmarshal([]byte(out), &keys) != nil || len(keys) != 1 || keys[0].Fingerprint != fp || keys[0].Comment != "amy@desk" {
		t.Errorf("key list: %d %q", code, out)
	}
	if code, out, _ := runCmd(t, "user", "key", "list", "--db", db); code != 0 || !strings.Contains(out, fp) || !strings.Contains(out, "never") {
		t.Errorf("key list, text: %d %q", code, out)
	}
	if code, out, _ := runCmd(t, "user", "key", "remove", fp, "--db", db); code != 0 || !strings.Contains(out, "signs nobody in") {
		t.Errorf("key remove: %d %q", code, out)
	}

	bad := filepath.Join(dir, "id_ed25519")
	os.WriteFile(bad, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\n"), 0o600)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"user", "key", "add", "amy", bad}, 1, bad + ": not an SSH public key"},
		{[]string{"user", "key", "add", "nobody", keyFile}, 1, `"nobody" is not a frontdesk user`},
		{[]string{"user", "key", "remove", fp}, 1, "no user has the key " + fp},
		{[]string{"user", "add", "bo"}, 2, "--name"},
		{[]string{"user", "add", "bo", "--name", "Bo", "--role", "boss"}, 2, `"boss" is not a role`},
		{[]string{"user", "add", "amy", "--name", "Amy Again"}, 1, "is taken"},
		{[]string{"user", "frobnicate"}, 2, "say add, list or key"},
	} {
		code, _, errs := runCmd(t, append(tc.args, "--db", db)...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: %d %q, want %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
	if code, _, errs := runCmd(t, "user", "list", "--db", filepath.Join(dir, "typo.db")); code != 1 || !strings.Contains(errs, "typo.db") {
		t.Errorf("user list of no database: %d %q", code, errs)
	}
}

// Another account's database is refused: the owner's authority is the
// owner's alone.
func TestUserCommandsNeedTheOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another account takes root")
	}
	db := filepath.Join(t.TempDir(), "server.db")
	if code, _, errs := runCmd(t, "user", "add", "ana", "--name", "Ana", "--role", "admin", "--db", db); code != 0 {
		t.Fatal(errs)
	}
	if err := os.Chown(db, 65534, 65534); err != nil {
		t.Skip(err)
	}
	if code, _, errs := runCmd(t, "user", "add", "eve", "--name", "Eve", "--role", "admin", "--db", db); code != 1 || !strings.Contains(errs, "belongs to another account") {
		t.Errorf("user add on another account's database: %d %q", code, errs)
	}
}
