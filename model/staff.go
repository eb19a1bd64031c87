package model

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// UserKind tells a provider (who has patients) from other staff.
type UserKind string

// The kinds of user.
const (
	KindProvider UserKind = "provider"
	KindStaff    UserKind = "staff"
)

// User is a person who works at the clinic and signs in to frontdesk.
type User struct {
	ID       int64
	Name     string // "Dr. Ana Ruiz"
	Username string // the OS or SSH login it is mapped to
	Kind     UserKind
	Active   bool
	Roles    []Role
}

// StaffGroup is a group of users, such as "Front Office".
type StaffGroup struct {
	ID      int64
	Name    string
	Members []int64 // user IDs
}

// Role is a set of permissions given to users.
type Role string

// The roles.
const (
	RoleAdmin     Role = "admin"
	RoleClinician Role = "clinician"
	RoleSecretary Role = "secretary"
	RoleFrontDesk Role = "frontdesk"
)

// Roles lists every role, the most powerful first.
var Roles = []Role{RoleAdmin, RoleClinician, RoleSecretary, RoleFrontDesk}

// Label is the role as people name it.
func (r Role) Label() string {
	switch r {
	case RoleFrontDesk:
		return "front desk"
	}
	return string(r)
}

// ParseRole reads a role by its name or its label.
func ParseRole(s string) (Role, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, r := range Roles {
		if s == string(r) || s == r.Label() || strings.ReplaceAll(s, "-", " ") == r.Label() {
			return r, nil
		}
	}
	return "", fmt.Errorf("%q is not a role (admin, clinician, secretary, front desk)", s)
}

// Permission is what an action needs.
type Permission string

// The permissions.
const (
	PermContacts Permission = "edit contacts"
	PermPatients Permission = "edit patients"
	PermFaxes    Permission = "send faxes"
	PermLetters  Permission = "edit letters"
	PermLabs     Permission = "edit labs"
	PermInvoices Permission = "edit invoices"
	PermMessages Permission = "take messages"
	PermRouting  Permission = "edit routing"
	PermStaff    Permission = "edit staff"
	PermSettings Permission = "edit settings"
	// PermAudit reads who changed what: it shows every record, so it is
	// an admin's alone.
	PermAudit Permission = "read the audit log"
	// PermShare shares a patient's document with an outside contact. No
	// role is given it by name: a role grants it when it grants every
	// one of ShareNeeds.
	PermShare Permission = "share documents"
)

// ShareNeeds are the permissions sharing a document takes, all of them.
var ShareNeeds = []Permission{PermContacts, PermLetters, PermPatients, PermLabs, PermInvoices}

// Permissions lists every permission.
var Permissions = []Permission{PermContacts, PermPatients, PermFaxes, PermLetters, PermLabs, PermInvoices,
	PermMessages, PermRouting, PermStaff, PermSettings, PermAudit}

var rolePermissions = map[Role][]Permission{
	RoleAdmin:     Permissions,
	RoleClinician: {PermPatients, PermFaxes, PermLetters, PermLabs, PermMessages},
	RoleSecretary: {PermContacts, PermLetters, PermPatients, PermLabs, PermInvoices, PermFaxes, PermMessages},
	RoleFrontDesk: {PermContacts, PermPatients, PermFaxes, PermMessages},
}

// Grants reports whether the role gives p.
func (r Role) Grants(p Permission) bool {
	if p == PermShare {
		for _, q := range ShareNeeds {
			if !r.Grants(q) {
				return false
			}
		}
		return true
	}
	for _, q := range rolePermissions[r] {
		if q == p {
			return true
		}
	}
	return false
}

// RolesGranting lists the roles that give p, for a refusal that says how
// to get it.
func RolesGranting(p Permission) []Role {
	var out []Role
	for _, r := range Roles {
		if r.Grants(p) {
			out = append(out, r)
		}
	}
	return out
}

