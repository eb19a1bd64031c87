package routing

import (
	"sort"
	"strings"

	"frontdesk/model"
)

// sortedGroups returns the directory's groups by name.
func sortedGroups(d model.Directory) []model.StaffGroup {
	out := make([]model.StaffGroup, 0, len(d.Groups))
	for _, g := range d.Groups {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// sortedUsers returns the directory's users by name.
func sortedUsers(d model.Directory) []model.User {
	out := make([]model.User, 0, len(d.Users))
	for _, u := range d.Users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := model.Fold(out[i].Name), model.Fold(out[j].Name)
		return a < b || (a == b && out[i].ID < out[j].ID)
	})
	return out
}
