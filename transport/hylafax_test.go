package transport

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// standIn puts a small shell script named name on PATH.
func standIn(t *testing.T, bin, name, script string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
}

// Through HylaFAX: sendfax gets the number and the files and names the
// job; faxstat's D sends the fax, F fails it with HylaFAX's status; a
// sendfax that refuses fails the fax with what it said.
func TestHylaFAXSendsAndPolls(t *testing.T) {
	st, w, dir, f := setup(t)
	bin := filepath.Join(dir, "bin")
	os.Mkdir(bin, 0o755)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	args := filepath.Join(dir, "sendfax.args")
	sent := filepath.Join(dir, "sendfax.file")
	state := filepath.Join(dir, "jobs")
	next := filepath.Join(dir, "next")
	os.WriteFile(next, []byte("42"), 0o644)
	standIn(t, bin, "sendfax", `
case "$*" in *0199*) echo "sendfax: 4165550199: not a fax line" >&2; exit 1;; esac
printf '%s ' "$@" > `+args+`
cat "$4" > `+sent+`
id=$(cat `+next+`)
echo "request id is $id (group id $id) for host localhost (1 file)"
`)
	standIn(t, bin, "faxstat", `
echo "HylaFAX scheduler on localhost: Running"
cat `+state+` 2>/dev/null
`)
	w.Transport = HylaFAX{}
	ctx := store.WithActor(t.Context(), "worker")
	os.WriteFile(state, []byte("42|R|Dialing\n"), 0o644)
	if _, err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(args)
	file, ok := strings.CutPrefix(strings.TrimSpace(string(got)), "-n -d +14165550101 ")
	if !ok || strings.Contains(file, " ") || filepath.Base(file) != "01-letter.pdf" {
		t.Errorf("sendfax was given %q", got)
	}
	if b, _ := os.ReadFile(sent); !bytes.Equal(b, letterPDF) {
		t.Errorf("sendfax read %q, not the document queued", b)
	}
	if _, err := os.Stat(filepath.Dir(file)); !os.IsNotExist(err) {
		t.Errorf("the folder written for sendfax was left: %v", err)
	}
	if s := status(t, st, f.ID); s.Status != model.StatusSending {
		t.Fatalf("while HylaFAX dials: %s", s.Status)
	}
	os.WriteFile(state, []byte("41|D|\n42|D|\n"), 0o644)
	if _, err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if s := status(t, st, f.ID); s.Status != model.StatusSent {
		t.Fatalf("after D: %s %q", s.Status, s.Reason)
	}

	g, _ := st.QueueFax(ctx, model.Fax{Kind: model.KindFax, Number: "+14165550102", Documents: f.Documents})
	os.WriteFile(next, []byte("43"), 0o644)
	os.WriteFile(state, []byte("42|D|\n43 |F|No answer from remote\n"), 0o644)
	w.Step(ctx)
	if s := status(t, st, g.ID); s.Status != model.StatusFailed || s.Reason != "No answer from remote" {
		t.Errorf("after F: %s %q", s.Status, s.Reason)
	}

	h, _ := st.QueueFax(ctx, model.Fax{Kind: model.KindFax, Number: "+14165550199", Documents: f.Documents})
	w.Step(ctx)
	if s := status(t, st, h.ID); s.Status != model.StatusFailed || !strings.Contains(s.Reason, "not a fax line") {
		t.Errorf("a refused job: %s %q", s.Status, s.Reason)
	}
}

// A job HylaFAX no longer lists, long after it was handed over, fails with
// the reason instead of waiting for ever.
func TestHylaFAXForgottenJob(t *testing.T) {
	st, w, dir, f := setup(t)
	bin := filepath.Join(dir, "bin")
	os.Mkdir(bin, 0o755)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	standIn(t, bin, "sendfax", `echo "request id is 44 (group id 44) for host localhost (1 file)"`+"\n")
	standIn(t, bin, "faxstat", `echo "HylaFAX scheduler on localhost: Running"`+"\n")
	w.Transport = HylaFAX{}
	defer func(d time.Duration) { Forgotten = d }(Forgotten)
	ctx := store.WithActor(t.Context(), "worker")
	w.Step(ctx)
	if s := status(t, st, f.ID); s.Status != model.StatusSending {
		t.Fatalf("a job not listed yet: %s", s.Status)
	}
	Forgotten = 0
	w.Step(ctx)
	if s := status(t, st, f.ID); s.Status != model.StatusFailed || !strings.Contains(s.Reason, "no longer knows job 44") {
		t.Errorf("a forgotten job: %s %q", s.Status, s.Reason)
	}
}

// sendfax is given text in the Latin-1 its textfmt typesets: the letters
// of a Windows-1252 or UTF-8 letter print as they should.
func TestHylaFAXGetsTextItCanPrint(t *testing.T) {
	st, w, dir, _ := setup(t)
	ctx := store.WithActor(t.Context(), "worker")
	if _, err := w.Step(ctx); err != nil { // the letter of setup goes first
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin")
	os.Mkdir(bin, 0o755)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	sent := filepath.Join(dir, "sendfax.file")
	standIn(t, bin, "sendfax", `cat "$4" > `+sent+`
echo "request id is 45 (group id 45) for host localhost (1 file)"
`)
	standIn(t, bin, "faxstat", `echo "HylaFAX scheduler on localhost: Running"`+"\n")
	w.Transport = HylaFAX{}
	docs := capture(t, filepath.Join(dir, "note.txt"), []byte("R\xe9sultats de Zo\xeb\n"))
	if _, err := st.QueueFax(ctx, model.Fax{Kind: model.KindFax, Number: "+14165550102", Documents: docs}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(sent); string(b) != "R\xe9sultats de Zo\xeb\n" {
		t.Errorf("sendfax read %q", b)
	}
}
