// Package scenes names the states of the interface worth looking at, and
// drives the real application into each one. The golden tests compare the
// scenes' views with the files in testdata; the screenshots command draws
// the same views as PNGs for the README.
package scenes

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"golang.org/x/crypto/ssh"

	"frontdesk/demo"
	"frontdesk/model"
	"frontdesk/private"
	"frontdesk/store"
	"frontdesk/ui/app"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// Scene is a state of the interface, reached from the start by key presses.
type Scene struct {
	Name string
	// Empty starts from an empty contact book instead of the demo data.
	Empty bool
	// ASCII draws borders without box-drawing characters.
	ASCII bool
	// Mono draws as on a terminal without colours that shows bold,
	// underline and reverse video (theme.Mono).
	Mono bool
	// Mutates marks a scene that changes its database: it needs one of its
	// own.
	Mutates bool
	// Files are more files for its folder, by name, beside the sample
	// spreadsheet; a scene with files has a folder of its own.
	Files map[string]string
	// Staff adds the demo staff, two more providers (six), the routing
	// table and the patients' messages, the scene acting as the user named
	// As (the admin "demo" when empty).
	Staff bool
	As    string
	// Faxes adds a few faxes to and from Tremblay, Hélène.
	Faxes bool
	// Shares adds documents to two charts, shared with contacts: one in
	// each state.
	Shares bool
	Steps  []Step
}

// Step types keys, then waits until the screen shows Until.
type Step struct {
	Keys []string // "enter", "esc", "up", "down", "tab", "ctrl+s", or text typed as is
	// Until is what the screen shows once the step is done; "a || b"
	// waits for either (a line said shorter on a narrow screen).
	Until string
}

