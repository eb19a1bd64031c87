package transport

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"frontdesk/cover"
	"frontdesk/document"
	"frontdesk/model"
	"frontdesk/store"
)

// CoverName is the name a fax's cover page goes under.
const CoverName = "cover.pdf"

// AddCover draws the cover page of f (about patient, a name and chart
// number, or "") from the clinic's settings and puts it first among the
// fax's documents: it is kept in the document store with them when the fax
// is queued, never as a file of its own.
func AddCover(ctx context.Context, st *store.Store, f model.Fax, patient string) (model.Fax, error) {
	fs, err := st.FaxSettings(ctx)
	if err != nil {
		return f, err
	}
	region, _ := st.Region(ctx)
	from := ""
	if fs.ClinicFax != "" {
		from = model.FormatFax(fs.ClinicFax, region)
	}
	b, err := cover.PDF(cover.Page{
		Referral: f.Kind == model.KindReferral, Reason: f.Referral.Reason, Specialty: f.Referral.Specialty,
		ToName: f.Name, ToFax: model.FormatFax(f.Number, region), FromName: fs.ClinicName, FromFax: from,
		Patient: patient, Date: time.Now(), Pages: f.Pages + 1, Note: f.Note,
	})
	if err != nil {
		return f, err
	}
	d, err := document.Check(CoverName, b)
	if err != nil {
		return f, err
	}
	f.Documents, f.Pages = append([]model.Document{d}, f.Documents...), f.Pages+d.Pages
	return f, nil
}

// fileName is the name document i of a fax is written under for a
// gateway: numbered, so that the order is kept and two documents of one
// name do not collide.
func fileName(i int, d model.Document) string {
	// A name is a file's own, but it is written as one inside the job's
	// folder: never a path, never a control character.
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, d.Name)
	if name == "" || name == "." || name == ".." {
		name = "document." + string(d.Kind)
	}
	return fmt.Sprintf("%02d-%s", i+1, name)
}
