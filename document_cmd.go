package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"frontdesk/document"
	"frontdesk/model"
)

func runDocumentAdd(args []string, stdout, stderr io.Writer) int {
	const path = "frontdesk document add"
	fs, db := flags(path, stdout, stderr)
	chart := fs.String("patient", "", "the chart number of the patient whose document it is")
	kindFlag := fs.String("kind", "", "letter, prescription, document, lab_result or invoice")
	title := fs.String("title", "", "what the chart calls it (default: the file's name without its extension)")
	dateFlag := fs.String("date", "", "the document's own date, YYYY-MM-DD (default: today)")
	files, code, ok := fs.parseArgs(args)
	if !ok {
		return code
	}
	if *chart == "" || *kindFlag == "" || len(files) != 1 {
		fmt.Fprintf(stderr, "%s: --patient, --kind and one FILE are needed\n\n", path)
		fs.usage(stderr)
		return exitUsage
	}
	kind, err := model.ParsePatientDocKind(*kindFlag)
	if err != nil {
		fmt.Fprintf(stderr, "%s: --kind %v\n", path, err)
		return exitUsage
	}
	date := model.DateOf(time.Now())
	if *dateFlag != "" {
		t, err := time.Parse(time.DateOnly, *dateFlag)
		if err != nil {
			fmt.Fprintf(stderr, "%s: --date %q is not a date written YYYY-MM-DD\n", path, *dateFlag)
			return exitUsage
		}
		date = model.DateOf(t)
	}
	// Read once, here: what is kept is what the file holds now.
	d, err := document.ReadForChart(nil, files[0])
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v; nothing was added\n", path, err)
		return exitFail
	}
	if strings.TrimSpace(*title) == "" {
		*title = strings.TrimSuffix(d.Name, filepath.Ext(d.Name))
	}
	ctx, st, ok := session(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	p, err := st.PatientByChart(ctx, *chart)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v; nothing was added\n", path, err)
		return exitFail
	}
	pd, err := st.AddPatientDocument(ctx, model.PatientDocument{PatientID: p.ID, Kind: kind, Title: *title, Date: date}, d)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v; nothing was added\n", path, err)
		return exitFail
	}
	fmt.Fprintln(stdout, pd.ID)
	return exitOK
}

// patientDocJSON is the JSON shape of `frontdesk document list --json`.
type patientDocJSON struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Date     string `json:"date"`
	Pages    int    `json:"pages"`
	Format   string `json:"format"`
	Size     int64  `json:"size"`
	Shares   int    `json:"shares"`
	Archived bool   `json:"archived"`
	FaxID    int64  `json:"fax_id,omitempty"`
}

func runDocumentList(args []string, stdout, stderr io.Writer) int {
	const path = "frontdesk document list"
	fs, db := flags(path, stdout, stderr)
	chart := fs.String("patient", "", "the chart number of the patient")
	archived := fs.Bool("archived", false, "list the archived documents too")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *chart == "" {
		fmt.Fprintf(stderr, "%s: --patient is needed\n\n", path)
		fs.usage(stderr)
		return exitUsage
	}
	ctx, st, ok := readSession(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	p, err := st.PatientByChart(ctx, *chart)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", path, err)
		return exitFail
	}
	docs, err := st.PatientDocuments(ctx, p.ID, *archived)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", path, err)
		return exitFail
	}
	out := make([]patientDocJSON, 0, len(docs))
	for _, d := range docs {
		out = append(out, patientDocJSON{d.ID, string(d.Kind), d.Title, d.Date.String(), d.Pages, string(d.Format), d.Size,
			d.Shares, d.Archived, d.FaxID})
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
		return exitOK
	}
	for _, d := range docs {
		mark := ""
		if d.Archived {
			mark = "  (archived)"
		}
		fmt.Fprintf(stdout, "%6d  %s  %-12s  %3d p.  %-4s  %8s  %d shared  %s%s\n", d.ID, d.Date, d.Kind.Label(), d.Pages,
			d.Format.Label(), document.Size(d.Size), d.Shares, model.Printable(d.Title), mark)
	}
	return exitOK
}
