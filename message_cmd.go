package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

func runMessageIngest(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk message ingest", stdout, stderr)
	files, code, ok := fs.parseArgs(args)
	if !ok {
		return code
	}
	if len(files) > 1 {
		fmt.Fprintln(stderr, "frontdesk message ingest: one FILE at most (or none for standard input)")
		return exitUsage
	}
	in, name := stdin, "standard input"
	if len(files) == 1 && files[0] != "-" {
		f, err := os.Open(files[0])
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk message ingest: %v\n", err)
			return exitFail
		}
		defer f.Close()
		in, name = f, files[0]
	}
	msgs, lines, bad, err := readMessages(in, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk message ingest: %v; nothing was taken in\n", namingPath(name, err))
		return exitFail
	}
	stored := 0
	if len(msgs) > 0 {
		ctx, st, ok := session(*db, stderr)
		if !ok {
			return exitFail
		}
		defer st.Close()
		got, err := st.IngestMessages(ctx, msgs)
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk message ingest: %v; nothing was taken in\n", err)
			return exitFail
		}
		w := bufio.NewWriter(stdout)
		defer w.Flush()
		for i, d := range got {
			if d.Err != nil {
				bad = append(bad, badLine{lines[i], d.Err.Error()})
				continue
			}
			names := make([]string, len(d.To))
			for k, u := range d.To {
				names[k] = u.Username
			}
			fmt.Fprintf(w, "%d\t%s\n", d.ID, strings.Join(names, ","))
			stored++
		}
	}
	// Lines the file could not give and lines the database refused, told
	// in the order of the file.
	slices.SortStableFunc(bad, func(a, b badLine) int { return cmp.Compare(a.line, b.line) })
	for _, b := range bad {
		fmt.Fprintf(stderr, "frontdesk message ingest: %s line %d: %s\n", name, b.line, b.reason)
	}
	if stored == 0 {
		// A script must notice a hand-over that gave nothing.
		what := "no line holds a message"
		if len(bad) > 0 {
			what = plural(len(bad), "line was", "lines were") + " refused"
		}
		fmt.Fprintf(stderr, "frontdesk message ingest: %s: nothing was taken in (%s)\n", name, what)
		return exitFail
	}
	return exitOK
}

// messageLine is one line of the portal's hand-over.
type messageLine struct {
	Patient  json.RawMessage `json:"patient"`
	Category string          `json:"category"`
	Subject  string          `json:"subject"`
	Body     string          `json:"body"`
	Received string          `json:"received"`
}

type badLine struct {
	line   int
	reason string
}

// maxMessageLine bounds one line of JSON (a message with its text).
const maxMessageLine = 1 << 20

// readMessages reads JSON lines: the messages and their line numbers,
// and the lines that are not messages with the reason. Blank lines are
// skipped. Only a failure to read at all is an error.
func readMessages(r io.Reader, now time.Time) (msgs []store.MessageIn, lines []int, bad []badLine, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxMessageLine)
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSpace(sc.Text())
		if n == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if text == "" {
			continue
		}
		m, err := parseMessage(text, now)
		if err != nil {
			bad = append(bad, badLine{n, err.Error()})
			continue
		}
		msgs, lines = append(msgs, m), append(lines, n)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, nil, nil, fmt.Errorf("line %d is longer than %d bytes", n+1, maxMessageLine)
		}
		return nil, nil, nil, err
	}
	return msgs, lines, bad, nil
}

// parseMessage reads one line: the patient's chart number (a string or a
// number), the category, a subject or a body, and when it was received
// (RFC 3339, or "2006-01-02 15:04"; now when absent, and never in the
// future: now says when that is).
func parseMessage(text string, now time.Time) (store.MessageIn, error) {
	var l messageLine
	dec := json.NewDecoder(strings.NewReader(text))
	if err := dec.Decode(&l); err != nil {
		return store.MessageIn{}, fmt.Errorf("not a JSON object: %v", err)
	}
	if dec.More() {
		return store.MessageIn{}, errors.New("more than one JSON value on the line")
	}
	var chart string
	if len(l.Patient) > 0 {
		if err := json.Unmarshal(l.Patient, &chart); err != nil {
			var num json.Number
			if json.Unmarshal(l.Patient, &num) != nil {
				return store.MessageIn{}, errors.New(`"patient" must be a chart number`)
			}
			chart = num.String()
		}
	}
	m := store.MessageIn{Chart: strings.TrimSpace(chart), Category: strings.TrimSpace(l.Category), Subject: l.Subject,
		Body: l.Body, Source: "portal"}
	switch {
	case m.Chart == "":
		return m, errors.New(`"patient" (the chart number) is missing`)
	case m.Category == "":
		return m, errors.New(`"category" is missing`)
	case strings.TrimSpace(m.Subject) == "" && strings.TrimSpace(m.Body) == "":
		return m, errors.New(`"subject" or "body" is needed`)
	}
	if r := strings.TrimSpace(l.Received); r != "" {
		t, err := parseReceived(r, now)
		if err != nil {
			return m, err
		}
		m.Received = t
	}
	return m, nil
}