// All returns every scene.
func All() []Scene {
	return []Scene{
		{Name: "contacts", Steps: []Step{{Until: "360 contacts"}}},
		{Name: "contacts-filter", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"/", "smi"}, Until: "228 of 360 contacts"}}},
		{Name: "contacts-filter-accents", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"/", "helene"}, Until: "162 of 360 contacts"}, {Keys: []string{"enter"}, Until: "esc clears"}}},
		{Name: "contacts-empty", Empty: true, Steps: []Step{{Until: "No contacts yet"}}},
		{Name: "contact-group", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"/", "smiths falls", "enter", "enter"}, Until: "Group name and fax"}, {Keys: []string{"down"}, Until: "Last name"}}},
		{Name: "contact-faxes", Faxes: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"/", "tremblay h", "enter", "enter"}, Until: "Recent faxes"}}},
		{Name: "contact-same-fax", Mutates: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"/", "smiths falls", "enter", "m"}, Until: "Split"},
			{Keys: []string{"y"}, Until: "365 contacts"}, {Keys: []string{"enter"}, Until: "Also on this number"}}},
		{Name: "contact-join-group", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"/", "tremblay h", "enter", "enter"}, Until: "single contact"},
			{Keys: []string{"M"}, Until: "joins which group"}, {Keys: []string{"smiths falls", "enter"}, Until: "→"}}},
		{Name: "contact-single", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"/", "tremblay h", "enter", "enter"}, Until: "single contact"}}},
		{Name: "contact-new", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"n", "tab", "416 555 01", "tab", "Hélène", "tab"}, Until: "Last name"}}},
		{Name: "contact-delete", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"/", "discharge planning", "enter", "down", "d"}, Until: "Delete"}}},
		{Name: "contacts-deleted", Mutates: true, Steps: []Step{{Until: "360 contacts"},
			{Keys: []string{"d"}, Until: "Delete"}, {Keys: []string{"y"}, Until: "359 contacts"},
			{Keys: []string{"/", "discharge planning", "enter", "down", "d"}, Until: "Delete"}, {Keys: []string{"y"}, Until: "358 contacts"},
			{Keys: []string{"R"}, Until: "restores"}}},
		{Name: "contact-discard", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"n", "tab", "416 555 0199", "tab", "Ann", "esc"}, Until: "Discard your changes?"}}},
		{Name: "contact-invalid", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"n", "tab", "416 555 0199", "ctrl+s"}, Until: "Not saved"}}},
		{Name: "contact-split", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"/", "smiths falls", "enter", "m"}, Until: "Split"}}},
		{Name: "help", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"?"}, Until: "Keys: Contacts"}}},
		{Name: "palette-disabled", Staff: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"6"}, Until: "Messages for Demo Admin"},
			{Keys: []string{":", "down", "down", "down"}, Until: "> Reassign"}}},
		{Name: "palette", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{":", "con"}, Until: "Commands"}}},
		{Name: "contacts-ascii", ASCII: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"d"}, Until: "Delete"}}},
		{Name: "import-file", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"i", "cl"}, Until: "clinic-export.csv"}}},
		{Name: "import-preview", Steps: importSteps[:3]},
		{Name: "import-map", Steps: importSteps[:4]},
		{Name: "import-check", Steps: importSteps[:5]},
		{Name: "import-done", Mutates: true, Steps: importSteps},
		{Name: "import-check-wrap", Files: map[string]string{"rejects.csv": RejectsCSV}, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"i", "rej", "tab"}, Until: "rejects.csv"},
			{Keys: []string{"enter"}, Until: "Delimiter"}, {Keys: []string{"enter"}, Until: "Which field"},
			{Keys: []string{"c"}, Until: "Rows read"}}},
		{Name: "import-vcard-preview", Files: map[string]string{"contacts.vcf": SampleVCard}, Steps: vcardSteps[:3]},
		{Name: "import-vcard-map", Files: map[string]string{"contacts.vcf": SampleVCard}, Steps: vcardSteps[:4]},
		{Name: "import-vcard-check", Files: map[string]string{"contacts.vcf": SampleVCard}, Steps: vcardSteps},
		{Name: "import-vcard-grouped", Files: map[string]string{"contacts.vcf": SampleVCard},
			Steps: append(vcardSteps[:len(vcardSteps):len(vcardSteps)], Step{Keys: []string{"g"}, Until: "by organization and fax"})},
		{Name: "import-google-map", Files: map[string]string{"google.csv": SampleGoogleCSV}, Steps: googleSteps[:5]},
		{Name: "import-google-pick", Files: map[string]string{"google.csv": SampleGoogleCSV}, Steps: googleSteps[:6]},
		{Name: "import-google-check", Files: map[string]string{"google.csv": SampleGoogleCSV}, Steps: append(googleSteps[:4:4], Step{Keys: []string{"c"}, Until: "Rows read"})},
		{Name: "patients", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"2"}, Until: "250 patients"}}},
		{Name: "patients-filter", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"2"}, Until: "250 patients"},
			{Keys: []string{"/", "1984"}, Until: " 4 of 250 patients"}}},
		{Name: "patient-new", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"2"}, Until: "250 patients"},
			{Keys: []string{"n", "Zoë", "tab", "Ouellet", "tab", "03/04/1984", "tab"}, Until: "is ambiguous"}}},
		{Name: "patient-chart", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"2"}, Until: "250 patients"},
			{Keys: []string{"/", "c-10044", "enter", "enter"}, Until: "Preferred contacts ("}}},
		{Name: "patient-add-contact", Mutates: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"2"}, Until: "250 patients"},
			{Keys: []string{"enter"}, Until: "Preferred contacts ("}, {Keys: []string{"a", "tremblay hel"}, Until: "Tremblay, Hélène"}}},
		{Name: "employers", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"3"}, Until: "12 employers"}}},
		{Name: "employer-page", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"3"}, Until: "12 employers"},
			{Keys: []string{"/", "bombardier", "enter", "enter"}, Until: "Patients ("}}},
		{Name: "contact-link", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"p"}, Until: "to a patient or an employer"},
			{Keys: []string{"desj"}, Until: "employer"}}},
		{Name: "faxes-filtered", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"4"}, Until: "No faxes here yet"},
			{Keys: []string{"s", "s", "o"}, Until: "[direction: out]"}}},
		{Name: "faxes-contact-filter", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"4"}, Until: "No faxes here yet"},
			{Keys: []string{"c", "smith"}, Until: "Faxes of which contact?"}}},
		{Name: "compose-patient", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"f", "C-1000"}, Until: "about which patient?"}}},
		{Name: "compose", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"f", "C-10001", "enter"}, Until: "Patient chart"},
			{Keys: []string{"tab", "ctrl+u", "referral", "ctrl+s"}, Until: "needs its reason"}}},
		{Name: "compose-documents", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"f", "enter"}, Until: "Patient chart"},
			{Keys: []string{"tab", "tab", "enter"}, Until: "> clinic-export.csv"}}},
		{Name: "compose-list", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"f", "enter"}, Until: "Patient chart"},
			{Keys: []string{"tab", "tab", "referral-letter.txt", "enter"}, Until: "1 page"},
			{Keys: []string{"clinic-export.csv", "enter"}, Until: "2 documents"}, {Keys: []string{"up"}, Until: "> referral"}}},
		{Name: "compose-preview", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"f", "enter"}, Until: "Patient chart"},
			{Keys: []string{"tab", "tab", "referral-letter.txt", "enter"}, Until: "1 page"}, {Keys: []string{"ctrl+o"}, Until: "esc closes"}}},
		{Name: "fax-new-patient", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"4"}, Until: "No faxes here yet"},
			{Keys: []string{"n"}, Until: "About which patient?"}}},
		{Name: "fax-new-recipient", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"4"}, Until: "No faxes here yet"},
			{Keys: []string{"n"}, Until: "About which patient?"}, {Keys: []string{"enter"}, Until: "To whom?"}}},
		{Name: "fax-new-contact", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"4"}, Until: "No faxes here yet"},
			{Keys: []string{"n"}, Until: "About which patient?"}, {Keys: []string{"enter"}, Until: "To whom?"},
			{Keys: []string{"save a new", "enter"}, Until: "then send"}, {Keys: []string{"Ann", "tab", "Lee", "tab", "416 555 0199"}, Until: "will be saved"}}},
		{Name: "routing", Staff: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"5"}, Until: "Dr. Sofia More"},
			{Keys: []string{"down", "down"}, Until: "Who gets it"}}},
		{Name: "routing-scrolled", Staff: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"5"}, Until: "Dr. Sofia More"},
			{Keys: []string{"down", "l", "l", "l", "l", "l"}, Until: "Forms and letters:"}}},
		{Name: "routing-cell", Staff: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"5"}, Until: "Dr. Sofia More"},
			{Keys: []string{"down", "enter"}, Until: "Recipients (1)"}}},
		{Name: "routing-apply", Staff: true, Mutates: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{"5"}, Until: "Dr. Sofia More"},
			{Keys: []string{"l", "l", "l", "enter", "a", "front", "enter", "esc", "ctrl+s"}, Until: "Test results: Front Office"},
			{Keys: []string{"A"}, Until: "cells of 6 providers change"}}},
		{Name: "routing-readonly", Staff: true, As: "amy.ng", Steps: []Step{{Until: "10 unread messages (6 Inbox)"}, {Keys: []string{"5"}, Until: "Read-only"},
			{Keys: []string{"enter"}, Until: "You may not edit routing"}}},
		{Name: "inbox", Staff: true, As: "amy.ng", Steps: []Step{{Until: "10 unread messages (6 Inbox)"}, {Keys: []string{"6"}, Until: "Messages for Amy Ng · 10 unread"}}},
		{Name: "inbox-message", Staff: true, As: "amy.ng", Mutates: true, Steps: []Step{{Until: "10 unread messages (6 Inbox)"}, {Keys: []string{"6"}, Until: "Messages for Amy Ng · 10 unread"},
			{Keys: []string{"enter"}, Until: "Routed to"}, {Keys: nil, Until: "(amy.ng)"}, {Keys: nil, Until: " 9 unread messages (6 Inbox)"}}},
		{Name: "inbox-passed", Staff: true, As: "amy.ng", Mutates: true, Steps: []Step{{Until: "10 unread messages (6 Inbox)"}, {Keys: []string{"6"}, Until: "Messages for Amy Ng · 10 unread"},
			{Keys: []string{"r"}, Until: "to whom?"}, {Keys: []string{"kenji", "enter"}, Until: "(optional):"},
			{Keys: []string{"Call her back", "enter"}, Until: "Messages for Amy Ng · 9 unread"}, {Until: " 9 unread messages (6 Inbox) ||  9 unread (6 Inbox)"}}},
		{Name: "inbox-take", Staff: true, As: "amy.ng", Steps: []Step{{Until: "10 unread messages (6 Inbox)"}, {Keys: []string{"6"}, Until: "Messages for Amy Ng · 10 unread"},
			{Keys: []string{"n"}, Until: "taken by phone"}, {Keys: []string{"31/03/2001"}, Until: "Date of birth 31 March 2001"}}},
		{Name: "inbox-take-message", Staff: true, As: "amy.ng", Steps: []Step{{Until: "10 unread messages (6 Inbox)"}, {Keys: []string{"6"}, Until: "Messages for Amy Ng · 10 unread"},
			{Keys: []string{"n"}, Until: "taken by phone"}, {Keys: []string{"31/03/2001"}, Until: "Date of birth 31 March 2001"},
			{Keys: []string{"enter", "pres", "tab", "Refill", "tab", "She is out of her inhaler.", "enter", "Call her back after 3."}, Until: "after 3."}}},
		{Name: "inbox-reassign", Staff: true, As: "amy.ng", Steps: []Step{{Until: "10 unread messages (6 Inbox)"}, {Keys: []string{"6"}, Until: "Messages for Amy Ng · 10 unread"},
			{Keys: []string{"r"}, Until: "to whom?"}, {Keys: []string{"carla", "enter"}, Until: "(optional):"}}},
		{Name: "staff", Staff: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{":", "staff", "enter"}, Until: "users · tab shows"}}},
		{Name: "staff-groups", Staff: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{":", "staff", "enter"}, Until: "users · tab shows"},
			{Keys: []string{"tab"}, Until: "groups · tab shows"}}},
		{Name: "staff-keys", Staff: true, Mutates: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{":", "staff", "enter"}, Until: "users · tab shows"},
			{Keys: []string{"enter"}, Until: "SSH keys (0)"},
			{Keys: []string{"n", sceneKey(1, "amy@desk-3"), "enter"}, Until: "SSH keys (1)"},
			{Keys: []string{"n", sceneKey(2, "amy@laptop"), "enter"}, Until: "SSH keys (2)"}}},
		{Name: "staff-key-remove", Staff: true, Mutates: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{":", "staff", "enter"}, Until: "users · tab shows"},
			{Keys: []string{"enter"}, Until: "SSH keys (0)"},
			{Keys: []string{"n", sceneKey(1, "amy@desk-3"), "enter"}, Until: "SSH keys (1)"}, {Keys: []string{"d"}, Until: "can no longer sign in"}}},
		{Name: "staff-key-add", Staff: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{":", "staff", "enter"}, Until: "users · tab shows"},
			{Keys: []string{"enter"}, Until: "SSH keys (0)"}, {Keys: []string{"n", sceneKey(1, "amy@desk-3")}, Until: "Fingerprint"}}},
		{Name: "audit", Staff: true, Mutates: true, Steps: auditSteps},
		{Name: "audit-entry", Staff: true, Mutates: true, Steps: append(auditSteps[:len(auditSteps):len(auditSteps)],
			Step{Keys: []string{"enter"}, Until: "1 field changed"})},
		{Name: "audit-filters", Staff: true, Steps: []Step{{Until: "360 contacts"}, {Keys: []string{":", "audit log", "enter"}, Until: "changes"},
			{Keys: []string{"f", "patient", "tab", "demo", "tab", "31/02/2026", "enter"}, Until: "is not a day"}}},
		{Name: "audit-readonly", Staff: true, As: "amy.ng", Steps: []Step{{Until: "10 unread messages (6 Inbox)"},
			{Keys: []string{":", "audit"}, Until: "takes the role admin"}}},
		{Name: "shares", Shares: true, Steps: sharesSteps},
		{Name: "shares-mono", Shares: true, Mono: true, Steps: append(sharesSteps[:len(sharesSteps):len(sharesSteps)],
			Step{Keys: []string{"down", "down"}, Until: "3/5"})},
		{Name: "shares-filtered", Shares: true, Steps: append(sharesSteps[:len(sharesSteps):len(sharesSteps)],
			Step{Keys: []string{"s", "s"}, Until: "1/1 · 1 shares"})},
		{Name: "share-detail", Shares: true, Steps: append(sharesSteps[:len(sharesSteps):len(sharesSteps)],
			Step{Keys: []string{"down", "enter"}, Until: "Firefox 133 on Android"})},
		{Name: "share-revoke", Shares: true, Steps: append(sharesSteps[:len(sharesSteps):len(sharesSteps)],
			Step{Keys: []string{"x"}, Until: "Revoke this share?"})},
		{Name: "documents", Shares: true, Steps: documentsSteps},
		{Name: "documents-mono", Shares: true, Mono: true, Steps: documentsSteps},
		{Name: "document-page", Shares: true, Steps: append(documentsSteps[:len(documentsSteps):len(documentsSteps)],
			Step{Keys: []string{"enter"}, Until: "Shares (3)"})},
		{Name: "document-letter", Shares: true, Steps: append(documentsSteps[:len(documentsSteps):len(documentsSteps)],
			Step{Keys: []string{"w"}, Until: "A letter about"},
			Step{Keys: []string{"Dr. Ann Lee, Cardiology West", "tab", "Referral for an echo", "tab", "Dear Dr. Lee,", "enter", "enter",
				"She has had palpitations since June."}, Until: "since June."})},
		{Name: "document-share", Shares: true, Steps: append(documentsSteps[:len(documentsSteps):len(documentsSteps)],
			Step{Keys: []string{"s"}, Until: "with whom?"}, Step{Keys: []string{"enter"}, Until: "Share the lab result"})},
		{Name: "settings", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{":", "settings", "enter"}, Until: "Send through"},
			{Keys: []string{"tab", "ctrl+u", "email", "ctrl+s"}, Until: "mail server is needed"}}},
		{Name: "settings-sharing", Steps: []Step{{Until: "360 contacts"}, {Keys: []string{":", "settings", "enter"}, Until: "Send through"},
			{Keys: []string{"shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab",
				"shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab",
				"ctrl+u", "on", "ctrl+s"}, Until: "portal's address is needed"}}},
	}
}

