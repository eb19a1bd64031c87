package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// sshAddress is where a serve said staff connect.
var sshAddress = regexp.MustCompile(`staff connect over SSH on (\S+); host key (SHA256:\S+)`)

// A clinic's server as it is set up: the first admin and their key made
// on the server's account, then frontdesk serve; the admin comes in with
// OpenSSH's own client and sees the interface, and stopping the server
// tells the session before it ends.
func TestServeOverOpenSSH(t *testing.T) {
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("no OpenSSH client (apt-get install openssh-client)")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "clinic.db")
	key := filepath.Join(dir, "id_ed25519")
	writePrivateKey(t, key)
	if code, _, errs := runCmd(t, "user", "add", "ana", "--name", "Dr. Ana Ruiz", "--role", "admin", "--db", db); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := runCmd(t, "user", "key", "add", "ana", key+".pub", "--db", db); code != 0 {
		t.Fatal(errs)
	}
	s := serve(t, "--db", db, "--grace", "100ms")
	var m []string
	eventually(t, "the SSH address", func() bool {
		m = sshAddress.FindStringSubmatch(s.out.String())
		return m != nil
	})
	addr, hostFP := m[1], m[2]
	host, port, _ := strings.Cut(addr, ":")
	if fi, err := os.Stat(db + ".host_key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("host key %v %v", fi, err)
	}
	known := filepath.Join(dir, "known_hosts")
	pub, err := os.ReadFile(db + ".host_key")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.ParsePrivateKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	if ssh.FingerprintSHA256(signer.PublicKey()) != hostFP {
		t.Errorf("printed host key %s is not the one kept", hostFP)
	}
	os.WriteFile(known, []byte("[127.0.0.1]:"+port+" "+string(ssh.MarshalAuthorizedKey(signer.PublicKey()))), 0o600)

	// OpenSSH wants a terminal for -t: script(1) is not everywhere, so a
	// pty is asked for with -tt and the session's output read as bytes.
	cmd := exec.Command(sshBin, "-tt", "-p", port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "UserKnownHostsFile="+known, "-o", "StrictHostKeyChecking=yes", "-o", "SetEnv=TERM=xterm-256color", "whoever@"+host)
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the interface over ssh", func() bool { return strings.Contains(out.String(), "No contacts yet") })
	io.WriteString(stdin, "6")
	eventually(t, "the admin's inbox", func() bool { return strings.Contains(out.String(), "Messages for Dr. Ana Ruiz") })

	s.stop() // as SIGTERM does
	eventually(t, "the farewell", func() bool { return strings.Contains(out.String(), "Connect again in a minute") })
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ssh ended with %v: %s", err, tail(out.String()))
		}
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatalf("ssh did not end: %s", tail(out.String()))
	}
	if code := <-s.code; code != 0 {
		t.Errorf("serve ended with %d: %s", code, s.errs.String())
	}
	if !strings.Contains(s.out.String(), "ana signed in from 127.0.0.1") {
		t.Errorf("serve's log: %s", s.out.String())
	}
}

func tail(s string) string { return s[max(0, len(s)-600):] }

// writePrivateKey writes a new ed25519 key pair at path and path.pub, as
// ssh-keygen does.
func writePrivateKey(t *testing.T, path string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "ana@desk")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	pk, _ := ssh.NewPublicKey(pub)
	line := bytes.TrimSpace(ssh.MarshalAuthorizedKey(pk))
	if err := os.WriteFile(path+".pub", append(line, []byte(" ana@desk\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
}
