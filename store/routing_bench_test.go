package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// routingClinic is a database with an admin, providers providers, 12
// categories, 30 staff in 3 groups, a route in every cell, and a patient
// of each provider (charts P-0001 on).
func routingClinic(b *testing.B, providers int) (*store.Store, context.Context, []model.Category, []model.StaffGroup) {
	b.Helper()
	s, err := store.Open(b.Context(), filepath.Join(b.TempDir(), "routing.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx := store.WithActor(b.Context(), "bench")
	if _, err := s.ActingUser(ctx, "Bench Admin"); err != nil {
		b.Fatal(err)
	}
	for i := range 6 {
		if _, err := s.SaveCategory(ctx, model.Category{Name: fmt.Sprintf("Extra %d", i+1)}); err != nil {
			b.Fatal(err)
		}
	}
	cats, _ := s.Categories(ctx, false)
	var groups []model.StaffGroup
	for g := range 3 {
		var members []int64
		for i := range 10 {
			u, err := s.CreateUser(ctx, model.User{Name: fmt.Sprintf("Staff %d-%d", g, i), Username: fmt.Sprintf("staff%d.%d", g, i),
				Kind: model.KindStaff, Active: true, Roles: []model.Role{model.RoleFrontDesk}})
			if err != nil {
				b.Fatal(err)
			}
			members = append(members, u.ID)
		}
		grp, err := s.SaveGroup(ctx, model.StaffGroup{Name: fmt.Sprintf("Group %d", g), Members: members})
		if err != nil {
			b.Fatal(err)
		}
		groups = append(groups, grp)
	}
	var ps []model.Patient
	for i := range providers {
		ps = append(ps, model.Patient{FirstName: "Pat", LastName: fmt.Sprintf("Ient%04d", i), Chart: fmt.Sprintf("P-%04d", i+1),
			BirthDate: model.Date{Year: 1980, Month: 1, Day: 1}, Provider: fmt.Sprintf("Dr. Provider %04d", i+1)})
	}
	if err := s.CreatePatients(ctx, ps); err != nil {
		b.Fatal(err)
	}
	filled := map[int64][]model.Recipient{}
	for i, c := range cats {
		filled[c.ID] = []model.Recipient{{GroupID: groups[i%3].ID}}
	}
	if _, err := s.ApplyAllProviders(ctx, filled); err != nil {
		b.Fatal(err)
	}
	return s, ctx, cats, groups
}

// BenchmarkApplyAllProviders replaces every category's recipients for
// 200 providers (2,400 cells) in one transaction (target: 100 ms).
func BenchmarkApplyAllProviders(b *testing.B) {
	s, ctx, cats, groups := routingClinic(b, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		filled := map[int64][]model.Recipient{}
		for k, c := range cats {
			filled[c.ID] = []model.Recipient{{GroupID: groups[(i+k+1)%3].ID}}
		}
		ch, err := s.ApplyAllProviders(ctx, filled)
		if err != nil || len(ch) != 200*len(cats) {
			b.Fatalf("%d changes, %v", len(ch), err)
		}
	}
}

// BenchmarkIngest routes 10,000 messages, each to a group's ten members
// (target: 2 s).
func BenchmarkIngest(b *testing.B) {
	s, ctx, cats, _ := routingClinic(b, 200)
	in := make([]store.MessageIn, 10000)
	for i := range in {
		in[i] = store.MessageIn{Chart: fmt.Sprintf("P-%04d", i%200+1), Category: cats[i%len(cats)].Name, Subject: "Subject", Body: "Body of the message"}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got, err := s.IngestMessages(ctx, in)
		if err != nil || len(got) != len(in) || got[0].Err != nil || len(got[0].To) != 10 {
			b.Fatalf("%v %+v", err, got[0])
		}
	}
}

// BenchmarkMatrix reads the routing table of 200 providers x 12
// categories.
func BenchmarkMatrix(b *testing.B) {
	s, ctx, _, _ := routingClinic(b, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, err := s.Matrix(ctx)
		if err != nil || len(m.Providers) != 200 || len(m.Routes) != 2400 {
			b.Fatalf("%d providers, %d routes, %v", len(m.Providers), len(m.Routes), err)
		}
	}
}