// The times the audit log records for the scenes' changes: those made
// when the database is made, and those the scenes' keys make. Fixed, for
// the audit log's views to read the same every time.
var (
	setupTime = time.Date(2026, 11, 20, 8, 0, 0, 0, time.Local)
	sceneTime = time.Date(2026, 11, 20, 14, 30, 0, 0, time.Local)
)

func at(t time.Time) func() time.Time { return func() time.Time { return t } }

// auditSteps change the first contact's fax, then open the audit log
// narrowed to contacts.
var auditSteps = []Step{{Until: "360 contacts"}, {Keys: []string{"e", "ctrl+u", "216 555 0100", "ctrl+s"}, Until: "Saved"},
	{Keys: []string{":", "audit log", "enter"}, Until: "changes"}, {Keys: []string{"f", "contact", "enter"}, Until: "1/200+ changes"}}

// sharesSteps open the Shares screen.
var sharesSteps = []Step{{Until: "360 contacts"}, {Keys: []string{"7"}, Until: "1/5 · 5 shares"}}

// documentsSteps open the documents of the first chart, which has a lab
// result shared three times.
var documentsSteps = []Step{{Until: "360 contacts"}, {Keys: []string{"2"}, Until: "250 patients"},
	{Keys: []string{"enter"}, Until: "Preferred contacts ("}, {Keys: []string{"o"}, Until: "CBC results"}}

