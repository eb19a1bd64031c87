package importwiz

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/importer"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// runStep writes the plan with a progress bar, then shows the summary: what
// was imported, the rejected rows (which it can save as a CSV next to the
// source), and the way to undo the import.
type runStep struct {
	w       *wizard
	job     *job
	done    int
	rate    importer.Rate // the pace of the writing
	pace    string        // in words
	err     error
	running bool
	saved   string // where the rejected rows went
	rejPath string // where they would go
	undone  bool
	note    string // the outcome of the last action, or its error
	noteErr bool

	width, height int
}

type importedMsg struct {
	batch store.ImportBatch
	err   error
}

type savedMsg struct {
	owner *runStep
	path  string
	err   error
}

type undoneMsg struct {
	owner *runStep
	n     int
	err   error
}

func newRunStep(w *wizard) *runStep { return &runStep{w: w} }

func (r *runStep) Init() tea.Cmd {
	ctx, st, plan := r.w.env.Ctx, r.w.env.Store, r.w.plan
	r.running = true
	var cmd tea.Cmd
	r.rate, r.pace = importer.Rate{}, ""
	r.job, cmd = startJob(func(progress func(int, float64)) tea.Msg {
		total := max(1, plan.total())
		b, err := plan.write(ctx, st, func(done, _ int) { progress(done, float64(done)/float64(total)) })
		return importedMsg{b, err}
	})
	return cmd
}

func (r *runStep) Title() string            { return stepTitle(5, "import") }
func (r *runStep) Capturing() bool          { return false }
func (r *runStep) Busy() bool               { return r.running }
func (r *runStep) Actions() []screen.Action { return noActions() }
func (r *runStep) SetSize(w, h int)         { r.width, r.height = w, h }

func (r *runStep) ShortHelp() []key.Binding {
	if r.running {
		return nil
	}
	if r.err != nil {
		return []key.Binding{bind("esc", "esc", "back")}
	}
	keys := []key.Binding{bind("enter", "enter", "done")}
	if len(r.w.plan.rejected()) > 0 {
		keys = append(keys, bind("s", "s", "save rejected "+r.w.unit()+"s"))
	}
	if !r.undone {
		keys = append(keys, bind("u", "u", "undo this import"))
	}
	return keys
}
func (r *runStep) FullHelp() [][]key.Binding { return [][]key.Binding{r.ShortHelp()} }

func (r *runStep) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case progressMsg:
		if msg.job != r.job {
			return r, nil
		}
		r.done = msg.done
		r.pace = r.rate.Line(msg.at, msg.done, msg.fraction, r.w.kind)
		return r, r.job.wait
	case importedMsg:
		r.running = false
		r.err = msg.err
		r.w.batch = msg.batch
		if msg.err != nil {
			return r, nil
		}
		r.done = r.w.plan.total()
		r.rejPath = r.w.plan.RejectedPath()
		text := fmt.Sprintf("Imported %s from %s.", r.w.plan.summary(msg.batch), filepath.Base(r.w.path))
		return r, func() tea.Msg { return screen.Done(text, nil, 0) }
	case savedMsg:
		if msg.owner == r {
			if msg.err != nil {
				r.note, r.noteErr = "Could not save the rejected "+r.w.unit()+"s: "+msg.err.Error(), true
			} else {
				r.saved, r.note, r.noteErr = msg.path, "Rejected "+r.w.unit()+"s saved to "+r.w.shownRel(msg.path), false
			}
		}
	case undoneMsg:
		if msg.owner == r {
			if msg.err != nil {
				r.note, r.noteErr = screen.Sentence(msg.err.Error())+".", true
			} else {
				r.undone = true
				note := fmt.Sprintf("Undone: %s removed.", plural(msg.n, strings.TrimSuffix(r.w.kind, "s")))
				r.note, r.noteErr = note, false
				return r, func() tea.Msg { return screen.Done(note, nil, 0) }
			}
		}
	case tea.KeyMsg:
		return r, r.key(msg)
	}
	return r, nil
}

