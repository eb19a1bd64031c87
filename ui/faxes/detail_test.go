package faxes

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// A fax's page lists its documents as they were sent, from the document
// store: name, kind, pages, size and the start of the SHA-256 that names
// each; a fax recorded before the store shows its paths, said to be so.
// (go test ./ui/faxes -update rewrites the golden files.)
func TestDetailShowsTheDocumentsSent(t *testing.T) {
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.Local)
	sent := model.Fax{ID: 7, Direction: model.Outgoing, Kind: model.KindReferral, Status: model.StatusSent,
		Number: "+14165550101", Name: "Lee, Ann", Note: "Results enclosed", Referral: model.Referral{Reason: "echo", Specialty: "Cardiology"},
		Pages: 5, Created: at, Updated: at, Documents: []model.Document{
			{ID: 1, Name: "cover.pdf", Kind: model.DocPDF, Pages: 1, Size: 2841, SHA256: "3f2a9c1b0d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"},
			{ID: 2, Name: "echo-results-ouellet-zoe-2026-11-19.pdf", Kind: model.DocPDF, Pages: 3, Size: 1_482_113,
				SHA256: "a81c0e99d2f3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b"},
			{ID: 3, Name: "note.txt", Kind: model.DocText, Pages: 1, Size: 412, SHA256: "00c4e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e"},
		}}
	old := model.Fax{ID: 2, Direction: model.Outgoing, Kind: model.KindFax, Status: model.StatusFailed,
		Reason: "queued before frontdesk kept documents: send it again as a new fax", Number: "+14165550199",
		Pages: 2, Created: at, Updated: at, Paths: []string{"/home/desk/covers/cover-1.pdf", "/home/desk/letter.pdf"}}
	events := []store.FaxEvent{{At: at, Status: model.StatusQueued}, {At: at.Add(time.Minute), Status: model.StatusSent}}
	for _, f := range []model.Fax{sent, old} {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("fax%d-%dx%d", f.ID, size[0], size[1]), func(t *testing.T) {
				r := lipgloss.NewRenderer(io.Discard)
				r.SetColorProfile(termenv.Ascii)
				env := &screen.Env{Keys: keymap.Default(), Styles: theme.New(r, false), Start: screen.Session{Region: "US"}}
				d := NewDetail(env, f.ID)
				d.SetSize(size[0], size[1])
				d.Update(detailMsg{owner: d, fax: f, events: events, patient: "Ouellet, Zoë (chart A-100)"})
				golden.RequireEqual(t, []byte(d.View()))
			})
		}
	}
}
