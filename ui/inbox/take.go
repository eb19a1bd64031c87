package inbox

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Take is the form for a patient's message taken by phone: it is routed
// as a portal's message is.
type Take struct {
	components.FormHost
	env  *screen.Env
	cats []string
}

var _ screen.Screen = (*Take)(nil)

type (
	categoriesMsg struct {
		owner *Take
		cats  []model.Category
		err   error
	}
	takenMsg struct {
		owner *Take
		d     store.Delivered
		err   error
	}
)

// NewTake returns the form; Init reads the categories.
func NewTake(env *screen.Env) *Take {
	return &Take{FormHost: components.NewFormHost(env, "the message"), env: env}
}

// Init reads the categories offered.
func (t *Take) Init() tea.Cmd {
	owner, env := t, t.env
	return func() tea.Msg {
		cs, err := env.Store.Categories(env.Ctx, false)
		return categoriesMsg{owner, cs, err}
	}
}

// Title names the screen.
func (t *Take) Title() string { return "Message by phone" }

func (t *Take) category(v string) (string, bool) {
	for _, c := range t.cats {
		if model.Fold(strings.TrimSpace(v)) == model.Fold(c) {
			return c, true
		}
	}
	// A start that names one category only is enough.
	var found []string
	for _, c := range t.cats {
		if v != "" && strings.HasPrefix(model.Fold(c), model.Fold(strings.TrimSpace(v))) {
			found = append(found, c)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

// Update handles a message.
func (t *Take) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case categoriesMsg:
		if msg.owner != t {
			break
		}
		if msg.err != nil {
			t.Failed = msg.err
			break
		}
		for _, c := range msg.cats {
			t.cats = append(t.cats, c.Name)
		}
		f := components.NewForm(t.env.Styles, t.env.Keys, "A patient's message, taken by phone", []components.FieldSpec{
			{Key: "chart", Label: "Patient chart", CharLimit: 40, Hint: "the patient's chart number"},
			{Key: "category", Label: "Category", CharLimit: 60, Options: t.cats, Hint: "enter picks: " + strings.Join(t.cats, ", ")},
			{Key: "subject", Label: "Subject", CharLimit: 200},
			{Key: "body", Label: "Message", CharLimit: 4000},
		})
		f.Validate = func(v map[string]string) map[string]string {
			p := map[string]string{}
			if strings.TrimSpace(v["chart"]) == "" {
				p["chart"] = "the chart number is needed"
			}
			if _, ok := t.category(v["category"]); !ok {
				p["category"] = "one of the categories"
			}
			if strings.TrimSpace(v["subject"]) == "" && strings.TrimSpace(v["body"]) == "" {
				p["subject"] = "a subject or a message"
			}
			return p
		}
		t.SetForm(f)
	case takenMsg:
		if msg.owner != t {
			break
		}
		err := msg.err
		if err == nil {
			err = msg.d.Err
		}
		if err != nil {
			t.Saving = false
			t.Form.Notice, t.Form.NoticeErr = screen.Sentence(err.Error())+".", true
			return t, nil
		}
		var names []string
		for _, u := range msg.d.To {
			names = append(names, u.Name)
		}
		return t, t.Saved(nil, fmt.Sprintf("Message %d routed to %s.", msg.d.ID, strings.Join(names, ", ")), 0)
	case tea.KeyMsg:
		submitted, cmd := t.Key(msg)
		if !submitted {
			return t, cmd
		}
		v := t.Form.Values()
		cat, _ := t.category(v["category"])
		in := store.MessageIn{Chart: strings.TrimSpace(v["chart"]), Category: cat, Subject: v["subject"], Body: v["body"], Source: "phone"}
		t.Saving = true
		owner, env := t, t.env
		return t, func() tea.Msg {
			got, err := env.Store.IngestMessages(env.Ctx, []store.MessageIn{in})
			if err != nil {
				return takenMsg{owner, store.Delivered{}, err}
			}
			return takenMsg{owner, got[0], nil}
		}
	}
	return t, nil
}

// ShortHelp is the help bar's content.
func (t *Take) ShortHelp() []key.Binding { return t.FormHost.ShortHelp() }
