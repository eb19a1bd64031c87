package contacts

import (
	"fmt"
	"strings"
	"time"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/theme"
)

// What a contact's page says about its number: its latest faxes, and the
// other contacts on it.

// recentFaxes is how many of its latest faxes the page shows.
const recentFaxes = 3

// recentView lists the contact's latest faxes under its number: when,
// which way, where it stands, how many pages (and to or from whom, in a
// group).
func (d *Detail) recentView() []string {
	st, k := d.env.Styles, d.env.Keys
	if len(d.recent) == 0 {
		return nil // said on the line of the number (noFaxes)
	}
	more := ""
	if len(d.recent) > recentFaxes {
		more = " · " + k.History.Help().Key + " shows them all"
	}
	out := []string{st.Label.Render(components.Truncate("Recent faxes"+more, d.width))}
	now := time.Now()
	for _, f := range d.recent[:min(len(d.recent), recentFaxes)] {
		dir := "out"
		if f.Direction == model.Incoming {
			dir = "in"
		}
		line := fmt.Sprintf("  %-10s %-3s %-9s %s", day(f.Created, now), dir, f.Status, count(f.Pages, "page", "pages"))
		if f.Kind == model.KindReferral {
			line += " · referral"
		}
		if d.isGroup() && f.Name != "" && f.Name != d.c.DisplayName() {
			line += " · " + f.Name
		}
		out = append(out, components.Truncate(line, d.width))
	}
	return out
}

// noFaxes follows the number when nothing was ever faxed to or from it.
func (d *Detail) noFaxes() string {
	if len(d.recent) > 0 {
		return ""
	}
	return d.env.Styles.Dim.Render(fmt.Sprintf(" · no faxes yet, %s sends one", d.env.Keys.Fax.Help().Key))
}

// sameNames names the contacts that share the number: "Ng, Bo", "Ng, Bo;
// Roy, Marc and 1 more".
func sameNames(cs []model.Contact) string {
	var names []string
	for i, c := range cs {
		if i == 2 && len(cs) > 3 {
			return strings.Join(names, "; ") + fmt.Sprintf(" and %d more", len(cs)-2)
		}
		names = append(names, c.DisplayName())
	}
	return strings.Join(names, "; ")
}

func (d *Detail) line(i int, name, rest string) string {
	st := d.env.Styles
	look := st.ListRow(i == d.cursor)
	nameW := min(30, d.width/2) - theme.MarkerWidth
	return look.Marker() + components.Cell(name, nameW, nil, look.Base, look.Base) +
		components.Cell(" "+rest, d.width-nameW-theme.MarkerWidth, nil, look.Base, look.Base)
}

func personSummary(e model.Entity) string {
	var parts []string
	for _, v := range []string{e.Title, e.Specialty, e.Phone, e.Email} {
		if v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " · ")
}

// card lists every filled field of a person, one per line, in two columns
// when the terminal is wide enough.
func (d *Detail) card(e model.Entity) []string {
	st := d.env.Styles
	var items []string
	for _, f := range model.EntityFields {
		v := f.Get(e)
		if v == "" {
			continue
		}
		items = append(items, st.Label.Render(fmt.Sprintf("%-19s", f.Label))+strings.ReplaceAll(v, "\n", " "))
	}
	if len(items) == 0 {
		return []string{st.Dim.Render("No details.")}
	}
	for i := range items {
		items[i] = components.Truncate(items[i], d.width)
	}
	return items
}
