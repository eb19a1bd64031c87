package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"frontdesk/document"
	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/transport"
)

func runFaxSend(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk fax send", stdout, stderr)
	to := fs.String("to", "", "a fax number, or the ID of a saved contact")
	chart := fs.String("patient", "", "the chart number of the patient the fax is about")
	kind := fs.String("kind", "fax", "fax or referral")
	note := fs.String("note", "", "the cover note")
	reason := fs.String("reason", "", "the reason of a referral")
	specialty := fs.String("specialty", "", "the specialty a referral is for")
	noCover := fs.Bool("no-cover", false, "send the documents without a cover page")
	files, code, ok := fs.parseArgs(args)
	if !ok {
		return code
	}
	if *to == "" || len(files) == 0 {
		fmt.Fprintln(stderr, "frontdesk fax send: --to and at least one FILE are needed")
		return exitUsage
	}
	if *kind != "fax" && *kind != "referral" {
		fmt.Fprintf(stderr, "frontdesk fax send: --kind must be fax or referral, not %q\n", *kind)
		return exitUsage
	}
	// Read once, here: what is queued (and later sent) is what the files
	// hold now.
	docs, pages, err := document.ReadFiles(files)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk fax send: %v; nothing was queued\n", err)
		return exitFail
	}
	ctx, st, ok := session(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	f := model.Fax{Kind: model.FaxKind(*kind), Note: *note, Documents: docs, Pages: pages,
		Referral: model.Referral{Reason: *reason, Specialty: *specialty}}
	// Fewer than ten digits cannot be a fax number: it names a contact.
	if id, err := strconv.ParseInt(*to, 10, 64); err == nil && len(*to) < 10 {
		c, err := st.GetContact(ctx, id)
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk fax send: contact %d: %v; nothing was queued\n", id, err)
			return exitFail
		}
		f.ContactID, f.Number, f.Name = c.ID, c.Fax, c.DisplayName()
	} else {
		region, _ := st.Region(ctx)
		n, err := model.ParseFax(*to, region)
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk fax send: --to %q %v; nothing was queued\n", *to, err)
			return exitFail
		}
		f.Number = n
	}
	patient := ""
	if *chart != "" {
		p, err := st.PatientByChart(ctx, *chart)
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk fax send: %v; nothing was queued\n", err)
			return exitFail
		}
		f.PatientID, patient = p.ID, p.DisplayName()+", chart "+p.Chart
	}
	if !*noCover {
		if f, err = transport.AddCover(ctx, st, f, patient); err != nil {
			fmt.Fprintf(stderr, "frontdesk fax send: %v; nothing was queued\n", err)
			return exitFail
		}
	}
	f, err = st.QueueFax(ctx, f)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk fax send: %v; nothing was queued\n", err)
		return exitFail
	}
	fmt.Fprintln(stdout, f.ID)
	return exitOK
}

// faxJSON is the JSON shape of `frontdesk fax list --json`.
type faxJSON struct {
	ID        int64  `json:"id"`
	Direction string `json:"direction"`
	Number    string `json:"number"`
	ContactID int64  `json:"contact_id"`
	Patient   string `json:"patient"` // chart number
	Kind      string `json:"kind"`
	Pages     int    `json:"pages"`
	Status    string `json:"status"`
	Reason    string `json:"reason"`
	Created   string `json:"created"`
	Updated   string `json:"updated"`
}

func runFaxList(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk fax list", stdout, stderr)
	contact := fs.Int64("contact", 0, "only the faxes of this contact ID")
	chart := fs.String("patient", "", "only the faxes about this chart number")
	statusFlag := fs.String("status", "", "only the faxes in this status: queued, sending, sent, failed, received")
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 100, "at most this many, newest first")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	switch model.FaxStatus(*statusFlag) {
	case "", model.StatusQueued, model.StatusSending, model.StatusSent, model.StatusFailed, model.StatusReceived:
	default:
		fmt.Fprintf(stderr, "frontdesk fax list: --status must be queued, sending, sent, failed or received, not %q\n", *statusFlag)
		return exitUsage
	}
	ctx, st, ok := readSession(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	ff := store.FaxFilter{ContactID: *contact, Status: model.FaxStatus(*statusFlag), Limit: *limit}
	if *chart != "" {
		p, err := st.PatientByChart(ctx, *chart)
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk fax list: %v\n", err)
			return exitFail
		}
		ff.PatientID = p.ID
	}
	faxes, err := st.ListFaxes(ctx, ff)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk fax list: %v\n", err)
		return exitFail
	}
	charts := map[int64]string{}
	out := make([]faxJSON, 0, len(faxes))
	for _, f := range faxes {
		if f.PatientID != 0 && charts[f.PatientID] == "" {
			if p, err := st.GetPatient(ctx, f.PatientID); err == nil {
				charts[f.PatientID] = p.Chart
			}
		}
		out = append(out, faxJSON{f.ID, string(f.Direction), f.Number, f.ContactID, charts[f.PatientID], string(f.Kind), f.Pages,
			string(f.Status), f.Reason, f.Created.Format(time.RFC3339), f.Updated.Format(time.RFC3339)})
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
		return exitOK
	}
	for _, f := range out {
		fmt.Fprintf(stdout, "%6d  %s  %-3s  %-8s  %-8s  %s  %s\n", f.ID, f.Created, f.Direction, f.Kind, f.Status, model.Printable(f.Number), model.Printable(f.Reason))
	}
	return exitOK
}

func runFaxReceive(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk fax receive", stdout, stderr)
	from := fs.String("from", "", "the sender's fax number")
	files, code, ok := fs.parseArgs(args)
	if !ok {
		return code
	}
	if *from == "" || len(files) != 1 {
		fmt.Fprintln(stderr, "frontdesk fax receive: FILE and --from NUMBER are needed")
		return exitUsage
	}
	docs, _, err := document.ReadFiles(files)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk fax receive: %v; nothing was taken in\n", err)
		return exitFail
	}
	ctx, st, me, ok := sessionAs(*db, stderr, false)
	if !ok {
		return exitFail
	}
	defer st.Close()
	if me.ID != 0 {
		if err := me.Deny(model.PermFaxes); err != nil {
			fmt.Fprintf(stderr, "frontdesk fax receive: %v; nothing was taken in\n", err)
			return exitFail
		}
	}
	region, _ := st.Region(ctx)
	n, err := model.ParseFax(*from, region)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk fax receive: --from %q %v; nothing was taken in\n", *from, err)
		return exitFail
	}
	f, err := st.ReceiveFax(ctx, n, 0, docs, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk fax receive: %v\n", err)
		return exitFail
	}
	who := "no saved contact"
	if f.ContactID != 0 {
		who = f.Name
	}
	fmt.Fprintf(stdout, "%d (from %s)\n", f.ID, who)
	return exitOK
}