func (r *runStep) key(msg tea.KeyMsg) tea.Cmd {
	if r.running {
		return nil
	}
	switch msg.String() {
	case "esc":
		if r.err != nil {
			r.w.env.Nav.Pop()
			return nil
		}
		r.w.env.Nav.Home()
	case "enter", "q":
		if r.err == nil {
			r.w.env.Nav.Home()
		}
	case "s":
		if r.err == nil && len(r.w.plan.rejected()) > 0 {
			owner, plan, path := r, r.w.plan, r.rejPath
			r.rejPath = plan.RejectedPath() // the next s must not reuse the name
			return func() tea.Msg { return savedMsg{owner, path, plan.SaveRejected(path)} }
		}
	case "u":
		if r.err == nil && !r.undone {
			owner, ctx, st, id := r, r.w.env.Ctx, r.w.env.Store, r.w.batch.ID
			return func() tea.Msg {
				n, err := st.UndoImport(ctx, id)
				return undoneMsg{owner, n, err}
			}
		}
	}
	return nil
}

// progressLine is "12,000 of 100,000 contacts · 8,000 contacts/s · 12% ·
// about 11 s left".
func (r *runStep) progressLine() string {
	line := fmt.Sprintf("%s of %s %s", importer.Thousands(r.done), importer.Thousands(r.w.plan.total()), r.w.kind)
	if r.pace != "" {
		line += " · " + r.pace
	}
	return line
}

// bar draws a progress bar of width cells, without colours needed.
func (r *runStep) bar(width int) string {
	st := r.w.env.Styles
	total := max(1, r.w.plan.total())
	filled := min(width, width*r.done/total)
	full, empty := "█", "░"
	if st.ASCII {
		full, empty = "#", "-"
	}
	return st.Match.Render(strings.Repeat(full, filled)) + st.Dim.Render(strings.Repeat(empty, width-filled)) +
		fmt.Sprintf(" %3d%%", 100*r.done/total)
}

func (r *runStep) View() string {
	st := r.w.env.Styles
	p := r.w.plan
	var lines []string
	switch {
	case r.running:
		lines = []string{st.BoxTitle.Render("Importing…"), "",
			r.bar(max(10, min(50, r.width-6))),
			st.Dim.Render(components.Truncate(r.progressLine(), r.width)),
			"", st.Dim.Render("All or nothing: until the end, the contact book is as it was.")}
	case r.err != nil:
		msg := r.err.Error()
		if errors.Is(r.err, store.ErrBusy) {
			msg = "the database was busy; try again"
		}
		lines = []string{st.Error.Render("Nothing was imported."), "", components.Truncate(screen.Sentence(msg), r.width),
			"", st.Dim.Render("esc goes back.")}
	default:
		b := r.w.batch
		title := "Imported"
		if r.undone {
			title = "Imported, then undone"
		}
		lines = []string{st.BoxTitle.Render(title), "",
			p.summary(b),
			fmt.Sprintf("%s skipped, %s rejected, %s", plural(p.duplicateCount(), "duplicate"), plural(len(p.rejected()), r.w.unit()),
				plural(len(p.warnings()), "warning")),
			""}
		if len(p.rejected()) > 0 && r.saved == "" {
			lines = append(lines, st.Dim.Render(components.Truncate("s saves the rejected "+r.w.unit()+"s, with their reasons, to "+filepath.Base(r.rejPath), r.width)))
		}
		if !r.undone {
			lines = append(lines, st.Dim.Render(fmt.Sprintf("u undoes the whole import while its %s are unchanged and unlinked.", r.w.kind)))
		}
		if r.note != "" {
			style := st.StatusOK
			if r.noteErr {
				style = st.Error
			}
			lines = append(lines, "", style.Render(components.Truncate(r.note, r.width)))
		}
	}
	return components.PlaceLines(strings.Join(lines, "\n"), r.height)
}

// plural says "1 row", "2 rows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// people says "1 person", "2 people".
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}
