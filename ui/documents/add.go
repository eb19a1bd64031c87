package documents

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/document"
	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// The fields of the documents' forms.
const (
	fieldFile  = "file"
	fieldKind  = string(model.FieldKind)
	fieldTitle = string(model.FieldTitle)
	fieldDate  = string(model.FieldDate)
)

// kindLabels are the kinds as a field offers them.
func kindLabels() []string {
	out := make([]string, len(model.PatientDocKinds))
	for i, k := range model.PatientDocKinds {
		out[i] = k.Label()
	}
	return out
}

// readDate reads a document's date as typed; the year first when it could
// be read two ways.
func readDate(s string) (model.Date, error) {
	d, err := model.ParseDate(s, model.DayFirst, time.Now())
	if err == model.ErrDateAmbiguous {
		return d, fmt.Errorf("%w: write it 2026-12-02 or 2 Dec 2026", err)
	}
	return d, err
}

// Add adds a document from a file to a chart: the file (over SSH, in the
// user's own folder), its kind, its title (the file's name unless typed)
// and its date (today unless typed). The file is read and checked when it
// is saved: a file that is not what it claims is refused, named.
type Add struct {
	components.FormHost
	env     *screen.Env
	patient Patient
	titled  bool // the title was typed: a file picked no longer names it
}

var _ screen.Screen = (*Add)(nil)

type addedMsg struct {
	owner *Add
	doc   model.PatientDocument
	err   error
}

// NewAdd returns the form that adds a document to the chart of p.
func NewAdd(env *screen.Env, p Patient) *Add {
	a := &Add{FormHost: components.NewFormHost(env, "the document"), env: env, patient: p}
	return a
}

// Init builds the form.
func (a *Add) Init() tea.Cmd {
	f := components.NewForm(a.env.Styles, a.env.Keys, "Add a document to the chart of "+a.patient.Name, []components.FieldSpec{
		{Key: fieldFile, Label: "File", Files: true, CharLimit: 1000,
			Hint: "a PDF, TIFF, PNG, JPEG or text file; enter browses the folders"},
		{Key: fieldKind, Label: "Kind", Value: model.PDocDocument.Label(), Options: kindLabels(), CharLimit: 40,
			Hint: "enter picks: letter, prescription, document, lab result, invoice"},
		{Key: fieldTitle, Label: "Title", CharLimit: model.MaxTitle, Hint: "the file's name unless you type one"},
		{Key: fieldDate, Label: "Date", Value: model.DateOf(time.Now()).String(), CharLimit: 40,
			Hint: "the document's own date: 2026-12-02, 2 Dec 2026"},
	})
	f.WorkDir, f.Folder = a.env.WorkDir, a.env.Files
	f.Validate = validateDoc
	a.SetForm(f)
	return nil
}

// validateDoc checks the fields as they are typed.
func validateDoc(v map[string]string) map[string]string {
	p := map[string]string{}
	if f, ok := v[fieldFile]; ok && strings.TrimSpace(f) == "" {
		p[fieldFile] = "is required"
	}
	if _, err := model.ParsePatientDocKind(v[fieldKind]); err != nil {
		p[fieldKind] = "is not a kind: letter, prescription, document, lab result or invoice"
	}
	if _, err := readDate(v[fieldDate]); err != nil {
		p[fieldDate] = err.Error()
	}
	return p
}

// Title names the screen.
func (a *Add) Title() string { return "Add a document" }