// Renderer returns a renderer that draws as a terminal of profile would,
// with a dark background, whatever terminal runs the tests.
func Renderer(profile termenv.Profile) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(profile)
	r.SetHasDarkBackground(true)
	return r
}

// Open creates the database of a scene in dir (the demo contacts, or none),
// the spreadsheet the import scenes read, dir/clinic-export.csv, and the
// letter the compose scenes attach, dir/referral-letter.txt.
func Open(ctx context.Context, dir string, sc Scene) (*store.Store, error) {
	if err := private.MkdirAll(dir); err != nil {
		return nil, err
	}
	if err := private.WriteFile(filepath.Join(dir, "clinic-export.csv"), []byte(SampleCSV)); err != nil {
		return nil, err
	}
	if err := private.WriteFile(filepath.Join(dir, "referral-letter.txt"), []byte(SampleLetter)); err != nil {
		return nil, err
	}
	for name, text := range sc.Files {
		if err := private.WriteFile(filepath.Join(dir, name), []byte(text)); err != nil {
			return nil, err
		}
	}
	st, err := store.Open(ctx, filepath.Join(dir, sc.Name+".db"))
	if err != nil {
		return nil, err
	}
	ctx = store.WithClock(ctx, at(setupTime))
	if !sc.Empty {
		err := st.CreateContacts(ctx, demo.Contacts(1))
		if err == nil {
			err = st.CreatePatients(ctx, demo.Patients(250, 1))
		}
		for _, e := range demo.Employers() {
			if err == nil {
				_, err = st.CreateEmployer(ctx, e)
			}
		}
		if err == nil {
			err = st.LinkDemo(ctx, 1)
		}
		if err == nil { // what cover pages need
			_, err = st.SetFaxSettings(store.WithActor(ctx, "demo"),
				model.FaxSettings{ClinicName: "Lakeside Clinic", ClinicFax: "+14165550100"})
		}
		if err == nil && sc.Staff {
			err = addStaff(ctx, st)
		}
		if err == nil && sc.Faxes {
			err = addFaxes(ctx, st, dir)
		}
		if err == nil && sc.Shares {
			err = addShares(ctx, st)
		}
		if err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

// addStaff makes "demo" the admin, adds two providers to the patients'
// four, and the demo staff, routes and messages.
func addStaff(ctx context.Context, st *store.Store) error {
	ctx = store.WithActor(ctx, "demo")
	if _, err := st.ActingUser(ctx, "Demo Admin"); err != nil {
		return err
	}
	for _, p := range []model.User{
		{Name: "Dr. Sofia Moreau", Username: "sofia.moreau", Kind: model.KindProvider, Active: true, Roles: []model.Role{model.RoleClinician}},
		{Name: "Dr. Kenji Sato", Username: "kenji.sato", Kind: model.KindProvider, Active: true, Roles: []model.Role{model.RoleClinician}},
	} {
		if _, err := st.CreateUser(ctx, p); err != nil {
			return err
		}
	}
	// The messages' times are fixed, for the views to stay the same.
	_, _, _, err := demo.AddStaff(ctx, st, 250, time.Date(2026, 11, 20, 12, 0, 0, 0, time.Local))
	return err
}

// addFaxes sends Hélène Tremblay two faxes, one of them sent, one a
// referral, and receives one from her number.
func addFaxes(ctx context.Context, st *store.Store, dir string) error {
	ctx = store.WithActor(ctx, "demo")
	var to model.Contact
	err := st.EachContact(ctx, func(c model.Contact) error {
		if to.ID == 0 && c.Kind == model.Single && c.Entities[0].LastName == "Tremblay" && c.Entities[0].FirstName == "Hélène" {
			to = c
		}
		return nil
	})
	if err != nil || to.ID == 0 {
		return fmt.Errorf("the faxes' contact: %v", err)
	}
	letter := []model.Document{{Name: "letter.txt", Data: []byte("Results attached.\n")}}
	sent, err := st.QueueFax(ctx, model.Fax{Kind: model.KindFax, Number: to.Fax, ContactID: to.ID, Documents: letter})
	if err != nil {
		return err
	}
	if f, ok, err := st.ClaimFax(ctx, time.Minute); err != nil || !ok || f.ID != sent.ID {
		return fmt.Errorf("claiming the scene's fax: %v", err)
	}
	if err := st.FinishFax(ctx, sent.ID, true, ""); err != nil {
		return err
	}
	if _, err := st.ReceiveFax(ctx, to.Fax, 1, letter, time.Now()); err != nil {
		return err
	}
	_, err = st.QueueFax(ctx, model.Fax{Kind: model.KindReferral, Referral: model.Referral{Reason: "echo"}, Number: to.Fax,
		ContactID: to.ID, Documents: letter})
	return err
}

// addShares turns sharing on, adds a lab result and a letter to the
// first two charts and shares them with the first two contacts that have
// an email address: one share sent, one opened, one not delivered, one
// expired and one revoked, at fixed times before the scenes' own.
func addShares(ctx context.Context, st *store.Store) error {
	for _, kv := range [][2]string{
		{"sharing.public_url", "https://share.lakeside.example"}, {"mail.host", "mail.lakeside.example"},
		{"mail.from", "records@lakeside.example"}, {"sharing.level", "link"}, {"sharing.enabled", "on"},
	} {
		if err := st.SetShareSetting(store.WithActor(ctx, "demo"), kv[0], kv[1]); err != nil {
			return fmt.Errorf("the setting %s: %w", kv[0], err)
		}
	}
	// Shared by another user than the scenes': the status line's news of
	// a share opened would show in whichever scene ran first.
	ctx = store.WithActor(ctx, "ann.roy")
	var contacts []int64
	err := st.EachContact(ctx, func(c model.Contact) error {
		if len(contacts) < 2 && c.Kind == model.Single && c.Entities[0].Email != "" {
			contacts = append(contacts, c.ID)
		}
		return nil
	})
	if err != nil || len(contacts) < 2 {
		return fmt.Errorf("the shares' contacts: %v", err)
	}
	var patients []int64
	err = st.ListPatients(ctx, func(p *store.PatientRow) error {
		if len(patients) < 2 {
			patients = append(patients, p.ID)
		}
		return nil
	})
	if err != nil || len(patients) < 2 {
		return fmt.Errorf("the shares' patients: %v", err)
	}
	lab, err := st.AddPatientDocument(ctx, model.PatientDocument{PatientID: patients[0], Kind: model.PDocLab, Title: "CBC results",
		Date: model.Date{Year: 2026, Month: 11, Day: 18}}, model.Document{Name: "cbc.txt", Data: []byte("CBC: normal.\n")})
	if err != nil {
		return err
	}
	letter, err := st.AddPatientDocument(ctx, model.PatientDocument{PatientID: patients[1], Kind: model.PDocLetter,
		Title: "Referral to cardiology", Date: model.Date{Year: 2026, Month: 11, Day: 17}},
		model.Document{Name: "referral.txt", Data: []byte("Dear colleague,\n")})
	if err != nil {
		return err
	}
	day := func(d, h int) context.Context {
		return store.WithClock(ctx, at(time.Date(2026, 11, d, h, 0, 0, 0, time.Local)))
	}
	type made struct {
		doc, contact int64
		when         context.Context
		mailErr      error
	}
	var ids []int64
	for i, m := range []made{
		{letter.ID, contacts[1], day(18, 9), nil}, // expired by the scenes' time
		{lab.ID, contacts[0], day(19, 10), nil},   // revoked below
		{letter.ID, contacts[0], day(19, 16), errors.New("550 5.1.1 mailbox unavailable")},
		{lab.ID, contacts[1], day(20, 7), nil}, // opened below
		{lab.ID, contacts[0], day(20, 9), nil}, // sent
	} {
		sh, err := st.CreateShare(m.when, model.Share{DocumentID: m.doc, ContactID: m.contact, Level: model.LevelLink},
			store.HashSecret(fmt.Sprintf("scene-token-%d", i)))
		if err == nil {
			err = st.ShareMailed(m.when, sh.ID, m.mailErr)
		}
		if err != nil {
			return err
		}
		ids = append(ids, sh.ID)
	}
	if err := st.RevokeShare(day(19, 15), ids[1]); err != nil {
		return err
	}
	_, _, err = st.StartShareSession(day(20, 11), store.HashSecret("scene-token-3"), store.HashSecret("scene-cookie"),
		"203.0.113.7", "Firefox 133 on Android")
	return err
}

// Run drives a new application on st, of width x height drawn by r, into
// the scene, and returns what it shows then. dir is the folder Open made,
// where file fields start.
func Run(st *store.Store, dir string, sc Scene, r *lipgloss.Renderer, width, height int) (string, error) {
	ctx := store.WithClock(store.WithActor(context.Background(), "demo"), at(sceneTime))
	styles := theme.New(r, sc.ASCII)
	if sc.Mono {
		styles = theme.Mono(r, sc.ASCII)
	}
	env := &screen.Env{Store: st, Styles: styles, Keys: keymap.Default(), Ctx: ctx, Start: screen.Session{Region: "US"}, WorkDir: dir}
	if sc.Staff {
		as := sc.As
		if as == "" {
			as = "demo"
		}
		u, err := st.UserByUsername(ctx, as)
		if err != nil {
			return "", fmt.Errorf("scene %s: the user %s: %w", sc.Name, as, err)
		}
		env.Start.User, env.Ctx = u, store.WithClock(store.WithActor(context.Background(), as), at(sceneTime))
	}
	pr := &probe{inner: app.New(env), changed: make(chan struct{}, 1)}
	p := tea.NewProgram(pr, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(),
		tea.WithoutSignalHandler(), tea.WithContext(ctx))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	p.Send(tea.WindowSizeMsg{Width: width, Height: height})
	var err error
	for i, step := range sc.Steps {
		for _, k := range step.Keys {
			for _, msg := range Keys(k) {
				p.Send(msg)
			}
		}
		if err = pr.waitFor(step.Until, 10*time.Second); err != nil {
			err = fmt.Errorf("scene %s, step %d: %w", sc.Name, i+1, err)
			break
		}
	}
	p.Quit()
	if perr := <-done; err == nil && perr != nil && perr != tea.ErrProgramKilled {
		err = perr
	}
	return pr.view(), err
}

// sceneKey is the same SSH public key line at every run (an ed25519 key
// whose seed is 32 times seed), for views that show its fingerprint.
func sceneKey(seed byte, comment string) string {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
	pk, err := ssh.NewPublicKey(priv.Public())
	if err != nil {
		panic(err) // an ed25519 key always converts
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))) + " " + comment
}

