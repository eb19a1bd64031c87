package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"frontdesk/model"
)

// shareFixture is a database with a patient's lab result, a contact with
// an email and a mobile, and one with neither; the clock is at *now.
type shareFixture struct {
	s              *Store
	ctx            context.Context
	now            *time.Time
	doc            int64
	ann, bob       model.Contact
	annID, annPers int64
}

func newShareFixture(t *testing.T) *shareFixture {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "shares.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	f := &shareFixture{s: s, now: &now}
	f.ctx = WithClock(WithActor(t.Context(), "sec"), func() time.Time { return *f.now })
	p, err := s.CreatePatient(f.ctx, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}})
	if err != nil {
		t.Fatal(err)
	}
	if f.ann, err = s.CreateContact(f.ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee", Email: "ann@cardio.example", Mobile: "+14165550123"}}}); err != nil {
		t.Fatal(err)
	}
	if f.bob, err = s.CreateContact(f.ctx, model.Contact{Kind: model.Single, Fax: "+14165550102",
		Entities: []model.Entity{{FirstName: "Bob", LastName: "Roy"}}}); err != nil {
		t.Fatal(err)
	}
	f.doc = addTestDocument(t, s, f.ctx, p.ID, "CBC results")
	return f
}

// addTestDocument puts a one-page PDF on a chart as a lab result.
func addTestDocument(t *testing.T, s *Store, ctx context.Context, patientID int64, title string) int64 {
	t.Helper()
	data := []byte("%PDF-1.4\n" + title + "\n%%EOF\n")
	sum := sha256.Sum256(data)
	var id int64
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		docID, err := putDocument(ctx, tx, model.Document{SHA256: hex.EncodeToString(sum[:]), Kind: model.DocPDF, Pages: 1,
			Size: int64(len(data)), Name: "cbc.pdf", Data: data})
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO patient_documents (patient_id, kind, title, date, document_id, pdf_id,
			added_by, created_at, updated_at) VALUES (?, 'lab_result', ?, '2026-12-01', ?, ?, 'sec', ?, ?) RETURNING id`,
			patientID, title, docID, docID, now(), now()).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *shareFixture) share(t *testing.T, level model.ShareLevel, token string) model.Share {
	t.Helper()
	sh, err := f.s.CreateShare(f.ctx, model.Share{DocumentID: f.doc, ContactID: f.ann.ID, Level: level}, HashSecret(token))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.ShareMailed(f.ctx, sh.ID, nil); err != nil {
		t.Fatal(err)
	}
	return sh
}

func (f *shareFixture) link(t *testing.T, token string) ShareLink {
	t.Helper()
	l, err := f.s.ShareByToken(f.ctx, HashSecret(token))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestShareIsRefusedWithTheReason(t *testing.T) {
	f := newShareFixture(t)
	_, err := f.s.CreateShare(f.ctx, model.Share{DocumentID: f.doc, ContactID: f.bob.ID, Level: model.LevelLink}, HashSecret("b"))
	if !errors.Is(err, model.ErrNoEmail) || err.Error() != "Bob Roy "+model.ErrNoEmail.Error() {
		t.Errorf("no email: %v", err)
	}
	if _, err := f.s.CreateShare(f.ctx, model.Share{DocumentID: f.doc + 99, ContactID: f.ann.ID, Level: model.LevelLink},
		HashSecret("c")); !errors.Is(err, ErrNotFound) {
		t.Errorf("no document: %v", err)
	}
	// A clinician may not share: the refusal names the roles that may.
	admin := WithActor(f.ctx, "root")
	if _, err := f.s.ActingUser(admin, "Root"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.CreateUser(admin, model.User{Name: "Dr. Ana Ruiz", Username: "ana", Kind: model.KindProvider,
		Active: true, Roles: []model.Role{model.RoleClinician}}); err != nil {
		t.Fatal(err)
	}
	_, err = f.s.CreateShare(WithActor(f.ctx, "ana"), model.Share{DocumentID: f.doc, ContactID: f.ann.ID, Level: model.LevelLink}, HashSecret("d"))
	var denied *model.DeniedError
	if !errors.As(err, &denied) || err.Error() != "ana may not share documents: that takes the role admin or secretary" {
		t.Errorf("clinician: %v", err)
	}
	if shares, _ := f.s.Shares(f.ctx, ShareFilter{}); len(shares) != 0 {
		t.Errorf("%d shares recorded after refusals", len(shares))
	}
}

// The 24-hour clock runs from sending; once opened the link stays valid.
func TestShareLinkExpiresUnopened(t *testing.T) {
	f := newShareFixture(t)
	sh := f.share(t, model.LevelLink, "one")
	if l := f.link(t, "one"); l.State != LinkOpen || l.Share.Email != "ann@cardio.example" || l.Share.PatientChart != "A-100" {
		t.Fatalf("fresh link: %+v", l)
	}
	*f.now = f.now.Add(model.LinkLife + time.Minute)
	if l := f.link(t, "one"); l.State != LinkExpired {
		t.Errorf("a day and a minute on: %v", l.State)
	}
	if _, _, err := f.s.StartShareSession(f.ctx, HashSecret("one"), HashSecret("cookie"), "192.0.2.1", "Firefox"); !errors.Is(err, ErrLinkClosed) {
		t.Errorf("an expired link opened: %v", err)
	}
	expired, _ := f.s.Shares(f.ctx, ShareFilter{State: model.ShareExpired})
	if len(expired) != 1 || expired[0].ID != sh.ID {
		t.Errorf("expired filter: %+v", expired)
	}
	// A resend: a new link, the old one says it was replaced.
	if _, err := f.s.ResendShare(f.ctx, sh.ID, HashSecret("two")); err != nil {
		t.Fatal(err)
	}
	if err := f.s.ShareMailed(f.ctx, sh.ID, nil); err != nil {
		t.Fatal(err)
	}
	if l := f.link(t, "one"); l.State != LinkReplaced {
		t.Errorf("old link after resend: %v", l.State)
	}
	if _, ok, err := f.s.StartShareSession(f.ctx, HashSecret("two"), HashSecret("cookie"), "192.0.2.1", "Firefox"); err != nil || !ok {
		t.Fatalf("new link: %v %v", ok, err)
	}
	*f.now = f.now.Add(30 * 24 * time.Hour)
	if l := f.link(t, "two"); l.State != LinkOpen || l.Share.State != model.ShareOpened || l.Share.OpenedFrom != "192.0.2.1" {
		t.Errorf("opened link a month on: %+v", l)
	}
	if err := f.s.RevokeShare(f.ctx, sh.ID); err != nil {
		t.Fatal(err)
	}
	if l := f.link(t, "two"); l.State != LinkRevoked {
		t.Errorf("revoked: %v", l.State)
	}
	if _, err := f.s.ShareBySession(f.ctx, HashSecret("cookie")); !errors.Is(err, ErrNotFound) {
		t.Errorf("a revoked share's browser still knows it: %v", err)
	}
	if _, err := f.s.ResendShare(f.ctx, sh.ID, HashSecret("three")); !errors.Is(err, ErrShareEnded) {
		t.Errorf("resend after revoke: %v", err)
	}
}

func TestShareNotDelivered(t *testing.T) {
	f := newShareFixture(t)
	sh, err := f.s.CreateShare(f.ctx, model.Share{DocumentID: f.doc, ContactID: f.ann.ID, Level: model.LevelLink}, HashSecret("x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.ShareMailed(f.ctx, sh.ID, errors.New("550 mailbox unavailable")); err != nil {
		t.Fatal(err)
	}
	got, _ := f.s.Share(f.ctx, sh.ID)
	if got.State != model.ShareNotDelivered || got.Reason != "550 mailbox unavailable" {
		t.Errorf("%s %q", got.State, got.Reason)
	}
	if l := f.link(t, "x"); l.State != LinkUnsent {
		t.Errorf("a link never delivered opens: %v", l.State)
	}
}

// Codes: five wrong tries kill a code, counted per code; a new one at most
// once a minute and five a day; the right one opens the share.
func TestShareCodes(t *testing.T) {
	f := newShareFixture(t)
	sh := f.share(t, model.LevelSMS, "tok")
	_, verified, err := f.s.StartShareSession(f.ctx, HashSecret("tok"), HashSecret("browser"), "198.51.100.7", "Safari")
	if err != nil || verified {
		t.Fatalf("sms level verified at once: %v %v", verified, err)
	}
	if l := f.link(t, "tok"); l.Share.State != model.ShareSent {
		t.Fatalf("opened before the code: %s", l.Share.State)
	}
	if err := f.s.IssueShareCode(f.ctx, sh.ID, "111111"); err != nil {
		t.Fatal(err)
	}
	var wait *CodeWaitError
	if err := f.s.IssueShareCode(f.ctx, sh.ID, "222222"); !errors.As(err, &wait) || wait.PerDay {
		t.Fatalf("a second code at once: %v", err)
	}
	for i := 1; i <= model.CodeTries; i++ {
		res, left, err := f.s.TryShareCode(f.ctx, HashSecret("browser"), "999999", "198.51.100.7")
		want := CodeWrong
		if i == model.CodeTries {
			want = CodeDead
		}
		if err != nil || res != want || left != model.CodeTries-i {
			t.Fatalf("wrong try %d: %v %d %v", i, res, left, err)
		}
	}
	if res, _, _ := f.s.TryShareCode(f.ctx, HashSecret("browser"), "111111", "198.51.100.7"); res != CodeDead {
		t.Fatalf("the right code after five wrong ones: %v", res)
	}
	*f.now = f.now.Add(model.CodeEvery)
	if err := f.s.IssueShareCode(f.ctx, sh.ID, "333333"); err != nil {
		t.Fatal(err)
	}
	*f.now = f.now.Add(model.CodeLife)
	if res, _, _ := f.s.TryShareCode(f.ctx, HashSecret("browser"), "333333", "198.51.100.7"); res != CodeExpired {
		t.Fatalf("a code 10 minutes old: %v", res)
	}
	for range 3 {
		*f.now = f.now.Add(model.CodeEvery)
		if err := f.s.IssueShareCode(f.ctx, sh.ID, "444444"); err != nil {
			t.Fatal(err)
		}
	}
	*f.now = f.now.Add(model.CodeEvery)
	if err := f.s.IssueShareCode(f.ctx, sh.ID, "555555"); !errors.As(err, &wait) || !wait.PerDay {
		t.Fatalf("a sixth code in a day: %v", err)
	}
	if res, _, err := f.s.TryShareCode(f.ctx, HashSecret("browser"), "444444", "198.51.100.7"); err != nil || res != CodeRight {
		t.Fatalf("the right code: %v %v", res, err)
	}
	ss, err := f.s.ShareBySession(f.ctx, HashSecret("browser"))
	if err != nil || !ss.Verified || ss.Share.State != model.ShareOpened || ss.Share.OpenedWith != "Safari" {
		t.Fatalf("after the code: %+v %v", ss, err)
	}
	// Once used, the code opens nothing more: another browser must be sent its own.
	if _, _, err := f.s.StartShareSession(f.ctx, HashSecret("tok"), HashSecret("other"), "203.0.113.9", "Edge"); err != nil {
		t.Fatal(err)
	}
	if res, _, _ := f.s.TryShareCode(f.ctx, HashSecret("other"), "444444", "203.0.113.9"); res != CodeNone {
		t.Errorf("a used code again: %v", res)
	}
	opened, err := f.s.TakeOpenedShares(f.ctx, "sec")
	if err != nil || len(opened) != 1 {
		t.Fatalf("opened for the sharer: %v %v", opened, err)
	}
	if again, _ := f.s.TakeOpenedShares(f.ctx, "sec"); len(again) != 0 {
		t.Errorf("told twice: %v", again)
	}
	entries, err := f.s.AuditLog(f.ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range entries {
		if e.Subject == "share" {
			counts[e.Action]++
		}
	}
	for action, n := range map[string]int{"shared": 1, "mailed": 1, "button pressed": 2, "code sent": 5, "code wrong": 8,
		"code right": 1, "opened": 1} {
		if counts[action] != n {
			t.Errorf("audit %q: %d, want %d (all: %v)", action, counts[action], n, counts)
		}
	}
}
