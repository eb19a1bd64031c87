package app

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/screen"
	"frontdesk/ui/shares"
)

// openedMsg brings the acting user's shares first opened since they were
// last told.
type openedMsg []model.Share

// takeOpened reads the acting user's shares opened since they were last
// told (and marks them told), for the status line.
func (m *Model) takeOpened() tea.Cmd {
	ctx, st := m.env.Ctx, m.env.Store
	who := m.env.User().Username
	if who == "" {
		who = store.Actor(ctx)
	}
	if who == "" {
		return nil
	}
	return func() tea.Msg {
		opened, err := st.TakeOpenedShares(ctx, who)
		if err != nil || len(opened) == 0 {
			return nil // a busy moment: the next change asks again
		}
		return openedMsg(opened)
	}
}

// openedNote is the status line's news of shares opened: the one, or how
// many, naming the tab to see them in.
func (m *Model) openedNote(opened openedMsg) string {
	if len(opened) == 1 {
		sh := opened[0]
		return model.Printable(fmt.Sprintf("%s opened the %s “%s” you shared", sh.Name, kindWord(sh.DocumentKind), sh.DocumentTitle))
	}
	tab := m.tabOf(isShares)
	num, name, _ := strings.Cut(tab, " ")
	return fmt.Sprintf("%d of your shares were opened: see %s (%s)", len(opened), name, num)
}

// kindWord is a document's kind inside a sentence: "lab result".
func kindWord(k model.PatientDocKind) string {
	l := k.Label()
	if l == "" {
		return "document"
	}
	return strings.ToLower(l[:1]) + l[1:]
}

func isShares(s screen.Screen) bool { _, ok := s.(*shares.List); return ok }
