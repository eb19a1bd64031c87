package transport

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"frontdesk/document"
	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/store"
)

// letterPDF is the document setup queues.
var letterPDF = documenttest.PDF(1, "letter for Ann Lee")

// capture writes b to path and reads it as a fax's document, as queueing does.
func capture(t *testing.T, path string, b []byte) []model.Document {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := document.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return []model.Document{d}
}

func setup(t *testing.T) (*store.Store, *Worker, string, model.Fax) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	docs := capture(t, filepath.Join(dir, "letter.pdf"), letterPDF)
	ctx := store.WithActor(t.Context(), "worker")
	f, err := st.QueueFax(ctx, model.Fax{Kind: model.KindFax, Number: "+14165550101", Documents: docs, Note: "hi"})
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

// jobs are the job folders the gateway can see.
func jobs(t *testing.T, dir string) []string {
	t.Helper()
	all, _ := filepath.Glob(filepath.Join(dir, "spool", "outbox", "*"))
	var out []string
	for _, j := range all {
		if filepath.Ext(j) != ".part" {
			out = append(out, j)
		}
	}
	return out
}

// job is the one job folder the gateway can see.
func job(t *testing.T, dir string) string {
	t.Helper()
	js := jobs(t, dir)
	if len(js) != 1 {
		t.Fatalf("job folders: %v", js)
	}
	return js[0]
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
	job := job(t, dir)
	var m Manifest
	b, err := os.ReadFile(filepath.Join(job, "manifest.json"))
	if err != nil || json.Unmarshal(b, &m) != nil || m.Number != "+14165550101" || len(m.Documents) != 1 {
		t.Fatalf("manifest %s %v", b, err)
	}
	if got, _ := os.ReadFile(filepath.Join(job, m.Documents[0])); !bytes.Equal(got, letterPDF) {
		t.Errorf("document copied as %q", got)
	}
	for _, name := range append(m.Documents, "manifest.json") {
		if fi, err := os.Stat(filepath.Join(job, name)); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v, want 0600", name, fi.Mode(), err)
		}
	}
	if fi, err := os.Stat(job); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the job folder: %v %v, want 0700", fi.Mode(), err)
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

// A failure keeps the gateway's reason; a retry is another job, in a
// folder of its own, and the failed one stays as it was.
func TestSpoolFailureAndRetry(t *testing.T) {
	st, w, dir, f := setup(t)
	ctx := store.WithActor(t.Context(), "worker")
	w.Step(ctx)
	first := job(t, dir)
	writeResult(t, first, Result{Status: "failed", Reason: "no answer"})
	w.Step(ctx)
	if got := status(t, st, f.ID); got.Status != model.StatusFailed || got.Reason != "no answer" {
		t.Fatalf("failed: %+v", got)
	}
	if err := st.RetryFax(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	w.Step(ctx)
	js := jobs(t, dir)
	if len(js) != 2 {
		t.Fatalf("after the retry: %v", js)
	}
	for _, j := range js {
		_, err := os.Stat(filepath.Join(j, "result.json"))
		if j == first && err != nil {
			t.Errorf("the failed job lost its result: %v", err)
		}
		if j != first && !os.IsNotExist(err) {
			t.Errorf("the retry's job has a result: %v", err)
		}
	}
}

// The bytes queued are the bytes sent: the file changed on disk (another
// patient's letter saved over it), or removed, after the fax was queued,
// the gateway still gets the document as it was queued.
func TestSpoolSendsTheBytesQueued(t *testing.T) {
	for _, change := range []string{"rewritten", "removed"} {
		t.Run(change, func(t *testing.T) {
			st, w, dir, f := setup(t)
			path := filepath.Join(dir, "letter.pdf")
			if change == "removed" {
				os.Remove(path)
			} else if err := os.WriteFile(path, documenttest.PDF(2, "letter for Zoe Ouellet"), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := w.Step(store.WithActor(t.Context(), "worker")); err != nil {
				t.Fatal(err)
			}
			job := job(t, dir)
			var m Manifest
			b, _ := os.ReadFile(filepath.Join(job, "manifest.json"))
			if err := json.Unmarshal(b, &m); err != nil || len(m.Documents) != 1 || m.Pages != 1 {
				t.Fatalf("manifest %s %v", b, err)
			}
			if got, _ := os.ReadFile(filepath.Join(job, m.Documents[0])); !bytes.Equal(got, letterPDF) {
				t.Errorf("the gateway got %q, not the document queued", got)
			}
			if s := status(t, st, f.ID).Status; s != model.StatusSending {
				t.Errorf("status %s", s)
			}
		})
	}
}

// A result.json being written is not an error: the fax waits for it. One
// that stays unreadable past the grace period is reported.
func TestSpoolHalfWrittenResult(t *testing.T) {
	st, w, dir, f := setup(t)
	ctx := store.WithActor(t.Context(), "worker")
	if _, err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	res := filepath.Join(job(t, dir), "result.json")
	for _, half := range []string{``, `{"sta`, `{"status": "se`, `{}`} {
		if err := os.WriteFile(res, []byte(half), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Step(ctx); err != nil {
			t.Errorf("%q being written: %v", half, err)
		}
		if s := status(t, st, f.ID).Status; s != model.StatusSending {
			t.Errorf("%q being written: %s", half, s)
		}
	}
	old := time.Now().Add(-2 * resultGrace)
	os.Chtimes(res, old, old)
	if _, err := w.Step(ctx); err == nil {
		t.Error("a result unreadable for long is not reported")
	}
	writeResult(t, filepath.Dir(res), Result{Status: "sent"})
	if _, err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if s := status(t, st, f.ID).Status; s != model.StatusSent {
		t.Errorf("after the whole result: %s", s)
	}
}

// A fax handed to the gateway and not answered is counted as waiting for
// it; an answered one is not.
func TestUnansweredCount(t *testing.T) {
	st, w, dir, _ := setup(t)
	ctx := store.WithActor(t.Context(), "worker")
	count := func(after time.Duration) int {
		n, err := st.Unanswered(ctx, after)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(-time.Minute); n != 0 {
		t.Errorf("queued: %d", n)
	}
	w.Step(ctx)
	if n := count(-time.Minute); n != 1 {
		t.Errorf("handed over: %d", n)
	}
	if n := count(time.Hour); n != 0 {
		t.Errorf("handed over just now, counted after an hour: %d", n)
	}
	writeResult(t, job(t, dir), Result{Status: "sent"})
	w.Step(ctx)
	if n := count(-time.Minute); n != 0 {
		t.Errorf("answered: %d", n)
	}
}

// A document's name is written as a file of the job's folder only: a
// name that looks like a path stays inside it.
func TestFileNameStaysInTheJob(t *testing.T) {
	for name, want := range map[string]string{
		"letter.pdf": "01-letter.pdf", "../../etc/passwd": "01-.._.._etc_passwd", "a\nb.txt": "01-a_b.txt", "": "01-document.pdf",
	} {
		if got := fileName(0, model.Document{Name: name, Kind: model.DocPDF}); got != want {
			t.Errorf("%q: %q, want %q", name, got, want)
		}
	}
}
