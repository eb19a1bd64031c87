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
		return screen.Done(fmt.Sprintf("Deleted %s. Deleted contacts (%s) can restore it.", r.Name,
			env.Keys.Deleted.Help().Key), nil, 0)
	}
}

// dependentsMsg brings what prefers the contact of row, for the question
// that asks before deleting it.
type dependentsMsg struct {
	owner  screen.Screen
	row    row
	person int // the person of a group to remove, or -1: the whole contact
	deps   store.Dependents
	err    error
}

// loadDependents reads which patients and employers prefer the contact of
// row r, before owner asks whether to delete it.
func loadDependents(env *screen.Env, owner screen.Screen, r row) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		d, err := st.ContactDependents(ctx, r.ID)
		return dependentsMsg{owner, r, -1, d, err}
	}
}

// loadPersonDependents reads which patients and employers prefer person i
// of group c, before owner asks whether to remove the person.
func loadPersonDependents(env *screen.Env, owner screen.Screen, c model.Contact, i int, r row) tea.Cmd {
	ctx, st, id, entity := env.Ctx, env.Store, c.ID, c.Entities[i].ID
	return func() tea.Msg {
		d, err := st.PersonDependents(ctx, id, entity)
		return dependentsMsg{owner, r, i, d, err}
	}
}

// named is how many patients or employers the delete question names before
// "and N more".
const named = 3

// deleteConfirm asks before deleting the contact of row r, saying what
// loses it and what stays; onYes runs before the deletion (the detail
// closes itself).
func deleteConfirm(env *screen.Env, r row, deps store.Dependents, onYes func()) *components.Confirm {
	details := []string{"Its fax number and its person are removed from the contact book."}
	if r.Group {
		details[0] = fmt.Sprintf("Its fax number and all %d people in it are removed from the contact book.", r.People)
	}
	details = append(details, losers(deps, "it")...)
	details = append(details, fmt.Sprintf("Its fax history stays. Deleted contacts (%s) can restore it.",
		env.Keys.Deleted.Help().Key))
	return components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Delete %s?", r.Name), "delete",
		func() tea.Cmd {
			if onYes != nil {
				onYes()
			}
			return deleteContact(env, r)
		}, details...)
}

// losers says which patients and employers lose who as a preferred
// contact.
func losers(deps store.Dependents, who string) []string {
	var out []string
	if n := len(deps.Patients); n > 0 {
		out = append(out, fmt.Sprintf("%s %s as a preferred contact:", count(n, "patient loses", "patients lose"), who))
		out = append(out, listSome(deps.Patients)...)
	}
	if n := len(deps.Employers); n > 0 {
		out = append(out, fmt.Sprintf("%s %s as a preferred contact:", count(n, "employer loses", "employers lose"), who))
		out = append(out, listSome(deps.Employers)...)
	}
	return out
}

// listSome names the first few of names, one a line, and how many more
// there are.
func listSome(names []string) []string {
	var out []string
	for i, n := range names {
		if i == named && len(names) > named+1 {
			return append(out, fmt.Sprintf("  and %d more", len(names)-named))
		}
		out = append(out, "  "+n)
	}
	return out
}

// count says n things in words: "1 patient", "3 patients".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
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
			model.FormatFax(r.Fax, env.Region())))
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