// Received times outside these bounds are typing mistakes (year 0, 1026
// for 2026) or a clock gone wrong: stored, they would sort first or last
// in every inbox. A day of slack lets a portal's clock run ahead.
const (
	earliestReceived = 2000
	receivedAhead    = 24 * time.Hour
)

func parseReceived(s string, now time.Time) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		t, err := time.ParseInLocation(layout, s, time.Local)
		if err != nil {
			continue
		}
		switch {
		case t.Year() < earliestReceived:
			return time.Time{}, fmt.Errorf(`"received" %q is before %d: a mistyped year?`, s, earliestReceived)
		case t.After(now.Add(receivedAhead)):
			return time.Time{}, fmt.Errorf(`"received" %q is in the future (it is %s now)`, s, now.Format("2006-01-02 15:04"))
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf(`"received" %q is not a time (2026-11-22T09:30:00-05:00, or 2026-11-22 09:30)`, s)
}

// inboxItem is one message of `frontdesk inbox --json`.
type inboxItem struct {
	ID       int64    `json:"id"`
	Patient  string   `json:"patient"`
	Category string   `json:"category"`
	Subject  string   `json:"subject"`
	Received string   `json:"received"`
	State    string   `json:"state"`    // for this user: unread, read, or done (also when someone else handled it)
	Handling string   `json:"handling"` // as the inbox shows it: "unread", "amy has it", "done by amy"
	With     []string `json:"with"`     // the others who hold it now
	DoneBy   string   `json:"done_by"`  // who marked it done, when someone else did
	RoutedTo []string `json:"routed_to"`
	Reason   string   `json:"reason"`
	Note     string   `json:"note"`
}

func runInbox(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk inbox", stdout, stderr)
	username := fs.String("user", "", "whose inbox (default: yours)")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	ctx, st, me, ok := readSessionAs(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	who := me
	if *username != "" && !strings.EqualFold(*username, me.Username) {
		if err := me.Deny(model.PermStaff); err != nil {
			fmt.Fprintf(stderr, "frontdesk inbox: another user's inbox: %v\n", err)
			return exitFail
		}
		u, err := st.UserByUsername(ctx, *username)
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk inbox: --user %q: %v\n", *username, err)
			return exitFail
		}
		who = u
	}
	items, err := st.Inbox(ctx, who.ID)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk inbox: %v\n", err)
		return exitFail
	}
	out := make([]inboxItem, len(items))
	for i, it := range items {
		rs, err := st.MessageRecipients(ctx, it.ID)
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk inbox: %v\n", err)
			return exitFail
		}
		to := make([]string, len(rs))
		for k, r := range rs {
			to[k] = r.Username
		}
		// Others are named by login, as --user names them.
		h := it.Handling(func(u store.RoutedUser) string { return u.Username })
		out[i] = inboxItem{ID: it.ID, Patient: it.Chart, Category: it.Category, Subject: it.Subject,
			Received: it.Received.Local().Format(time.RFC3339), State: string(it.State), Handling: h.Short(),
			With: append([]string{}, h.With...), DoneBy: h.DoneBy, RoutedTo: to, Reason: it.Why, Note: it.Note}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return exitFail
		}
		return exitOK
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if len(out) == 0 {
		fmt.Fprintf(w, "No messages for %s.\n", who.Username)
	}
	for _, it := range out {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", it.ID, model.Printable(it.Handling), it.Received, model.Printable(it.Patient), model.Printable(it.Category), model.Printable(it.Subject))
	}
	return exitOK
}
