package model

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// Category is a kind of patient message, such as "Appointments".
type Category struct {
	ID       int64
	Name     string
	Position int  // order across the routing matrix
	Retired  bool // kept for old messages, offered no more
}

// DefaultCategories are the categories a new clinic starts with.
var DefaultCategories = []string{"Appointments", "Question about my health", "Prescription refill",
	"Test results", "Billing", "Forms and letters"}

// Recipient is who a route sends to: a user or a staff group (one of the
// two IDs is set).
type Recipient struct {
	UserID  int64
	GroupID int64
}

// Cell is one provider's route for one category.
type Cell struct {
	ProviderID int64
	CategoryID int64
}

// Routed is one user a message goes to, and why.
type Routed struct {
	UserID int64
	Why    string // "Front Office", "direct", "no route: the provider", ...
}

// Directory is what routing reads of the staff: users and groups by ID.
type Directory struct {
	Users  map[int64]User
	Groups map[int64]StaffGroup
}

// Resolve returns who a message for provider goes to under route: each
// user named, and the active members of each group named, once each;
// inactive users are left out. With no route, or none active in it, the
// message goes to the provider; with the provider inactive too, to the
// active admins, so that no message is lost.
func (d Directory) Resolve(providerID int64, route []Recipient) []Routed {
	var out []Routed
	seen := map[int64]bool{}
	add := func(id int64, why string) {
		if u, ok := d.Users[id]; ok && u.Active && !seen[id] {
			seen[id] = true
			out = append(out, Routed{UserID: id, Why: why})
		}
	}
	for _, r := range route {
		if r.UserID != 0 {
			add(r.UserID, "named in the route")
			continue
		}
		g := d.Groups[r.GroupID]
		for _, m := range g.Members {
			add(m, "member of "+g.Name)
		}
	}
	if len(out) > 0 {
		return out
	}
	why := "no route: the provider"
	if len(route) > 0 {
		why = "no active user in the route: the provider"
	}
	add(providerID, why)
	if len(out) > 0 {
		return out
	}
	ids := make([]int64, 0, len(d.Users))
	for id, u := range d.Users {
		if u.Is(RoleAdmin) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		add(id, "the provider is not active: an admin")
	}
	return out
}

// RecipientName names a recipient for people.
func (d Directory) RecipientName(r Recipient) string {
	if r.UserID != 0 {
		if u, ok := d.Users[r.UserID]; ok {
			return u.Name
		}
		return "a removed user"
	}
	if g, ok := d.Groups[r.GroupID]; ok {
		return g.Name
	}
	return "a removed group"
}

// Summary writes a cell's recipients in width characters or fewer: the
// first that fit, then "+N" for the rest ("Front Office +2").
func (d Directory) Summary(route []Recipient, width int) string {
	if len(route) == 0 {
		return ""
	}
	names := make([]string, len(route))
	for i, r := range route {
		names[i] = d.RecipientName(r)
	}
	all := strings.Join(names, ", ")
	if len([]rune(all)) <= width {
		return all
	}
	for n := len(names) - 1; n >= 1; n-- {
		s := strings.Join(names[:n], ", ")
		more := " +" + strconv.Itoa(len(names)-n)
		if len([]rune(s))+len(more) <= width {
			return s + more
		}
	}
	first := []rune(names[0])
	if len(names) == 1 {
		if width < 1 {
			return ""
		}
		return strings.TrimRight(string(first[:width-1]), " ") + "…"
	}
	more := " +" + strconv.Itoa(len(names)-1)
	keep := width - len(more) - 1
	if keep < 1 {
		return string(first[:min(len(first), max(0, width))])
	}
	if len(first) > keep {
		return strings.TrimRight(string(first[:keep]), " ") + "…" + more
	}
	return string(first) + more
}

// SameRoute reports whether two routes name the same recipients, in any
// order.
func SameRoute(a, b []Recipient) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[Recipient]int{}
	for _, r := range a {
		count[r]++
	}
	for _, r := range b {
		count[r]--
		if count[r] < 0 {
			return false
		}
	}
	return true
}

// CellChange is what applying to all providers does to one cell.
type CellChange struct {
	Cell
	Before, After []Recipient
}

