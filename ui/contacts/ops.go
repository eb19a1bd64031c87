package contacts

import (
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/demo"
	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// explain words a store error for the status line.
func explain(err error, what string) error {
	switch {
	case errors.Is(err, store.ErrConflict):
		return fmt.Errorf("%s was changed by someone else in the meantime; nothing was done, look again and retry", what)
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("%s was deleted by someone else in the meantime", what)
	case errors.Is(err, store.ErrBusy):
		return fmt.Errorf("the database is busy; %s was not changed, try again", what)
	}
	return err
}

// deleteContact deletes a contact as it was at version.
func deleteContact(env *screen.Env, r row) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		if err := st.DeleteContact(ctx, r.ID, r.Version); err != nil {
			return screen.Done("", explain(err, r.Name), 0)
		}
		return screen.Done(fmt.Sprintf("Deleted %s.", r.Name), nil, 0)
	}
}

// openSwitch switches the kind of the contact in row r: a single contact
// asks for a group name; a group of one becomes single at once; a group of
// several is split, once the user confirms (ask).
func openSwitch(env *screen.Env, r row, ask func(*components.Confirm)) tea.Cmd {
	switch {
	case !r.Group:
		env.Nav.Push(editByID(env, ModeMakeGroup, r.ID))
		return nil
	case r.People > 1:
		ask(splitConfirm(env, r))
		return nil
	}
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		c, err := st.GetContact(ctx, r.ID)
		if err == nil && c.Version != r.Version {
			err = store.ErrConflict
		}
		if err != nil {
			return screen.Done("", explain(err, r.Name), 0)
		}
		single, err := c.ToSingle()
		if err != nil {
			return screen.Done("", err, 0)
		}
		if _, err := st.UpdateContact(ctx, single); err != nil {
			return screen.Done("", explain(err, r.Name), 0)
		}
		return screen.Done(fmt.Sprintf("%s is now a single contact.", single.DisplayName()), nil, c.ID)
	}
}

// splitConfirm asks before a multiple-entity contact becomes one single
// contact per person.
func splitConfirm(env *screen.Env, r row) *components.Confirm {
	return components.NewConfirm(env.Styles, env.Keys,
		fmt.Sprintf("Split %s into %d single contacts?", r.Name, r.People), "split",
		func() tea.Cmd { return splitContact(env, r) },
		fmt.Sprintf("Each person becomes a single contact with the fax number %s. Nobody is removed.",
			model.FormatFax(r.Fax, env.Region)))
}

// splitContact splits the contact of row r into one single contact per
// person.
func splitContact(env *screen.Env, r row) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		parts, err := st.SplitContact(ctx, r.ID, r.Version)
		if err != nil {
			return screen.Done("", explain(err, r.Name), 0)
		}
		return screen.Done(fmt.Sprintf("Split %s into %d single contacts.", r.Name, len(parts)), nil, r.ID)
	}
}

// removePerson removes person i from a multiple-entity contact.
func removePerson(env *screen.Env, c model.Contact, i int) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	name := c.Entities[i].DisplayName()
	return func() tea.Msg {
		next, err := c.RemovePerson(i)
		if err != nil {
			return screen.Done("", err, 0)
		}
		if _, err := st.UpdateContact(ctx, next); err != nil {
			return screen.Done("", explain(err, c.DisplayName()), 0)
		}
		return screen.Done(fmt.Sprintf("Removed %s from %s.", name, c.DisplayName()), nil, c.ID)
	}
}

// loadDemo fills an empty database with the whole demo, as `frontdesk
// demo` does: contacts, patients, employers, staff, routes and messages.
func loadDemo(env *screen.Env) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		l, err := demo.Load(ctx, st, time.Now())
		if err != nil {
			return screen.Done("", fmt.Errorf("loading demo data: %w", err), 0)
		}
		return screen.Done("Loaded "+l.Summary()+".", nil, 0)
	}
}
