package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/store"
)

// Outside text (a portal's message, a received fax's sidecar number) never
// reaches the terminal with its control sequences.
func TestHostileTextIsNotPrintedRaw(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	if code, _, errs := runCmd(t, "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	msg := `{"patient": "C-10001", "category": "Appointments", "subject": "\u001b]0;owned\u0007\u001b[2Jhi", "body": "\u001b[2J"}` + "\n"
	if code, _, errs := runCmdIn(t, msg, "message", "ingest", "--db", db); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	doc := []model.Document{{Name: "in.pdf", Data: documenttest.PDF(1, "in")}}
	if _, err := st.ReceiveFax(store.WithActor(context.Background(), "t"), "+1416555\x1b[2J0199", 1, doc, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, args := range [][]string{{"inbox", "--db", db, "--user", "amy.ng"}, {"fax", "list", "--db", db}} {
		code, out, errs := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, errs)
		}
		if strings.ContainsAny(out+errs, "\x1b\x07") {
			t.Errorf("%v printed a control sequence:\n%q", args, out)
		}
		if !strings.Contains(out, "^[") {
			t.Errorf("%v does not show the escape:\n%q", args, out)
		}
	}
}
