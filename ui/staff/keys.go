package staff

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// keyLineLimit is how long a pasted key line may be: a 16384-bit RSA key
// with options and a comment still fits.
const keyLineLimit = 8192

// userPage is one user's page: who they are and the SSH keys they sign in
// to the clinic server with, which an admin adds and removes here.
type userPage struct {
	env     *screen.Env
	u       model.User
	keys    []model.UserKey
	loaded  bool
	err     error
	gen     int
	cursor  int
	confirm *components.Confirm

	// The add field: open while adding, with what the pasted line parses
	// to (or why it does not) and the store's refusal of the last save.
	adding  bool
	input   textinput.Model
	parsed  model.UserKey
	parseOK bool
	problem string
	saving  bool

	width, height int
}

var _ screen.Screen = (*userPage)(nil)

type userPageMsg struct {
	owner *userPage
	gen   int
	u     model.User
	keys  []model.UserKey
	err   error
}

type keyAddedMsg struct {
	owner *userPage
	k     model.UserKey
	err   error
}

func newUserPage(env *screen.Env, u model.User) *userPage {
	p := &userPage{env: env, u: u, width: 80, height: 20}
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "ssh-ed25519 AAAA… name@host"
	in.CharLimit = keyLineLimit
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = env.Styles.Renderer.NewStyle().Reverse(true)
	in.PlaceholderStyle = env.Styles.Dim
	in.PromptStyle = env.Styles.FocusedLabel
	in.TextStyle = env.Styles.Value
	p.input = in
	return p
}

// Init reads the user (as it is now) and their keys.
func (p *userPage) Init() tea.Cmd {
	p.gen++
	owner, gen, ctx, st, id := p, p.gen, p.env.Ctx, p.env.Store, p.u.ID
	return func() tea.Msg {
		d, err := st.Directory(ctx)
		if err != nil {
			return userPageMsg{owner: owner, gen: gen, err: err}
		}
		u, ok := d.Users[id]
		if !ok {
			return userPageMsg{owner: owner, gen: gen, err: store.ErrNotFound}
		}
		keys, err := st.UserKeys(ctx, id)
		return userPageMsg{owner, gen, u, keys, err}
	}
}

func (p *userPage) Title() string    { return p.u.Name }
func (p *userPage) Busy() bool       { return (!p.loaded && p.err == nil) || p.saving }
func (p *userPage) Capturing() bool  { return p.adding || p.confirm != nil }
func (p *userPage) SetSize(w, h int) { p.width, p.height = w, h; p.input.Width = max(10, w-3) }

func (p *userPage) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case userPageMsg:
		if msg.owner != p || msg.gen != p.gen {
			break
		}
		p.loaded, p.err = true, msg.err
		if msg.err == nil {
			p.u, p.keys = msg.u, msg.keys
			p.cursor = max(0, min(p.cursor, len(p.keys)-1))
		}
	case keyAddedMsg:
		if msg.owner != p {
			break
		}
		p.saving = false
		if msg.err != nil {
			p.problem = screen.Sentence(msg.err.Error())
			return p, nil
		}
		p.closeField()
		done := screen.Done(fmt.Sprintf("Added to %s: the key %s.", p.u.Name, msg.k.Fingerprint), nil, 0)
		return p, func() tea.Msg { return done }
	case screen.DataChangedMsg:
		return p, p.Init()
	case tea.KeyMsg:
		if p.confirm != nil {
			closed, cmd := p.confirm.Update(msg)
			if closed {
				p.confirm = nil
			}
			return p, cmd
		}
		if p.adding {
			return p, p.fieldKey(msg)
		}
		return p, p.key(msg)
	}
	return p, nil
}

func (p *userPage) key(msg tea.KeyMsg) tea.Cmd {
	k := p.env.Keys
	if key.Matches(msg, k.Back) {
		p.env.Nav.Pop()
		return nil
	}
	if !p.loaded || p.err != nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(msg, k.Down):
		p.cursor = max(0, min(len(p.keys)-1, p.cursor+1))
	case key.Matches(msg, k.Edit):
		p.env.Nav.Push(newUserForm(p.env, p.u))
	case key.Matches(msg, k.AddKey):
		p.adding, p.problem = true, ""
		p.input.SetValue("")
		p.reparse()
		return p.input.Focus()
	case key.Matches(msg, k.RemoveKey):
		if len(p.keys) == 0 {
			return screen.Status(p.u.Name + " has no key to remove.")
		}
		p.askRemove(p.keys[p.cursor])
	}
	return nil
}

