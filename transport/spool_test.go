package transport

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

func setup(t *testing.T) (*store.Store, *Worker, string, model.Fax) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	doc := filepath.Join(dir, "letter.pdf")
	os.WriteFile(doc, []byte("%PDF-1.4 letter"), 0o644)
	ctx := store.WithActor(t.Context(), "worker")
	f, err := st.QueueFax(ctx, model.Fax{Kind: model.KindFax, Number: "+14165550101", Documents: []string{doc}, Pages: 1, Note: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	return st, &Worker{Store: st, Transport: Spool{Dir: filepath.Join(dir, "spool")}, Lease: time.Minute}, dir, f
}

func writeResult(t *testing.T, job string, r Result) {
	t.Helper()
	b, _ := json.Marshal(r)
	if err := os.WriteFile(filepath.Join(job, "result.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func status(t *testing.T, st *store.Store, id int64) model.Fax {
	t.Helper()
	f, _, err := st.GetFax(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A fax goes out through the spool folder: its job folder holds the
// documents and the manifest, and the gateway's result moves it to sent.
func TestSpoolSendsAndReadsTheResult(t *testing.T) {
	st, w, dir, f := setup(t)
	ctx := store.WithActor(t.Context(), "worker")
	if handed, err := w.Step(ctx); err != nil || !handed {
		t.Fatalf("step: %v %v", handed, err)
	}
	job := filepath.Join(dir, "spool", "outbox", "fax-1")
	var m Manifest
	b, err := os.ReadFile(filepath.Join(job, "manifest.json"))
	if err != nil || json.Unmarshal(b, &m) != nil || m.Number != "+14165550101" || len(m.Documents) != 1 {
		t.Fatalf("manifest %s %v", b, err)
	}
	if got, _ := os.ReadFile(filepath.Join(job, m.Documents[0])); string(got) != "%PDF-1.4 letter" {
		t.Errorf("document copied as %q", got)
	}
	if s := status(t, st, f.ID).Status; s != model.StatusSending {
		t.Errorf("before the gateway's result: %s", s)
	}
	writeResult(t, job, Result{Status: "sent"})
	if _, err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if s := status(t, st, f.ID).Status; s != model.StatusSent {
		t.Errorf("after the result: %s", s)
	}
}

// A failure keeps the gateway's reason; a retry writes a new job and keeps
// the old one aside.
func TestSpoolFailureAndRetry(t *testing.T) {
	st, w, dir, f := setup(t)
	ctx := store.WithActor(t.Context(), "worker")
	w.Step(ctx)
	job := filepath.Join(dir, "spool", "outbox", "fax-1")
	writeResult(t, job, Result{Status: "failed", Reason: "no answer"})
	w.Step(ctx)
	if got := status(t, st, f.ID); got.Status != model.StatusFailed || got.Reason != "no answer" {
		t.Fatalf("failed: %+v", got)
	}
	if err := st.RetryFax(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	w.Step(ctx)
	if _, err := os.Stat(filepath.Join(job, "result.json")); !os.IsNotExist(err) {
		t.Errorf("the retry's job still has the old result: %v", err)
	}
	olds, _ := filepath.Glob(job + ".failed-*")
	if len(olds) != 1 {
		t.Errorf("the failed job was not kept aside: %v", olds)
	}
}

// A worker that dies after handing a fax over but before recording it
// leaves the fax sending; the next worker takes it back and finds the job
// already there: the fax is not sent twice, and not lost.
func TestSpoolRestartDoesNotSendTwice(t *testing.T) {
	st, w, dir, f := setup(t)
	ctx := store.WithActor(t.Context(), "worker")
	claimed, ok, err := st.ClaimFax(ctx, -time.Second) // the first worker's lease is already over
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if _, err := w.Transport.Send(ctx, claimed); err != nil { // ...and it died right after handing over
		t.Fatal(err)
	}
	job := filepath.Join(dir, "spool", "outbox", "fax-1")
	manifest := filepath.Join(job, "manifest.json")
	before, _ := os.Stat(manifest)
	if _, err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(manifest)
	if !before.ModTime().Equal(after.ModTime()) {
		t.Error("the job was written again: the gateway may send it twice")
	}
	writeResult(t, job, Result{Status: "sent"})
	w.Step(ctx)
	if got := status(t, st, f.ID); got.Status != model.StatusSent || got.Attempts != 2 {
		t.Errorf("after the restart: %+v", got)
	}
}

func TestSpoolRefusesAMissingDocument(t *testing.T) {
	st, w, dir, f := setup(t)
	os.Remove(filepath.Join(dir, "letter.pdf"))
	if _, err := w.Step(store.WithActor(t.Context(), "worker")); err != nil {
		t.Fatal(err)
	}
	got := status(t, st, f.ID)
	if got.Status != model.StatusFailed || got.Reason == "" {
		t.Errorf("a missing document: %+v", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "spool", "outbox", "fax-1")); !os.IsNotExist(err) {
		t.Error("a half-written job was left for the gateway")
	}
}