// RolesFor names the roles that give p: "admin, secretary or front desk".
func RolesFor(p Permission) string {
	var labels []string
	for _, r := range RolesGranting(p) {
		labels = append(labels, r.Label())
	}
	if len(labels) == 0 {
		return "none"
	}
	roles := labels[len(labels)-1]
	if len(labels) > 1 {
		roles = strings.Join(labels[:len(labels)-1], ", ") + " or " + roles
	}
	return roles
}

// Can reports whether the user may do what p allows: an active user with
// a role that grants it.
func (u User) Can(p Permission) bool {
	if !u.Active {
		return false
	}
	for _, r := range u.Roles {
		if r.Grants(p) {
			return true
		}
	}
	return false
}

// Is reports whether the user has role r.
func (u User) Is(r Role) bool {
	for _, have := range u.Roles {
		if have == r {
			return true
		}
	}
	return false
}

// DeniedError is an action refused for a missing permission.
type DeniedError struct {
	User       string // the username
	Permission Permission
}

func (e *DeniedError) Error() string {
	return fmt.Sprintf("%s may not %s: that takes the role %s", e.User, e.Permission, RolesFor(e.Permission))
}

// Deny returns the refusal of p to u, or nil when u may.
func (u User) Deny(p Permission) error {
	if u.Can(p) {
		return nil
	}
	return &DeniedError{User: u.Username, Permission: p}
}

// usernameRE is what logins look like: "amy", "a.ng", "amy@clinic.example",
// `clinic\amy`.
var usernameRE = regexp.MustCompile(`^[a-z_][a-z0-9_.@\\-]*$`)

// Clean trims the user's fields, lowers the username and sorts the roles
// without repeats.
func (u User) Clean() User {
	u.Name = strings.Join(strings.Fields(u.Name), " ")
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	seen := map[Role]bool{}
	var roles []Role
	for _, r := range u.Roles {
		if !seen[r] {
			seen[r] = true
			roles = append(roles, r)
		}
	}
	sort.Slice(roles, func(i, j int) bool { return roleRank(roles[i]) < roleRank(roles[j]) })
	u.Roles = roles
	return u
}

func roleRank(r Role) int {
	for i, have := range Roles {
		if have == r {
			return i
		}
	}
	return len(Roles)
}

// Validate returns the problems of a user.
func (u User) Validate() Problems {
	var ps Problems
	add := func(f Field, msg string) { ps = append(ps, Problem{Person: -1, Field: f, Message: msg}) }
	if u.Name == "" {
		add(FieldName, "is required")
	}
	switch {
	case u.Username == "":
		add(FieldUsername, "is required: the login name the user signs in with")
	case !usernameRE.MatchString(u.Username):
		add(FieldUsername, `takes letters, digits, '.', '_', '-', '@' or '\', starting with a letter`)
	}
	if u.Kind != KindProvider && u.Kind != KindStaff {
		add(FieldKind, "is provider or staff")
	}
	for _, r := range u.Roles {
		if roleRank(r) == len(Roles) {
			add(FieldRoles, fmt.Sprintf("has %q, which is not a role", r))
		}
	}
	return ps
}

// Fields of users and groups.
const (
	FieldUsername Field = "username"
	FieldKind     Field = "kind"
	FieldRoles    Field = "roles"
)

// UsernameFor makes a login name from a person's name: "Dr. Ana Ruiz" ->
// "ana.ruiz" (titles dropped, accents folded, lower case).
func UsernameFor(name string) string {
	var parts []string
	for _, w := range strings.Fields(Fold(name)) {
		w = strings.Trim(strings.ToLower(w), ".,")
		switch w {
		case "dr", "doctor", "mr", "mrs", "ms", "md", "np", "rn", "":
			continue
		}
		var b strings.Builder
		for _, r := range w {
			if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' {
				b.WriteRune(r)
			}
		}
		if b.Len() > 0 {
			parts = append(parts, b.String())
		}
	}
	u := strings.Join(parts, ".")
	if u == "" || !usernameRE.MatchString(u) {
		u = "user" + strings.TrimPrefix(u, ".")
	}
	return u
}
