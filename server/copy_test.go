package server

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/store"
)

// keyFile makes a user with a key, as user does, and writes the private
// key where OpenSSH's clients read it.
func (f *fixture) keyFile(t *testing.T, login, name string, roles ...model.Role) (gossh.Signer, string) {
	t.Helper()
	owner := store.AsOwner(store.WithActor(t.Context(), "frontdesk"))
	u, err := f.st.CreateUser(owner, model.User{Name: name, Username: login, Kind: model.KindStaff, Active: true, Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.AddUserKey(owner, u.ID, string(gossh.MarshalAuthorizedKey(signer.PublicKey()))); err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(key, login+"@desk")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return signer, path
}

// scp runs OpenSSH's scp against the server with the key, and returns
// what it said and whether it succeeded. It speaks sftp, unless args
// start with -O (the scp protocol).
func (f *fixture) scp(t *testing.T, key string, args ...string) (string, bool) {
	t.Helper()
	bin, err := exec.LookPath("scp")
	if err != nil {
		t.Skip("no OpenSSH scp (apt-get install openssh-client)")
	}
	known := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(known, []byte("[127.0.0.1]:"+f.port()+" "+string(gossh.MarshalAuthorizedKey(f.srv.hostPublicKey(t)))), 0o600)
	cmd := exec.Command(bin, append([]string{"-P", f.port(), "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "UserKnownHostsFile=" + known, "-o", "StrictHostKeyChecking=yes"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		out = append(out, []byte(err.Error())...)
	}
	return string(out), err == nil
}

func (f *fixture) port() string {
	_, port, _ := strings.Cut(f.addr, ":")
	return port
}

// A letter copied in with OpenSSH's scp is in its user's folder, 0600;
// the same user then picks it in the fax form over SSH and queues it:
// the fax carries the bytes uploaded. An export written there comes back
// with scp.
func TestUploadThenFaxIt(t *testing.T) {
	f := start(t, nil)
	f.user(t, "root", "Root Admin", model.RoleAdmin)
	amy, key := f.keyFile(t, "amy", "Amy Ng", model.RoleFrontDesk)
	ctx := store.WithActor(t.Context(), "root")
	if _, err := f.st.SetFaxSettings(ctx, model.FaxSettings{ClinicName: "Lakeside Clinic", ClinicFax: "+14165550100"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}}); err != nil {
		t.Fatal(err)
	}
	letter := documenttest.PDF(2, "referral letter")
	local := filepath.Join(t.TempDir(), "letter.pdf")
	os.WriteFile(local, letter, 0o644)

	// As staff type it: OpenSSH's scp then speaks sftp.
	if out, ok := f.scp(t, key, local, "amy@127.0.0.1:"); !ok {
		t.Fatalf("scp: %s\nserver: %s", out, f.log.String())
	}
	stored := filepath.Join(f.dir, "files", "amy", "letter.pdf")
	if b, err := os.ReadFile(stored); err != nil || !bytes.Equal(b, letter) {
		t.Fatalf("uploaded: %v", err)
	}
	for _, p := range []string{stored, filepath.Dir(stored)} {
		if fi, _ := os.Stat(p); fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %v, others may read it", p, fi.Mode())
		}
	}
	if !strings.Contains(f.log.String(), "amy put letter.pdf (") {
		t.Errorf("the upload was not logged: %s", f.log.String())
	}
	log, _ := f.st.AuditLog(ctx, store.AuditFilter{User: "amy"})
	if len(log) == 0 || log[0].Action != "upload" || !strings.Contains(log[0].Detail, "letter.pdf") ||
		!strings.Contains(log[0].Detail, "from 127.0.0.1") {
		t.Errorf("the upload is not in the audit log: %+v", log)
	}

	c := f.signIn(t, amy)
	c.waitFor("1 contact")
	c.press("f", "enter")
	c.waitFor("Fax to Lee, Ann", "No document yet")
	c.press("tab", "tab", "enter")
	c.waitFor("your frontdesk folder", "letter.pdf")
	c.press("enter")
	c.waitFor("letter.pdf", "2 pages")
	c.press("ctrl+s")
	c.waitFor("Send this fax to Lee, Ann?")
	c.press("y")
	c.waitFor("queued")
	fx, _, err := f.st.GetFax(ctx, 1)
	if err != nil || len(fx.Documents) != 2 || fx.Documents[1].Name != "letter.pdf" || fx.Status != model.StatusQueued {
		t.Fatalf("queued: %+v %v", fx, err)
	}
	if b, _ := f.st.DocumentData(ctx, fx.Documents[1].ID); !bytes.Equal(b, letter) {
		t.Error("the fax does not carry the letter uploaded")
	}

	// Back the other way: an export is written in the folder, and comes
	// home with scp.
	c.press("1")
	c.waitFor("Lee, Ann")
	c.press("x")
	c.waitFor("Export 1 contacts")
	c.press("ctrl+u", "book.csv", "ctrl+s")
	c.waitFor("Exported 1 contacts to book.csv: scp clinic-server:book.csv . fetches it.")
	home := t.TempDir()
	if out, ok := f.scp(t, key, "-O", "amy@127.0.0.1:book.csv", home); !ok {
		t.Fatalf("scp back: %s", out)
	}
	if b, _ := os.ReadFile(filepath.Join(home, "book.csv")); !bytes.Contains(b, []byte("Lee")) || !bytes.Contains(b, []byte("+14165550101")) {
		t.Errorf("fetched %q", b)
	}
	if fi, _ := os.Stat(filepath.Join(f.dir, "files", "amy", "book.csv")); fi.Mode().Perm() != 0o600 {
		t.Errorf("the export is %v", fi.Mode())
	}
}

// Nothing outside the user's folder goes through scp or the picker:
// "..", an absolute path, a link to /etc/passwd.
func TestPathsOutOfTheFolderAreRefused(t *testing.T) {
	f := start(t, nil)
	f.user(t, "root", "Root Admin", model.RoleAdmin)
	amy, key := f.keyFile(t, "amy", "Amy Ng", model.RoleFrontDesk)
	ctx := store.WithActor(t.Context(), "root")
	if _, err := f.st.SetFaxSettings(ctx, model.FaxSettings{ClinicName: "Lakeside Clinic", ClinicFax: "+14165550100"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}}); err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(t.TempDir(), "x.txt")
	os.WriteFile(local, []byte("x\n"), 0o644)
	// The first sign-in makes the folder; a link is left in it.
	if out, ok := f.scp(t, key, local, "amy@127.0.0.1:"); !ok {
		t.Fatalf("scp: %s", out)
	}
	folder := filepath.Join(f.dir, "files", "amy")
	os.Symlink("/etc/passwd", filepath.Join(folder, "passwd"))

	home := t.TempDir()
	// The scp protocol names the path: what leads out is refused.
	for _, remote := range []string{"../../clinic.db", "/etc/passwd", "passwd", filepath.Join(f.dir, "clinic.db")} {
		out, ok := f.scp(t, key, "-O", "amy@127.0.0.1:"+remote, home)
		if ok || !strings.Contains(out, "only files in your frontdesk folder") {
			t.Errorf("fetching %s: ok=%v %s", remote, ok, out)
		}
	}
	for _, remote := range []string{"../", "/tmp/", "../../x.txt"} {
		out, ok := f.scp(t, key, "-O", local, "amy@127.0.0.1:"+remote)
		if ok || !strings.Contains(out, "only files in your frontdesk folder") {
			t.Errorf("putting into %s: ok=%v %s", remote, ok, out)
		}
	}
	// sftp's "/" is the folder: the server's own files are not there,
	// and a link out of it is refused.
	for _, remote := range []string{"../../clinic.db", "/etc/passwd", "passwd", filepath.Join(f.dir, "clinic.db")} {
		if out, ok := f.scp(t, key, "amy@127.0.0.1:"+remote, home); ok {
			t.Errorf("fetching %s with sftp: %s", remote, out)
		}
	}
	if es, _ := os.ReadDir(home); len(es) != 0 {
		t.Errorf("fetched %v", es)
	}
	if !strings.Contains(f.log.String(), "refused amy copying /passwd: ") {
		t.Errorf("the link was not refused: %s", f.log.String())
	}
	for _, p := range []string{filepath.Join(f.dir, "x.txt"), filepath.Join(f.dir, "files", "x.txt")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written", p)
		}
	}

	c := f.signIn(t, amy)
	c.waitFor("1 contact")
	c.press("f", "enter")
	c.waitFor("Fax to Lee, Ann", "No document yet")
	c.press("tab", "tab")
	for _, typed := range []string{"../../clinic.db", "/etc/passwd", "passwd"} {
		c.press(typed, "enter")
		c.waitFor(`"`+typed+`" cannot be read`, "only files in")
	}
	c.press("enter") // the folder browsed: the link is listed, and refused
	c.waitFor("your frontdesk folder", "passwd")
	c.press("passwd", "enter")
	c.waitFor("only files in your frontdesk folder can be used over SSH", "scp FILE clinic-server:")
	c.press("esc")
	c.waitFor("No document yet")
	// Nor is an export written out of the folder.
	c.press("esc")
	c.waitFor("Lee, Ann", "1 contact")
	c.press("x")
	c.waitFor("Export 1 contacts")
	c.press("ctrl+u", "../../book.csv", "ctrl+s")
	c.waitFor("only files in")
	if _, err := os.Stat(filepath.Join(f.dir, "book.csv")); err == nil {
		t.Error("the export was written beside the database")
	}
}

// A spreadsheet copied in is imported from the folder: the wizard lists
// it, reads it there and writes its contacts.
func TestUploadThenImportIt(t *testing.T) {
	f := start(t, nil)
	root, key := f.keyFile(t, "root", "Root Admin", model.RoleAdmin)
	local := filepath.Join(t.TempDir(), "list.csv")
	os.WriteFile(local, []byte("First name,Last name,Fax\nAnn,Lee,416-555-0101\nBob,Roy,416-555-0102\n"), 0o644)
	if out, ok := f.scp(t, key, local, "root@127.0.0.1:"); !ok {
		t.Fatalf("scp: %s\n%s", out, f.log.String())
	}
	c := f.signIn(t, root)
	c.waitFor("No contacts yet")
	c.press("i")
	c.waitFor("your frontdesk folder", "list.csv")
	c.press("li", "tab", "enter")
	c.waitFor("Delimiter")
	c.press("enter")
	c.waitFor("Which field")
	c.press("c")
	c.waitFor("Rows read")
	c.press("enter")
	c.waitFor("Imported 2 contacts")
	if n, err := f.st.CountContacts(t.Context()); err != nil || n != 2 {
		t.Errorf("%d contacts, %v", n, err)
	}
}
