package documents

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/document"
	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Page is one document of a chart: its details, what it says (a text
// document's text; of a PDF or an image, its pages), and its shares.
type Page struct {
	env     *screen.Env
	patient Patient
	id      int64
	keys    keys
	doc     model.PatientDocument
	shares  []model.Share
	text    []string // the lines of a text document, nil for the others
	loaded  bool
	loading bool
	failed  error
	scroll  int // the first line of the text shown
	now     time.Time
	ops     ops

	width, height int
}

var _ screen.Screen = (*Page)(nil)

type pageMsg struct {
	owner  *Page
	doc    model.PatientDocument
	shares []model.Share
	text   []string
	now    time.Time
	err    error
}

// NewPage returns the page of document id of patient p; Init loads it.
func NewPage(env *screen.Env, p Patient, id int64) *Page {
	pg := &Page{env: env, patient: p, id: id, keys: newKeys()}
	pg.ops = ops{env: env, patient: p, keys: &pg.keys}
	return pg
}

// Init loads the document, its text and its shares.
func (p *Page) Init() tea.Cmd {
	p.loading = true
	owner, ctx, st, id := p, p.env.Ctx, p.env.Store, p.id
	return func() tea.Msg {
		d, err := st.GetPatientDocument(ctx, id)
		if err != nil {
			return pageMsg{owner: owner, err: err}
		}
		var text []string
		if d.Format == model.DocText {
			b, err := st.DocumentData(ctx, d.DocumentID)
			if err != nil {
				return pageMsg{owner: owner, err: err}
			}
			text = strings.Split(strings.TrimRight(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n"), "\n")
		}
		shares, err := st.Shares(ctx, store.ShareFilter{DocumentID: id})
		return pageMsg{owner, d, shares, text, store.ClockNow(ctx), err}
	}
}

// Title names the screen.
func (p *Page) Title() string {
	if !p.loaded {
		return "Document"
	}
	return model.Printable(p.doc.Title)
}

// Busy reports the page loading, or a share under way.
func (p *Page) Busy() bool { return p.loading || p.ops.busy() }

// Capturing reports a picker or a question open.
func (p *Page) Capturing() bool { return p.ops.open() }

// SetSize sets the screen's size.
func (p *Page) SetSize(w, h int) {
	p.width, p.height = w, h
	p.ops.setSize(w, h)
}

// Update handles a message.
func (p *Page) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pageMsg:
		if msg.owner != p {
			return p, nil
		}
		p.loading = false
		if msg.err != nil {
			p.failed = msg.err
			return p, nil
		}
		p.doc, p.shares, p.text, p.now, p.loaded, p.failed = msg.doc, msg.shares, msg.text, msg.now, true, nil
		return p, nil
	case screen.DataChangedMsg:
		return p, p.Init()
	case tea.KeyMsg:
		if p.ops.open() {
			return p, p.ops.update(msg)
		}
		k := p.env.Keys
		switch {
		case key.Matches(msg, k.Back):
			p.env.Nav.Pop()
		case !p.loaded:
		case key.Matches(msg, k.Up):
			p.scroll = max(0, p.scroll-1)
		case key.Matches(msg, k.Down):
			p.scroll = min(max(0, len(p.text)-1), p.scroll+1)
		case key.Matches(msg, k.PageDown):
			p.scroll = min(max(0, len(p.text)-1), p.scroll+max(1, p.height/2))
		case key.Matches(msg, k.PageUp):
			p.scroll = max(0, p.scroll-max(1, p.height/2))
		default:
			return p, p.ops.key(msg, p.doc)
		}
		return p, nil
	}
	return p, p.ops.update(msg)
}

// View draws the page.
func (p *Page) View() string {
	st := p.env.Styles
	switch {
	case errors.Is(p.failed, store.ErrNotFound):
		return components.PlaceLines(st.Dim.Render("This document no longer exists. esc goes back."), p.height)
	case p.failed != nil:
		return components.PlaceLines(st.Error.Render("Could not read the document: "+p.failed.Error()+". esc goes back."), p.height)
	case !p.loaded:
		return components.PlaceLines(st.Dim.Render("Reading the document…"), p.height)
	}
	d := p.doc
	w := p.width
	row := func(label, value string) string {
		return components.Truncate(st.Label.Render(fmt.Sprintf("%-10s", label))+" "+value, w)
	}
	title := d.Kind.Label() + " · " + model.Printable(d.Title)
	if d.Archived {
		title += " (archived)"
	}
	file := fmt.Sprintf("%s, %s", formatName(d.Format), document.Size(d.Size))
	if d.Name != "" {
		file += ", “" + model.Printable(d.Name) + "”"
	}
	out := []string{
		st.BoxTitle.Render(components.Truncate(title, w)),
		row("Patient", p.patient.Name),
		row("Date", d.Date.String()),
		row("Pages", fmt.Sprintf("%d (%s)", d.Pages, file)),
		row("Added", fmt.Sprintf("by %s on %s", model.Printable(d.AddedBy), d.Created.Local().Format("2006-01-02 15:04"))),
	}
	if d.FaxID != 0 {
		out = append(out, row("Filed", fmt.Sprintf("from received fax %d, which stays in the fax history", d.FaxID)))
	}
	out = append(out, st.Header.Render(fmt.Sprintf("Shares (%d)", len(p.shares))))
	if len(p.shares) == 0 {
		out = append(out, st.Dim.Render(components.Truncate("  Not shared: s shares it with a contact.", w)))
	}
	shown := p.shares
	if len(shown) > 5 {
		shown = shown[:4]
	}
	for _, line := range shareLines(shown, p.now, w, st.Row) {
		out = append(out, components.Truncate(line, w))
	}
	if len(shown) < len(p.shares) {
		out = append(out, st.Dim.Render(fmt.Sprintf("  … and %d more on the Shares screen", len(p.shares)-len(shown))))
	}
	out = append(out, st.HRule(w))
	out = append(out, p.body()...)
	return p.ops.overlay(components.PlaceLines(strings.Join(out, "\n"), p.height))
}

// body is what the document says: a text document's lines from the
// scroll, or what a PDF or an image is.
func (p *Page) body() []string {
	st := p.env.Styles
	d := p.doc
	if p.text == nil {
		// A PDF's text is not read out here: pdfcpu gives a page's drawing,
		// not its words, and a letter's fonts name glyphs, not letters.
		what := "a PDF"
		switch d.Format {
		case model.DocTIFF, model.DocPNG, model.DocJPEG:
			what = "a scanned image (" + formatName(d.Format) + ")"
		}
		return []string{st.Dim.Render(components.Truncate(fmt.Sprintf("%s of %d %s: its text is not shown here, only its page count; the portal shows it to a contact it is shared with.",
			screen.Sentence(what), d.Pages, plural(d.Pages, "page")), p.width))}
	}
	out := []string{st.Header.Render("What it says")}
	room := max(1, p.height-p.headLines()-1)
	for i := p.scroll; i < len(p.text) && i < p.scroll+room; i++ {
		out = append(out, components.Truncate(model.Printable(p.text[i]), p.width))
	}
	return out
}

// headLines are the lines drawn above the body.
func (p *Page) headLines() int {
	n := 6 + max(1, min(5, len(p.shares))) + 1
	if p.doc.FaxID != 0 {
		n++
	}
	return n
}

// shareLines are the page's lines of shares, their columns aligned: to
// whom, the state now, and since when.
func shareLines(shares []model.Share, now time.Time, width int, plain lipgloss.Style) []string {
	type line struct{ who, state, when string }
	lines := make([]line, len(shares))
	cols := []components.Column{{Min: 12}, {Min: 6}, {Fixed: true}}
	for i, sh := range shares {
		who := model.Printable(sh.Name)
		if sh.Email != "" {
			who += " <" + model.Printable(sh.Email) + ">"
		}
		state := sh.StateAt(now)
		stamp := func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }
		when := ""
		switch {
		case state == model.ShareOpened:
			when = stamp(sh.Opened)
		case state == model.ShareRevoked:
			when = stamp(sh.Revoked)
		case state == model.ShareExpired:
			when = "sent " + stamp(sh.Sent)
		case !sh.Sent.IsZero():
			when = stamp(sh.Sent)
		}
		label := state.Label()
		if state == model.ShareNotDelivered && sh.Reason != "" {
			label += ": " + model.Printable(sh.Reason)
		}
		lines[i] = line{who, label, when}
		cols[0].Need = max(cols[0].Need, components.TextWidth(who))
		cols[1].Need = max(cols[1].Need, components.TextWidth(label))
		cols[2].Need = max(cols[2].Need, components.TextWidth(when))
	}
	ws := components.Layout(width, cols)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight("  "+components.Cell(l.who, ws[0], nil, plain, plain)+" "+
			components.Cell(l.state, ws[1], nil, plain, plain)+" "+l.when, " ")
	}
	return out
}

func formatName(k model.DocumentKind) string {
	switch k {
	case model.DocPDF:
		return "PDF"
	case model.DocTIFF:
		return "TIFF"
	case model.DocText:
		return "text"
	case model.DocPNG:
		return "PNG"
	case model.DocJPEG:
		return "JPEG"
	}
	return string(k)
}

func plural(n int, one string) string {
	if n == 1 {
		return one
	}
	return one + "s"
}

// ShortHelp is the help bar's content.
func (p *Page) ShortHelp() []key.Binding {
	if h := p.ops.shortHelp(); h != nil {
		return h
	}
	archive := p.keys.archive
	if p.doc.Archived {
		archive.SetHelp(archive.Help().Key, "restore")
	}
	return []key.Binding{p.keys.share, p.keys.rename, p.keys.kind, archive, p.env.Keys.Back}
}

// FullHelp is the help screen's content.
func (p *Page) FullHelp() [][]key.Binding {
	k := p.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, p.ShortHelp()}
}

// Actions are the page's commands for the palette.
func (p *Page) Actions() []screen.Action { return p.ops.actions(p.doc, p.loaded) }
