// Package staff is the Staff screen, for admins: the users (providers
// and other staff) with their roles, and the staff groups with their
// members; forms to add and edit both.
package staff

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Screen lists the users, or the groups (g switches).
type Screen struct {
	env         *screen.Env
	dir         model.Directory
	users       []model.User
	groups      []model.StaffGroup
	loaded      bool
	err         error
	gen         int
	groupsShown bool
	cursor      int
	offset      int
	width       int
	height      int
}

var _ screen.Screen = (*Screen)(nil)

type dirMsg struct {
	owner *Screen
	gen   int
	d     model.Directory
	err   error
}

var switchKey = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "users/groups"))

// New returns the Staff screen; Init reads the staff.
func New(env *screen.Env) *Screen { return &Screen{env: env} }

// Init reads the users and groups.
func (s *Screen) Init() tea.Cmd {
	s.gen++
	owner, gen, env := s, s.gen, s.env
	return func() tea.Msg {
		d, err := env.Store.Directory(env.Ctx)
		return dirMsg{owner, gen, d, err}
	}
}

func (s *Screen) Title() string    { return "Staff" }
func (s *Screen) Busy() bool       { return !s.loaded && s.err == nil }
func (s *Screen) Capturing() bool  { return false }
func (s *Screen) SetSize(w, h int) { s.width, s.height = w, h }

func (s *Screen) rowsShown() int { return max(1, s.height-3) }

func (s *Screen) count() int {
	if s.groupsShown {
		return len(s.groups)
	}
	return len(s.users)
}

func (s *Screen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case dirMsg:
		if msg.owner != s || msg.gen != s.gen {
			break
		}
		s.loaded, s.err = true, msg.err
		if msg.err == nil {
			s.dir = msg.d
			s.users, s.groups = msg.d.SortedUsers(), msg.d.SortedGroups()
			s.cursor = max(0, min(s.cursor, s.count()-1))
		}
	case screen.DataChangedMsg:
		return s, s.Init()
	case tea.KeyMsg:
		k := s.env.Keys
		switch {
		case key.Matches(msg, k.Up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, k.Down):
			s.cursor = max(0, min(s.count()-1, s.cursor+1))
		case key.Matches(msg, k.Top):
			s.cursor = 0
		case key.Matches(msg, k.Bottom):
			s.cursor = max(0, s.count()-1)
		case key.Matches(msg, switchKey):
			s.groupsShown, s.cursor, s.offset = !s.groupsShown, 0, 0
		case key.Matches(msg, k.New):
			if s.groupsShown {
				s.env.Nav.Push(newGroupForm(s.env, model.StaffGroup{}, s.users))
			} else {
				s.env.Nav.Push(newUserForm(s.env, model.User{Kind: model.KindStaff, Active: true}))
			}
		case key.Matches(msg, k.Edit), key.Matches(msg, k.Open):
			if s.cursor >= s.count() {
				return s, screen.Status("Nothing selected.")
			}
			switch {
			case s.groupsShown:
				s.env.Nav.Push(newGroupForm(s.env, s.groups[s.cursor], s.users))
			case key.Matches(msg, k.Open): // the user's page, with their SSH keys
				s.env.Nav.Push(newUserPage(s.env, s.users[s.cursor]))
			default:
				s.env.Nav.Push(newUserForm(s.env, s.users[s.cursor]))
			}
		case key.Matches(msg, k.Back):
			s.env.Nav.Pop()
		}
		if s.cursor < s.offset {
			s.offset = s.cursor
		}
		if s.cursor >= s.offset+s.rowsShown() {
			s.offset = s.cursor - s.rowsShown() + 1
		}
	}
	return s, nil
}

func roleLabels(rs []model.Role) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Label()
	}
	return strings.Join(out, ", ")
}

func (s *Screen) View() string {
	st := s.env.Styles
	switch {
	case s.err != nil:
		return st.Error.Render(screen.Sentence("the staff cannot be read: " + s.err.Error()))
	case !s.loaded:
		return st.Dim.Render("Reading the staff…")
	}
	var head string
	var rows [][]string
	var widths []int
	if s.groupsShown {
		widths = []int{20, max(10, components.Room(s.width, 2)-20)}
		head = components.TableHeader(st, []string{"Group", "Members"}, widths, s.width)
		for _, g := range s.groups {
			var names []string
			for _, m := range g.Members {
				u := s.dir.Users[m]
				n := u.Name
				if !u.Active {
					n += " (inactive)"
				}
				names = append(names, n)
			}
			rows = append(rows, []string{g.Name, orNone(strings.Join(names, ", "), "nobody")})
		}
	} else {
		widths = []int{20, 14, 8, 0, 8}
		widths[3] = max(8, components.Room(s.width, 5)-widths[0]-widths[1]-widths[2]-widths[4])
		head = components.TableHeader(st, []string{"Name", "Login", "Kind", "Roles", "Active"}, widths, s.width)
		for _, u := range s.users {
			active := "yes"
			if !u.Active {
				active = "no"
			}
			rows = append(rows, []string{u.Name, u.Username, string(u.Kind), orNone(roleLabels(u.Roles), "none"), active})
		}
	}
	var lines []string
	for i := s.offset; i < len(rows) && i < s.offset+s.rowsShown(); i++ {
		lines = append(lines, components.Row(rows[i], widths, st.ListRow(i == s.cursor), "", s.width))
	}
	what := fmt.Sprintf("%d users · tab shows the groups", len(s.users))
	if s.groupsShown {
		what = fmt.Sprintf("%d groups · tab shows the users", len(s.groups))
	}
	top := st.Dim.Render(components.Truncate(what+" · n new · e edit", s.width))
	return top + "\n" + head + "\n" + components.PlaceLines(strings.Join(lines, "\n"), s.rowsShown())
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

func (s *Screen) ShortHelp() []key.Binding {
	k := s.env.Keys
	n := k.New
	n.SetHelp(n.Help().Key, "new")
	if s.groupsShown {
		return []key.Binding{k.Edit, n, switchKey, k.Back}
	}
	open := k.Open
	open.SetHelp(open.Help().Key, "SSH keys")
	return []key.Binding{open, k.Edit, n, switchKey, k.Back}
}

func (s *Screen) FullHelp() [][]key.Binding {
	k := s.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, s.ShortHelp()}
}

func (s *Screen) Actions() []screen.Action {
	k := s.env.Keys
	return []screen.Action{
		{Name: "New user or group", Key: k.New, Need: model.PermStaff},
		{Name: "Edit the user or group", Key: k.Edit, Need: model.PermStaff},
		{Name: "Open the user (SSH keys) or group", Key: k.Open, Need: model.PermStaff},
		{Name: "Show the users or the groups", Key: switchKey},
	}
}