// Update handles a message.
func (a *Add) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case addedMsg:
		if msg.owner != a {
			return a, nil
		}
		text := fmt.Sprintf("Added the %s “%s” (%d %s) to the chart of %s.", lower(msg.doc.Kind), model.Printable(msg.doc.Title),
			msg.doc.Pages, plural(msg.doc.Pages, "page"), a.patient.Name)
		return a, a.Saved(msg.err, text, 0)
	case tea.KeyMsg:
		if a.Form == nil {
			return a, nil
		}
		before := a.Form.Value(fieldFile)
		if a.Form.Focused() == fieldTitle && msg.Type != tea.KeyTab && msg.Type != tea.KeyShiftTab {
			a.titled = true
		}
		submitted, cmd := a.Key(msg)
		a.nameFromFile(before)
		if !submitted {
			return a, cmd
		}
		return a, a.save()
	default:
		if a.Form != nil {
			before := a.Form.Value(fieldFile)
			_, cmd := a.Form.Update(msg) // a folder read for the path field
			a.nameFromFile(before)
			return a, cmd
		}
	}
	return a, nil
}

// nameFromFile titles the document for the file, as long as no title was
// typed.
func (a *Add) nameFromFile(before string) {
	if a.Form == nil || a.titled {
		return
	}
	now := strings.TrimSpace(a.Form.Value(fieldFile))
	if now == strings.TrimSpace(before) {
		return
	}
	base := filepath.Base(now)
	a.Form.SetValue(fieldTitle, strings.TrimSuffix(base, filepath.Ext(base)))
}

// save reads and checks the file, then adds it, in a command.
func (a *Add) save() tea.Cmd {
	v := a.Form.Values()
	path := a.Form.Path(fieldFile)
	kind, _ := model.ParsePatientDocKind(v[fieldKind])
	date, _ := readDate(v[fieldDate])
	title := strings.TrimSpace(v[fieldTitle])
	if title == "" {
		base := filepath.Base(path)
		title = strings.TrimSuffix(base, filepath.Ext(base))
	}
	d := model.PatientDocument{PatientID: a.patient.ID, Kind: kind, Title: title, Date: date}
	a.Saving = true
	owner, ctx, st, folder := a, a.env.Ctx, a.env.Store, a.env.Files
	return func() tea.Msg {
		orig, err := document.ReadForChart(folder, path)
		if err != nil {
			return addedMsg{owner: owner, err: fmt.Errorf("not added: %w", err)}
		}
		doc, err := st.AddPatientDocument(ctx, d, orig)
		return addedMsg{owner, doc, err}
	}
}

// Rename gives a document another title.
type Rename struct {
	components.FormHost
	env *screen.Env
	doc model.PatientDocument
}

var _ screen.Screen = (*Rename)(nil)

type renamedMsg struct {
	owner *Rename
	title string
	err   error
}

func newRename(env *screen.Env, d model.PatientDocument) *Rename {
	return &Rename{FormHost: components.NewFormHost(env, "the document"), env: env, doc: d}
}

// Init builds the form.
func (r *Rename) Init() tea.Cmd {
	f := components.NewForm(r.env.Styles, r.env.Keys, "Rename the "+lower(r.doc.Kind)+" “"+model.Printable(r.doc.Title)+"”",
		[]components.FieldSpec{{Key: fieldTitle, Label: "Title", Value: r.doc.Title, CharLimit: model.MaxTitle}})
	f.Validate = func(v map[string]string) map[string]string {
		if strings.TrimSpace(v[fieldTitle]) == "" {
			return map[string]string{fieldTitle: "is required"}
		}
		return nil
	}
	r.SetForm(f)
	return nil
}

// Title names the screen.
func (r *Rename) Title() string { return "Rename" }

// Update handles a message.
func (r *Rename) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case renamedMsg:
		if msg.owner == r {
			return r, r.Saved(msg.err, fmt.Sprintf("Renamed it “%s”.", model.Printable(msg.title)), 0)
		}
	case tea.KeyMsg:
		submitted, cmd := r.Key(msg)
		if !submitted {
			return r, cmd
		}
		r.Saving = true
		owner, ctx, st, id, title := r, r.env.Ctx, r.env.Store, r.doc.ID, strings.TrimSpace(r.Form.Value(fieldTitle))
		return r, func() tea.Msg { return renamedMsg{owner, title, st.RenamePatientDocument(ctx, id, title)} }
	}
	return r, nil
}
