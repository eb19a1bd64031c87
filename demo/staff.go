package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"frontdesk/model"
)

// StaffMember is a demo user and the groups they belong to.
type StaffMember struct {
	User   model.User
	Groups []string
}

// Staff returns the clinic's demo staff (the providers come with the
// patients): front desk, nurses, billing and a secretary.
func Staff() []StaffMember {
	u := func(name, username string, role model.Role, groups ...string) StaffMember {
		return StaffMember{model.User{Name: name, Username: username, Kind: model.KindStaff, Active: true, Roles: []model.Role{role}}, groups}
	}
	return []StaffMember{
		u("Amy Ng", "amy.ng", model.RoleFrontDesk, "Front Office"),
		u("Benoît Roy", "benoit.roy", model.RoleFrontDesk, "Front Office"),
		u("Carla Díaz", "carla.diaz", model.RoleFrontDesk, "Front Office", "Billing"),
		u("Nadia Haddad", "nadia.haddad", model.RoleClinician, "Nurses"),
		u("Owen Price", "owen.price", model.RoleClinician, "Nurses"),
		u("Sophie Tremblay", "sophie.tremblay", model.RoleSecretary, "Billing"),
	}
}

// Routes is the demo routing table, applied to all providers: category
// name -> recipients, each a group name or a username. Test results are
// left to the providers themselves.
func Routes() map[string][]string {
	return map[string][]string{
		"Appointments":             {"Front Office"},
		"Question about my health": {"Nurses"},
		"Prescription refill":      {"Nurses"},
		"Billing":                  {"Billing"},
		"Forms and letters":        {"sophie.tremblay", "Front Office"},
	}
}

// Message is a demo patient's message.
type Message struct {
	Chart, Category, Subject, Body string
	Received                       time.Time
}

var messageTexts = []struct{ category, subject, body string }{
	{"Appointments", "Can I move my Thursday visit?", "Something came up at work; any time Friday would do."},
	{"Appointments", "Cancel my appointment", "I am feeling better and would like to cancel next week's visit."},
	{"Question about my health", "Side effects", "Since starting the new pills I feel dizzy in the morning. Is that normal?"},
	{"Prescription refill", "Refill of my inhaler", "I have two doses left. Same pharmacy as usual."},
	{"Test results", "Blood test results?", "It has been two weeks since my blood test; are the results in?"},
	{"Billing", "Receipt for my insurer", "My insurer asks for a receipt of the last visit."},
	{"Forms and letters", "Work note", "My employer needs a note for my absence last week."},
	{"Question about my health", "Rash after vaccine", "A small rash appeared where I had the shot yesterday."},
	{"Appointments", "New patient visit for my son", "My son turned 2; can he see Dr. Raman?"},
	{"Prescription refill", "Blood pressure pills", "Please renew my prescription for 3 months."},
	{"Forms and letters", "Insurance form", "I dropped off a disability form at the desk on Monday."},
	{"Test results", "X-ray", "Was my knee X-ray read yet?"},
}

// Messages returns n demo messages from the demo patients (charts
// C-10001 on, of patients patients), received over the last days before
// now. Same seed, same messages.
func Messages(n, patients int, seed int64, now time.Time) []Message {
	r := rand.New(rand.NewPCG(uint64(seed), 11))
	out := make([]Message, n)
	for i := range out {
		t := messageTexts[i%len(messageTexts)]
		out[i] = Message{Chart: fmt.Sprintf("C-%05d", 10001+r.IntN(patients)), Category: t.category, Subject: t.subject,
			Body: t.body, Received: now.Add(-time.Duration(r.IntN(7*24*60)) * time.Minute)}
	}
	return out
}
