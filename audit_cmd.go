package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// auditEntry is one change as `frontdesk audit --json` prints it.
type auditEntry struct {
	ID     int64        `json:"id"`
	At     string       `json:"at"` // RFC 3339, local time
	User   string       `json:"user"`
	Action string       `json:"action"`
	Record string       `json:"record"` // "contact 12"
	Detail string       `json:"detail"`
	Before model.Fields `json:"before"` // null: none (before a creation)
	After  model.Fields `json:"after"`  // null: none (after a deletion)
}

// runAudit prints the audit log, newest first, for admins: the same
// filters as the Audit log screen.
func runAudit(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk audit", stdout, stderr)
	record := fs.String("record", "", `the record: "contact 12", a kind ("patient"), "#12", or text to find`)
	user := fs.String("user", "", "who made the change: a login or a name, or part of one")
	since := fs.String("since", "", "from this day on (any spelling of a date: 2026-11-01, 1 Nov 2026)")
	until := fs.String("until", "", "up to this day, included")
	limit := fs.Int("limit", 100, "at most this many changes, newest first")
	asJSON := fs.Bool("json", false, "print JSON, with each change's fields before and after")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *limit < 1 {
		fmt.Fprintf(stderr, "frontdesk audit: --limit must be 1 or more, not %d\n", *limit)
		return exitUsage
	}
	ctx, st, ok := readSession(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	region, err := st.Region(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk audit: %v\n", err)
		return exitFail
	}
	f := store.AuditFilter{Record: *record, User: *user, Limit: *limit}
	for _, d := range []struct {
		flag, text string
		to         *time.Time
		next       int // days after the day named: --until includes its day
	}{{"--since", *since, &f.Since, 0}, {"--until", *until, &f.Until, 1}} {
		if d.text == "" {
			continue
		}
		t, err := model.DayStart(d.text, model.RegionDateOrder(region), time.Now(), time.Local)
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk audit: %s %q %v\n", d.flag, d.text, err)
			return exitUsage
		}
		*d.to = t.AddDate(0, 0, d.next)
	}
	log, err := st.AuditLog(ctx, f)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk audit: %v\n", err)
		return exitFail
	}
	if *asJSON {
		out := make([]auditEntry, len(log))
		for i, e := range log {
			out[i] = auditEntry{ID: e.ID, At: e.At.Local().Format(time.RFC3339), User: e.Actor, Action: e.Action,
				Record: e.Record(), Detail: e.Detail, Before: e.Before, After: e.After}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return exitFail
		}
		return exitOK
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if len(log) == 0 {
		fmt.Fprintln(w, "No change matches.")
	}
	for _, e := range log {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", e.At.Local().Format("2006-01-02 15:04:05"), model.Printable(e.Actor),
			e.Action, e.Record(), model.Printable(e.Detail))
		for _, c := range model.Diff(e.Before, e.After) {
			if c.Mark != model.MarkSame {
				fmt.Fprintf(w, "\t%s %s: %s -> %s\n", c.Mark, model.Printable(c.Label), model.Printable(c.Before), model.Printable(c.After))
			}
		}
	}
	return exitOK
}