// fieldKey handles a key while the add field is open: enter or ctrl+s
// saves, esc closes it, anything else is text.
func (p *userPage) fieldKey(msg tea.KeyMsg) tea.Cmd {
	k := p.env.Keys
	switch {
	case key.Matches(msg, k.Back):
		p.closeField()
		return nil
	case key.Matches(msg, k.Save), key.Matches(msg, k.Open):
		return p.save()
	}
	if n := pastedKeys(msg); n > 1 {
		// The field would join the lines into one, the second key read
		// as the first one's comment.
		p.problem = fmt.Sprintf("That paste holds %d lines: paste one key at a time (one line of the .pub file).", n)
		return nil
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.problem = "" // the refusal was of the line as it was
	p.reparse()
	return cmd
}

// pastedKeys counts the lines that are not blank in a paste.
func pastedKeys(msg tea.KeyMsg) int {
	if !msg.Paste {
		return 0
	}
	n := 0
	for _, l := range strings.Split(string(msg.Runes), "\n") {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

// reparse shows what the line in the field is, before it is saved:
// parsing reads nothing, so it runs at every key.
func (p *userPage) reparse() {
	var err error
	p.parsed, err = store.ParseKey(p.input.Value())
	p.parseOK = err == nil
}

func (p *userPage) save() tea.Cmd {
	if p.saving {
		return nil
	}
	line := p.input.Value()
	if _, err := store.ParseKey(line); err != nil {
		p.problem = screen.Sentence(err.Error())
		return nil
	}
	p.saving, p.problem = true, ""
	owner, ctx, st, id, login := p, p.env.Ctx, p.env.Store, p.u.ID, p.u.Username
	return func() tea.Msg {
		k, err := st.AddUserKey(ctx, id, line)
		var taken *store.KeyTakenError
		if errors.As(err, &taken) && taken.Username == login {
			err = fmt.Errorf("%s already has the key %s", login, taken.Fingerprint)
		}
		return keyAddedMsg{owner, k, err}
	}
}

func (p *userPage) closeField() {
	p.adding, p.problem, p.parseOK = false, "", false
	p.input.SetValue("")
	p.input.Blur()
}

func (p *userPage) askRemove(uk model.UserKey) {
	env, name := p.env, p.u.Name
	others := "It is their only key: without another, they cannot sign in over SSH."
	if n := len(p.keys) - 1; n > 0 {
		others = fmt.Sprintf("Their other keys (%d) still work.", n)
	}
	what := uk.Fingerprint
	if uk.Comment != "" {
		what += " (" + uk.Comment + ")"
	}
	p.confirm = components.NewConfirm(env.Styles, env.Keys,
		fmt.Sprintf("Remove the key %s from %s?", what, name), "remove",
		func() tea.Cmd {
			ctx, st := env.Ctx, env.Store
			return func() tea.Msg {
				if _, err := st.RemoveUserKey(ctx, uk.Fingerprint); err != nil {
					return screen.Done("", fmt.Errorf("the key %s was not removed: %w", uk.Fingerprint, err), 0)
				}
				return screen.Done(fmt.Sprintf("Removed from %s: the key %s.", name, uk.Fingerprint), nil, 0)
			}
		}, name+" can no longer sign in with it.", others)
}

func (p *userPage) View() string {
	st := p.env.Styles
	switch {
	case p.err != nil:
		return components.PlaceLines(st.Error.Render(screen.Sentence("the user cannot be read: "+p.err.Error()+". esc goes back.")), p.height)
	case !p.loaded:
		return components.PlaceLines(st.Dim.Render("Reading "+p.u.Name+"…"), p.height)
	}
	u := p.u
	active := "active"
	if !u.Active {
		active = "inactive: cannot sign in"
	}
	out := []string{
		st.BoxTitle.Render(components.Truncate(u.Name, p.width)),
		st.Dim.Render(components.Truncate(fmt.Sprintf("%s · %s · %s · %s", u.Username, u.Kind, orNone(roleLabels(u.Roles), "no role"), active), p.width)),
		st.HRule(p.width),
	}
	if p.adding {
		out = append(out, p.fieldView()...)
		out = append(out, st.HRule(p.width))
	}
	out = append(out, st.Header.Render(components.Truncate(fmt.Sprintf("SSH keys (%d)", len(p.keys)), p.width)))
	if len(p.keys) == 0 {
		out = append(out, st.Dim.Render(components.Truncate("None yet: n adds one, pasted from the user's .pub file.", p.width)),
			st.Dim.Render(components.Truncate("Without a key the user cannot sign in over SSH.", p.width)))
	}
	out = append(out, p.keyLines(max(2, p.height-len(out)))...)
	body := components.PlaceLines(strings.Join(out, "\n"), p.height)
	if p.confirm != nil {
		body = components.Overlay(body, p.confirm.View(p.width), p.width, p.height)
	}
	return body
}

// keyLines draws the keys, scrolled so that the selected one is within
// room lines.
func (p *userPage) keyLines(room int) []string {
	if len(p.keys) == 0 {
		return nil
	}
	blocks := make([][]string, len(p.keys))
	for i, k := range p.keys {
		blocks[i] = p.keyBlock(k, i == p.cursor)
	}
	first, used := p.cursor, 0
	for first >= 0 && used+len(blocks[first]) <= room {
		used += len(blocks[first])
		first--
	}
	first = min(p.cursor, first+1)
	var out []string
	for i := first; i < len(blocks) && len(out)+len(blocks[i]) <= max(room, len(blocks[first])); i++ {
		out = append(out, blocks[i]...)
	}
	return out
}

// keyBlock is one key: its fingerprint (never cut: it is what people
// compare) and comment, then the rest on as many lines as the width needs.
func (p *userPage) keyBlock(k model.UserKey, selected bool) []string {
	st := p.env.Styles
	used := "never"
	if !k.LastUsed.IsZero() {
		used = k.LastUsed.Local().Format("2006-01-02 15:04")
	}
	head, comment := k.Fingerprint+"  "+orNone(k.Comment, "(no comment)"), []string(nil)
	if components.TextWidth(head)+2 > p.width { // the comment goes under it, whole
		head, comment = k.Fingerprint, []string{orNone(k.Comment, "(no comment)")}
	}
	out := []string{components.MarkedLine(head, st.ListRow(selected), p.width)}
	for _, l := range pack(append(comment, k.Type, "added by "+k.AddedBy+" "+k.AddedAt.Local().Format("2006-01-02 15:04"),
		"last used "+used), " · ", p.width-4) {
		out = append(out, st.Dim.Render(components.Truncate("    "+l, p.width)))
	}
	return out
}

// pack joins parts with sep into as few lines of at most width cells as
// it can, without breaking a part.
func pack(parts []string, sep string, width int) []string {
	var lines []string
	line := ""
	for _, part := range parts {
		switch {
		case line == "":
			line = part
		case components.TextWidth(line+sep+part) <= width:
			line += sep + part
		default:
			lines = append(lines, line)
			line = part
		}
	}
	return append(lines, line)
}

// fieldView is the add field with what the line parses to under it.
func (p *userPage) fieldView() []string {
	st := p.env.Styles
	wrap := st.Renderer.NewStyle().Width(max(10, p.width-2))
	out := []string{
		st.FocusedLabel.Render(components.Truncate("Add a key: paste a line of the user's .pub file", p.width)),
		p.input.View(),
	}
	switch {
	case p.problem != "":
		out = append(out, st.Error.Render(wrap.Render(p.problem)))
	case p.saving:
		out = append(out, st.Dim.Render("Saving…"))
	case p.parseOK:
		fp := p.parsed.Fingerprint
		if components.TextWidth("  Fingerprint "+fp) <= p.width {
			out = append(out, "  "+st.Label.Render("Fingerprint ")+st.Value.Render(fp))
		} else { // the fingerprint whole on a line of its own, never cut
			out = append(out, "  "+st.Label.Render("Fingerprint"), "  "+st.Value.Render(fp))
		}
		out = append(out, components.Truncate("  "+st.Label.Render("Comment     ")+st.Value.Render(orNone(p.parsed.Comment, "(none)"))+
			st.Dim.Render("  "+p.parsed.Type), p.width))
	case strings.TrimSpace(p.input.Value()) != "":
		out = append(out, st.Dim.Render(components.Truncate("Not a whole key yet: enter shows why.", p.width)))
	}
	return append(out, st.Hint.Render(components.Truncate("enter saves the key · esc cancels", p.width)))
}

func (p *userPage) ShortHelp() []key.Binding {
	if p.confirm != nil {
		return p.confirm.ShortHelp()
	}
	k := p.env.Keys
	if p.adding {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("enter", "save key")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}
	}
	edit := k.Edit
	edit.SetHelp(edit.Help().Key, "edit user")
	return []key.Binding{k.AddKey, k.RemoveKey, edit, k.Back}
}

func (p *userPage) FullHelp() [][]key.Binding {
	k := p.env.Keys
	return [][]key.Binding{{k.Up, k.Down}, p.ShortHelp()}
}

func (p *userPage) Actions() []screen.Action {
	k := p.env.Keys
	none := ""
	if len(p.keys) == 0 {
		none = "the user has no key"
	}
	return []screen.Action{
		{Name: "Add an SSH key (paste a .pub line)", Key: k.AddKey, Need: model.PermStaff},
		{Name: "Remove the selected SSH key", Key: k.RemoveKey, Disabled: none, Need: model.PermStaff},
		{Name: "Edit the user", Key: k.Edit, Need: model.PermStaff},
	}
}
