package contacts

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// linkChoice is a patient or an employer a contact can be linked to.
type linkChoice struct {
	title    string
	detail   string
	patient  int64
	employer int64
}

// linkPicker is the picker of `p`: it links a contact (or one person of a
// group) to a patient, as a preferred contact, or to an employer, whose
// patients' faxes will suggest it.
type linkPicker struct {
	env     *screen.Env
	ref     model.ContactRef
	name    string
	choices []linkChoice
	picker  *components.Picker
}

type linkChoicesMsg struct {
	owner   screen.Screen
	ref     model.ContactRef
	name    string
	choices []linkChoice
	err     error
}

// loadLinkChoices reads the patients and employers for the picker of
// owner, about the contact ref named name.
func loadLinkChoices(env *screen.Env, owner screen.Screen, ref model.ContactRef, name string) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		chs, err := linkChoices(ctx, st)
		return linkChoicesMsg{owner, ref, name, chs, err}
	}
}

func linkChoices(ctx context.Context, st *store.Store) ([]linkChoice, error) {
	var out []linkChoice
	err := st.ListEmployers(ctx, func(e *store.EmployerRow) error {
		out = append(out, linkChoice{title: e.Name, detail: "employer", employer: e.ID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = st.ListPatients(ctx, func(p *store.PatientRow) error {
		out = append(out, linkChoice{title: p.Name + " " + p.BirthDate, detail: "patient " + p.Chart, patient: p.ID})
		return nil
	})
	return out, err
}

func newLinkPicker(env *screen.Env, msg linkChoicesMsg, width, height int) *linkPicker {
	items := make([]components.PickerItem, len(msg.choices))
	for i, c := range msg.choices {
		items[i] = components.PickerItem{Title: c.title, Detail: c.detail}
	}
	lp := &linkPicker{env: env, ref: msg.ref, name: msg.name, choices: msg.choices,
		picker: components.NewPicker(env.Styles, env.Keys, "Link "+msg.name+" to a patient or an employer", items)}
	lp.picker.SetSize(min(64, width-2), min(18, height))
	return lp
}

// update takes a key; closed reports that the picker is done.
func (lp *linkPicker) update(msg tea.KeyMsg) (closed bool, cmd tea.Cmd) {
	chosen, closed, cmd := lp.picker.Update(msg)
	if !closed || chosen < 0 {
		return closed, cmd
	}
	c, ref, name := lp.choices[chosen], lp.ref, lp.name
	ctx, st := lp.env.Ctx, lp.env.Store
	return true, func() tea.Msg {
		var err error
		if c.patient != 0 {
			err = st.AddPatientContact(ctx, c.patient, ref)
		} else {
			err = st.AddEmployerContact(ctx, c.employer, ref)
		}
		if err != nil {
			return screen.Done("", fmt.Errorf("%s was not linked: %w", name, err), 0)
		}
		return screen.Done(fmt.Sprintf("%s is now a preferred contact of %s.", name, c.title), nil, 0)
	}
}
