package transport

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"frontdesk/cover"
	"frontdesk/model"
	"frontdesk/store"
)

// ReadDocuments checks the files a fax is to carry (PDF, TIFF or plain
// text) and counts their pages; paths come back absolute.
func ReadDocuments(files []string) (paths []string, pages int, err error) {
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, 0, err // it names the file
		}
		_, n, err := model.SniffDocument(b)
		if err != nil {
			return nil, 0, fmt.Errorf("%s %w", f, err)
		}
		abs, _ := filepath.Abs(f)
		paths, pages = append(paths, abs), pages+n
	}
	return paths, pages, nil
}

// AddCover draws the cover page of f (about patient, a name and chart
// number, or "") from the clinic's settings into the covers folder beside
// the database, and puts it first.
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
	path, err := cover.Write(filepath.Join(filepath.Dir(st.Path()), "covers"), cover.Page{
		Referral: f.Kind == model.KindReferral, Reason: f.Referral.Reason, Specialty: f.Referral.Specialty,
		ToName: f.Name, ToFax: model.FormatFax(f.Number, region), FromName: fs.ClinicName, FromFax: from,
		Patient: patient, Date: time.Now(), Pages: f.Pages + 1, Note: f.Note,
	})
	if err != nil {
		return f, err
	}
	f.Documents, f.Pages = append([]string{path}, f.Documents...), f.Pages+1
	return f, nil
}