// PlanAllProviders lists the changes of applying filled (the recipients
// typed in the All providers row, by category) to every provider: each
// filled category's route is replaced for every provider whose route
// differs; blank categories are left as they are.
func PlanAllProviders(current map[Cell][]Recipient, providers []int64, categories []int64, filled map[int64][]Recipient) []CellChange {
	var out []CellChange
	for _, p := range providers {
		for _, c := range categories {
			after, ok := filled[c]
			if !ok || len(after) == 0 {
				continue
			}
			cell := Cell{ProviderID: p, CategoryID: c}
			if before := current[cell]; !SameRoute(before, after) {
				out = append(out, CellChange{Cell: cell, Before: before, After: after})
			}
		}
	}
	return out
}

// MessageState is where a message stands for one of its recipients.
type MessageState string

// The states of a message in an inbox.
const (
	MessageUnread MessageState = "unread"
	MessageRead   MessageState = "read"
	MessageDone   MessageState = "done"
)

// Handling is where a message stands for one of its recipients, under the
// rule that a message routed to several people is one item, handled once:
//
//   - it is open (unread, then read) for every recipient until one of them
//     acts on it; those it is open for are its holders;
//   - marking it done closes it for every holder: the others see who did;
//   - passing it on closes it for every holder and opens it, unread, for
//     the new recipients: the others see who has it now;
//   - only a holder acts on an open message; once nobody holds it (done),
//     a recipient may reopen it for themselves (unread) or pass it on.
//
// So a message counts as unread for a user only while they hold it and
// have not opened it: in the list, on its page, in the status line's count
// and in `frontdesk inbox` alike.
type Handling struct {
	State  MessageState // this recipient's: unread or read while they hold it, done once it is closed for them
	With   []string     // the others who hold it now
	DoneBy string       // who marked it done once nobody holds it; "" when it was this recipient (or is not known)
}

// Open reports whether the recipient holds the message.
func (h Handling) Open() bool { return h.State == MessageUnread || h.State == MessageRead }

// Short is the handling in a few words, for a column: "unread", "read",
// "Amy Ng has it", "Amy Ng +1 have it", "done by Amy Ng", "done".
func (h Handling) Short() string {
	switch {
	case h.Open():
		return string(h.State)
	case len(h.With) == 1:
		return h.With[0] + " has it"
	case len(h.With) > 1:
		return h.With[0] + " +" + strconv.Itoa(len(h.With)-1) + " have it"
	case h.DoneBy != "":
		return "done by " + h.DoneBy
	}
	return "done"
}

// Long is the handling in a sentence, for a message's page: "you have
// it (read)", "you and Ben Roy have it (unread)", "Amy Ng has it now",
// "done by Amy Ng", "done".
func (h Handling) Long() string {
	switch {
	case h.Open():
		return joinNames(append([]string{"you"}, h.With...)) + " have it (" + string(h.State) + ")"
	case len(h.With) == 1:
		return h.With[0] + " has it now"
	case len(h.With) > 1:
		return joinNames(h.With) + " have it now"
	case h.DoneBy != "":
		return "done by " + h.DoneBy
	}
	return "done"
}

// joinNames joins names as a sentence does: "A", "A and B", "A, B and C".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Message is a patient's message to the clinic.
type Message struct {
	ID         int64
	PatientID  int64
	CategoryID int64
	Subject    string
	Body       string
	Received   time.Time
	Source     string // "portal" (ingested) or "phone" (taken at the desk)
}

// Validate returns the problems of a message.
func (m Message) Validate() Problems {
	var ps Problems
	add := func(f Field, msg string) { ps = append(ps, Problem{Person: -1, Field: f, Message: msg}) }
	if m.PatientID == 0 {
		add(FieldPatient, "is required")
	}
	if m.CategoryID == 0 {
		add(FieldCategory, "is required")
	}
	if strings.TrimSpace(m.Subject) == "" && strings.TrimSpace(m.Body) == "" {
		add(FieldSubject, "or the message's text is required")
	}
	return ps
}

// Fields of a message.
const (
	FieldPatient  Field = "patient"
	FieldCategory Field = "category"
	FieldSubject  Field = "subject"
)

// SortedUsers lists the directory's users by name (accents and case
// aside), then by ID.
func (d Directory) SortedUsers() []User {
	out := make([]User, 0, len(d.Users))
	for _, u := range d.Users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := Fold(out[i].Name), Fold(out[j].Name)
		return a < b || (a == b && out[i].ID < out[j].ID)
	})
	return out
}

// SortedGroups lists the directory's groups by name.
func (d Directory) SortedGroups() []StaffGroup {
	out := make([]StaffGroup, 0, len(d.Groups))
	for _, g := range d.Groups {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return Fold(out[i].Name) < Fold(out[j].Name) })
	return out
}
