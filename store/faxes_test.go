package store_test

import (
	"errors"
	"testing"
	"time"

	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/store"
)

func TestQueueFaxKeepsNameAndLinksThePatient(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	lab, _ := s.CreateContact(c, model.Contact{Kind: model.Group, GroupName: "LifeLabs", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Intake"}, {FirstName: "Ann", LastName: "Lee"}}})
	p, _ := s.CreatePatient(c, patient("F-1"))
	f, err := s.QueueFax(c, model.Fax{Kind: model.KindReferral, Referral: model.Referral{Reason: "echo"}, Number: lab.Fax,
		ContactID: lab.ID, EntityID: lab.Entities[1].ID, PatientID: p.ID, Documents: letter("letter.pdf")})
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "Lee, Ann" || f.Status != model.StatusQueued {
		t.Errorf("queued %+v", f)
	}
	pcs, _ := s.PatientContacts(c, p.ID)
	if len(pcs) != 1 || pcs[0].Source != store.SourceReferral || pcs[0].LastUsed.IsZero() {
		t.Errorf("the recipient did not join the chart: %+v", pcs)
	}
	// The contact renamed, then deleted: the history keeps what was sent.
	lab.GroupName = "Renamed"
	lab, _ = s.UpdateContact(c, lab)
	if err := s.DeleteContact(c, lab.ID, lab.Version); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.GetFax(c, f.ID)
	if err != nil || got.Name != "Lee, Ann" || got.Number != "+14165550101" || got.ContactID != 0 {
		t.Errorf("after the contact went: %+v %v", got, err)
	}
	if _, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: "+14165550101"}); err == nil {
		t.Error("a fax without documents was queued")
	}
}

func TestSendingLifecycle(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	var ids []int64
	for _, n := range []string{"+14165550101", "+14165550102"} {
		f, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: n, Documents: letter("a.pdf")})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, f.ID)
	}
	a, ok, err := s.ClaimFax(c, time.Minute)
	if err != nil || !ok || a.ID != ids[0] || a.Status != model.StatusSending || a.Attempts != 1 {
		t.Fatalf("first claim %+v %v %v", a, ok, err)
	}
	b, ok, _ := s.ClaimFax(c, time.Minute)
	if !ok || b.ID != ids[1] {
		t.Fatalf("second claim %+v", b)
	}
	if _, ok, _ := s.ClaimFax(c, time.Minute); ok {
		t.Fatal("a fax being sent was claimed twice")
	}
	if err := s.FinishFax(c, a.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishFax(c, b.ID, false, "busy line"); err != nil {
		t.Fatal(err)
	}
	if err := s.RetryFax(c, a.ID); !errors.Is(err, model.ErrTransition) {
		t.Errorf("retry of a sent fax: %v", err)
	}
	if err := s.RetryFax(c, b.ID); err != nil {
		t.Fatal(err)
	}
	again, ok, _ := s.ClaimFax(c, time.Minute)
	if !ok || again.ID != b.ID || again.Attempts != 2 {
		t.Errorf("the retried fax: %+v", again)
	}
	_, evs, _ := s.GetFax(c, b.ID)
	var trail []model.FaxStatus
	for _, e := range evs {
		trail = append(trail, e.Status)
	}
	want := []model.FaxStatus{"queued", "sending", "failed", "queued", "sending"}
	if len(trail) != len(want) {
		t.Fatalf("events %v, want %v", trail, want)
	}
	for i := range want {
		if trail[i] != want[i] {
			t.Errorf("events %v, want %v", trail, want)
			break
		}
	}
}

// A sender that dies leaves its fax sending; once its lease runs out,
// another worker takes it back: never lost.
func TestClaimTakesBackAnAbandonedFax(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	f, _ := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: "+14165550101", Documents: letter("a.pdf")})
	if _, ok, _ := s.ClaimFax(c, -time.Second); !ok { // a lease already over: the sender "died"
		t.Fatal("no claim")
	}
	again, ok, err := s.ClaimFax(c, time.Minute)
	if err != nil || !ok || again.ID != f.ID || again.Attempts != 2 {
		t.Errorf("taken back: %+v %v %v", again, ok, err)
	}
}

func TestReceiveAndList(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	ann, _ := s.CreateContact(c, single("Ann", "Lee", "+14165550101"))
	base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for i := range 5 {
		num := "+14165550101"
		if i%2 == 1 {
			num = "+14165550199"
		}
		if _, err := s.ReceiveFax(c, num, 1, letter("in.pdf"), base.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.ListFaxes(c, store.FaxFilter{})
	if err != nil || len(all) != 5 || !all[0].Created.After(all[4].Created) {
		t.Fatalf("list %d %v", len(all), err)
	}
	mine, _ := s.ListFaxes(c, store.FaxFilter{ContactID: ann.ID})
	if len(mine) != 3 || mine[0].Name != "Lee, Ann" {
		t.Errorf("Ann's faxes: %d", len(mine))
	}
	page1, _ := s.ListFaxes(c, store.FaxFilter{Limit: 2})
	page2, _ := s.ListFaxes(c, store.FaxFilter{Limit: 2, BeforeTime: page1[1].Created, BeforeID: page1[1].ID})
	if len(page2) != 2 || page2[0].ID != all[2].ID {
		t.Errorf("second page %+v", page2)
	}
	day, _ := s.ListFaxes(c, store.FaxFilter{From: base.Add(time.Hour), To: base.Add(3 * time.Hour)})
	if len(day) != 2 {
		t.Errorf("%d faxes in the range, want 2", len(day))
	}
}

// letter is a one-page PDF document named name, to queue.
func letter(name string) []model.Document {
	return []model.Document{{Name: name, Data: documenttest.PDF(1, name)}}
}
