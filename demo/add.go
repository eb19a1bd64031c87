package demo

import (
	"context"
	"fmt"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// AddStaff adds the demo staff and their groups, routes the demo
// categories for every provider, and takes in some patients' messages.
// The messages came in over the week before now. It returns how many
// users, groups and messages it added.
func AddStaff(ctx context.Context, st *store.Store, patients int, now time.Time) (users, groups, messages int, err error) {
	members := map[string][]int64{}
	var order []string
	byUsername := map[string]int64{}
	for _, m := range Staff() {
		u, err := st.CreateUser(ctx, m.User)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("user %s: %w", m.User.Username, err)
		}
		byUsername[u.Username] = u.ID
		for _, g := range m.Groups {
			if members[g] == nil {
				order = append(order, g)
			}
			members[g] = append(members[g], u.ID)
		}
	}
	groupIDs := map[string]int64{}
	for _, name := range order {
		g, err := st.SaveGroup(ctx, model.StaffGroup{Name: name, Members: members[name]})
		if err != nil {
			return 0, 0, 0, fmt.Errorf("group %s: %w", name, err)
		}
		groupIDs[name] = g.ID
	}
	cats, err := st.Categories(ctx, false)
	if err != nil {
		return 0, 0, 0, err
	}
	routes := Routes()
	filled := map[int64][]model.Recipient{}
	for _, c := range cats {
		for _, name := range routes[c.Name] {
			if id, ok := groupIDs[name]; ok {
				filled[c.ID] = append(filled[c.ID], model.Recipient{GroupID: id})
			} else if id, ok := byUsername[name]; ok {
				filled[c.ID] = append(filled[c.ID], model.Recipient{UserID: id})
			}
		}
	}
	if _, err := st.ApplyAllProviders(ctx, filled); err != nil {
		return 0, 0, 0, fmt.Errorf("routes: %w", err)
	}
	var in []store.MessageIn
	for _, m := range Messages(24, patients, 1, now) {
		in = append(in, store.MessageIn{Chart: m.Chart, Category: m.Category, Subject: m.Subject, Body: m.Body,
			Received: m.Received, Source: "portal"})
	}
	got, err := st.IngestMessages(ctx, in)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("messages: %w", err)
	}
	for _, d := range got {
		if d.Err != nil {
			return 0, 0, 0, fmt.Errorf("a demo message: %w", d.Err)
		}
	}
	return len(byUsername), len(groupIDs), len(got), nil
}
