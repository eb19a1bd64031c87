package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"frontdesk/model"
	"frontdesk/sharing"
	"frontdesk/store"
)

// runShare shares a patient's document with a contact and mails the link:
// `frontdesk share DOCUMENT_ID --contact ID [--person ID]`. It prints the
// share's id; a mail the server refused is said, and the share is kept
// (not delivered) to be resent.
func runShare(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk share", stdout, stderr)
	contact := fs.Int64("contact", 0, "the ID of the contact to share with")
	person := fs.Int64("person", 0, "the ID of one person of the contact (default: its first with an email)")
	pos, code, ok := fs.parseArgs(args)
	if !ok {
		return code
	}
	if len(pos) != 1 || *contact == 0 {
		fmt.Fprintln(stderr, "frontdesk share: a DOCUMENT_ID and --contact ID are needed (frontdesk document list shows the ids)")
		return exitUsage
	}
	doc, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || doc <= 0 {
		fmt.Fprintf(stderr, "frontdesk share: %q is not a document id (a number: frontdesk document list shows them)\n", pos[0])
		return exitUsage
	}
	ctx, st, ok := session(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	svc := &sharing.Service{Store: st}
	sh, err := svc.Share(ctx, doc, *contact, *person)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk share: %v; nothing was shared\n", err)
		return exitFail
	}
	fmt.Fprintln(stdout, sh.ID)
	if sh.State == model.ShareNotDelivered {
		fmt.Fprintf(stderr, "frontdesk share: share %d was not delivered to %s: %s (frontdesk share resend %d tries again)\n",
			sh.ID, sh.Email, model.Printable(sh.Reason), sh.ID)
		return exitFail
	}
	return exitOK
}

// shareJSON is the JSON shape of `frontdesk share list --json`.
type shareJSON struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document_id"`
	ContactID  int64  `json:"contact_id"`
	PersonID   int64  `json:"person_id"`
	Email      string `json:"email"`
	State      string `json:"state"`
	Reason     string `json:"reason,omitempty"`
	SharedBy   string `json:"shared_by"`
	SentAt     string `json:"sent_at"`
	OpenedAt   string `json:"opened_at"`
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func runShareList(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk share list", stdout, stderr)
	state := fs.String("state", "", "only the shares in this state: sent, not_delivered, opened, expired, revoked")
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 100, "at most this many, newest first")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	known := *state == ""
	for _, s := range model.ShareStates {
		known = known || *state == string(s)
	}
	if !known {
		fmt.Fprintf(stderr, "frontdesk share list: --state must be sending, sent, not_delivered, opened, expired or revoked, not %q\n", *state)
		return exitUsage
	}
	ctx, st, me, ok := readSessionAs(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	if me.ID != 0 {
		if err := me.Deny(model.PermPatients); err != nil {
			fmt.Fprintf(stderr, "frontdesk share list: %v\n", err)
			return exitFail
		}
	}
	now := time.Now()
	shares, err := st.Shares(ctx, store.ShareFilter{State: model.ShareState(*state), Now: now, Limit: *limit})
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk share list: %v\n", err)
		return exitFail
	}
	out := make([]shareJSON, 0, len(shares))
	for _, sh := range shares {
		out = append(out, shareJSON{sh.ID, sh.DocumentID, sh.ContactID, sh.EntityID, sh.Email, string(sh.StateAt(now)),
			sh.Reason, sh.SharedBy, stamp(sh.Sent), stamp(sh.Opened)})
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
		return exitOK
	}
	for i, j := range out {
		sh := shares[i]
		fmt.Fprintf(stdout, "%6d  %-20s  %-13s  %s %q  to %s <%s>\n", j.ID, j.SentAt, j.State, sh.DocumentKind.Label(),
			model.Printable(sh.DocumentTitle), model.Printable(sh.Name), model.Printable(sh.Email))
	}
	return exitOK
}

// runShareChange runs `share revoke ID` and `share resend ID`.
func runShareChange(verb string, args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk share "+verb, stdout, stderr)
	pos, code, ok := fs.parseArgs(args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "frontdesk share %s: one share ID is needed (frontdesk share list shows them)\n", verb)
		return exitUsage
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintf(stderr, "frontdesk share %s: %q is not a share id\n", verb, pos[0])
		return exitUsage
	}
	ctx, st, ok := session(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	svc := &sharing.Service{Store: st}
	if verb == "revoke" {
		if err := svc.Revoke(ctx, id); err != nil {
			fmt.Fprintf(stderr, "frontdesk share revoke: share %d: %v\n", id, err)
			return exitFail
		}
		fmt.Fprintf(stdout, "share %d revoked: its link no longer opens\n", id)
		return exitOK
	}
	sh, err := svc.Resend(ctx, id)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk share resend: share %d: %v\n", id, err)
		return exitFail
	}
	if sh.State == model.ShareNotDelivered {
		fmt.Fprintf(stderr, "frontdesk share resend: share %d was not delivered to %s: %s\n", id, sh.Email, model.Printable(sh.Reason))
		return exitFail
	}
	fmt.Fprintf(stdout, "share %d sent again to %s with a new link; the old one no longer opens\n", id, sh.Email)
	return exitOK
}
