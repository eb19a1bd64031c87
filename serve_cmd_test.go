package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"frontdesk/document/documenttest"
)

// lockedBuffer is an output a running command writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// eventually waits for cond, polling, until the test's own deadline
// (however loaded the machine, a condition that comes is waited for).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end, ok := t.Deadline()
	if !ok {
		end = time.Now().Add(5 * time.Minute)
	}
	for ; time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

type served struct {
	out, errs lockedBuffer
	stop      context.CancelFunc
	code      chan int
}

func serve(t *testing.T, args ...string) *served {
	if !slices.Contains(args, "--ssh") {
		args = append(args, "--ssh", "127.0.0.1:0") // a port of its own
	}
	ctx, stop := context.WithCancel(t.Context())
	s := &served{stop: stop, code: make(chan int, 1)}
	go func() { s.code <- runServe(ctx, args, &s.out, &s.errs) }()
	t.Cleanup(stop)
	return s
}

func (s *served) end(t *testing.T) {
	t.Helper()
	s.stop()
	if code := <-s.code; code != 0 {
		t.Fatalf("serve ended with %d: %s", code, s.errs.String())
	}
}

// frontdesk serve sends a queued fax through the spool folder, records the
// gateway's result, and takes in a fax dropped into the inbox; a second
// serve on the same database waits, and takes over when the first stops.
func TestServeSendsAndReceives(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	spool := filepath.Join(dir, "spool")
	doc := filepath.Join(dir, "letter.pdf")
	os.WriteFile(doc, documenttest.PDF(1, "letter"), 0o600)
	if code, _, errs := runCmd(t, "fax", "send", "--db", db, "--to", "(416) 555-0199", doc); code != 0 {
		t.Fatalf("send: %s", errs)
	}
	list := func() map[string]map[string]any {
		_, out, _ := runCmd(t, "fax", "list", "--db", db, "--json")
		var fs []map[string]any
		json.Unmarshal([]byte(out), &fs)
		byDir := map[string]map[string]any{}
		for _, f := range fs {
			byDir[f["direction"].(string)] = f
		}
		return byDir
	}

	first := serve(t, "--db", db, "--spool", spool, "--every", "20ms")
	var job string
	eventually(t, "the job folder", func() bool {
		js, _ := filepath.Glob(filepath.Join(spool, "outbox", "*-fax-1-1", "manifest.json"))
		if len(js) == 1 {
			job = filepath.Dir(js[0])
		}
		return job != ""
	})
	second := serve(t, "--db", db, "--spool", spool, "--every", "20ms")
	eventually(t, "the second sender to wait", func() bool {
		return strings.Contains(second.out.String(), "is sending for this database; waiting")
	})

	// Written as a gateway may, not atomically: the sender may read it
	// half written, which is not an error.
	os.WriteFile(filepath.Join(job, "result.json"), []byte(`{"status": "sent"}`), 0o644)
	inbox := filepath.Join(spool, "inbox")
	os.WriteFile(filepath.Join(inbox, "scan.json"), []byte(`{"from": "416-555-0199", "pages": 2}`), 0o644)
	os.WriteFile(filepath.Join(inbox, "scan.pdf"), documenttest.PDF(2, "scan"), 0o600)
	past := time.Now().Add(-time.Minute)
	os.Chtimes(filepath.Join(inbox, "scan.pdf"), past, past)
	eventually(t, "the fax sent and the scan received", func() bool {
		fs := list()
		return fs["out"]["status"] == "sent" && fs["in"] != nil
	})
	if in := list()["in"]; in["number"] != "+14165550199" || in["pages"] != 2.0 || in["status"] != "received" {
		t.Errorf("the received fax: %v", in)
	}
	eventually(t, "the receipt printed", func() bool {
		return strings.Contains(first.out.String(), "received from +14165550199, 2 pages")
	})

	first.end(t)
	eventually(t, "the second sender to take over", func() bool {
		return strings.Contains(second.out.String(), "the other sender stopped; sending")
	})
	second.end(t)
	if e := first.errs.String() + second.errs.String(); e != "" {
		t.Errorf("errors: %s", e)
	}
	if code, _, errs := runCmd(t, "serve", "--db", db, "--every", "0s"); code != 2 || !strings.Contains(errs, "--every") {
		t.Errorf("--every 0s: %d %q", code, errs)
	}
}

// A fax queued with a relative --db (its cover kept beside the database)
// is sent by a serve run from another folder.
func TestRelativeDBServedElsewhere(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "letter.pdf"), documenttest.PDF(1, "letter"), 0o600)
	t.Chdir(dir)
	if code, _, errs := runCmd(t, "fax", "send", "--db", "rel.db", "--to", "(416) 555-0199", "letter.pdf"); code != 0 {
		t.Fatalf("send: %s", errs)
	}
	t.Chdir(t.TempDir())
	db, spool := filepath.Join(dir, "rel.db"), filepath.Join(dir, "spool")
	s := serve(t, "--db", db, "--spool", spool, "--every", "20ms")
	var docs []string
	eventually(t, "the job folder or a failure", func() bool {
		js, _ := filepath.Glob(filepath.Join(spool, "outbox", "*-fax-1-1", "*-*.pdf"))
		docs = js
		_, out, _ := runCmd(t, "fax", "list", "--db", db, "--json")
		return len(js) == 2 || strings.Contains(out, `"failed"`)
	})
	s.end(t)
	if len(docs) != 2 {
		_, out, _ := runCmd(t, "fax", "list", "--db", db)
		t.Errorf("the cover and the letter were not sent: %v\n%s%s", docs, out, s.errs.String())
	}
}
