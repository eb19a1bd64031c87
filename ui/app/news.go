package app

import (
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/ui/faxes"
	"frontdesk/ui/screen"
)

type (
	unreadMsg struct {
		n          int
		session    screen.Session // the acting user (roles, active) and settings as saved now
		unanswered int            // faxes waiting for a gateway that has not answered
	}
)

// waitMsg is what a write of this session waits for, "" when it is over.
type waitMsg string

// listenWaits waits for the next notice of a write waiting for the lock.
func (m *Model) listenWaits() tea.Cmd {
	ctx, waits := m.env.Ctx, m.waits
	return func() tea.Msg {
		select {
		case w := <-waits:
			return waitMsg(w)
		case <-ctx.Done():
			return nil
		}
	}
}

// awaitChange waits for the watcher's next change; nothing comes once the
// subscription is closed.
func (m *Model) awaitChange() tea.Cmd {
	if m.changes == nil {
		return nil
	}
	c := m.changes.C()
	return func() tea.Msg {
		if ch, ok := <-c; ok {
			return ch
		}
		return nil
	}
}

// countUnread reads how many messages the acting user has not read, and
// the user and the settings again: an admin may have changed their roles,
// another session the clinic's region.
func (m *Model) countUnread() tea.Cmd {
	ctx, st, now := m.env.Ctx, m.env.Store, m.env.Session()
	return func() tea.Msg {
		region, err := st.Region(ctx)
		if err != nil {
			return nil // a busy moment: the next change reads again
		}
		now.Region = region
		if now.User.ID == 0 {
			return screen.SessionMsg{Session: now}
		}
		u, err := st.User(ctx, now.User.ID)
		if err != nil {
			return nil
		}
		now.User = u
		n, err := st.UnreadCount(ctx, u.ID)
		if err != nil {
			return nil
		}
		waiting, _ := st.Unanswered(ctx, faxes.UnansweredAfter)
		return unreadMsg{n, now, waiting}
	}
}

// applySession makes s the session's user and settings, and tells every
// screen when they changed. Commands already running keep what they copied.
func (m *Model) applySession(s screen.Session) tea.Cmd {
	if sameSession(s, m.env.Session()) {
		return nil
	}
	m.env.Apply(s)
	return m.broadcast(screen.SessionMsg{Session: s})
}

func sameSession(a, b screen.Session) bool {
	return a.Region == b.Region && a.User.ID == b.User.ID && a.User.Name == b.User.Name &&
		a.User.Username == b.User.Username && a.User.Kind == b.User.Kind && a.User.Active == b.User.Active &&
		slices.Equal(a.User.Roles, b.User.Roles)
}