// Keys turns a step's key name or text into key presses.
func Keys(k string) []tea.Msg {
	special := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "up": tea.KeyUp, "down": tea.KeyDown, "tab": tea.KeyTab,
		"shift+tab": tea.KeyShiftTab, "ctrl+s": tea.KeyCtrlS, "ctrl+k": tea.KeyCtrlK, "backspace": tea.KeyBackspace,
		"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "ctrl+u": tea.KeyCtrlU, "ctrl+o": tea.KeyCtrlO, "ctrl+x": tea.KeyCtrlX,
		"ctrl+t": tea.KeyCtrlT, "ctrl+g": tea.KeyCtrlG,
	}
	if t, ok := special[k]; ok {
		return []tea.Msg{tea.KeyMsg{Type: t}}
	}
	var out []tea.Msg
	for _, r := range k {
		if r == ' ' {
			out = append(out, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
			continue
		}
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

// probe wraps the application to record its view after every message, from
// the program's own goroutine.
type probe struct {
	inner   tea.Model
	mu      sync.Mutex
	last    string
	changed chan struct{}
}

func (p *probe) Init() tea.Cmd { return p.inner.Init() }

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := p.inner.Update(msg)
	p.inner = m
	v := m.View()
	p.mu.Lock()
	p.last = v
	p.mu.Unlock()
	select {
	case p.changed <- struct{}{}:
	default:
	}
	return p, cmd
}

func (p *probe) View() string { return p.inner.View() }

func (p *probe) view() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

func (p *probe) waitFor(s string, limit time.Duration) error {
	deadline := time.After(limit)
	for {
		view := ansi.Strip(p.view())
		for _, alt := range strings.Split(s, " || ") {
			if strings.Contains(view, alt) {
				return nil
			}
		}
		select {
		case <-p.changed:
		case <-deadline:
			return fmt.Errorf("the screen never showed %q; it shows:\n%s", s, p.view())
		}
	}
}
