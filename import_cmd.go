package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"frontdesk/importer"
	"frontdesk/model"
	"frontdesk/store"
)

// importReport is the JSON shape of `frontdesk import --json` (the README's "Command line").
type importReport struct {
	Contacts   int           `json:"contacts"`
	Groups     int           `json:"groups"`
	Entities   int           `json:"entities"`
	Duplicates int           `json:"duplicates"`
	Rejected   []rejectedRow `json:"rejected"`
	// ByReason counts the rejected rows by the kind of their reason, the
	// most frequent first.
	ByReason []importer.ReasonCount `json:"rejected_by_reason"`
	Warnings []string               `json:"warnings"`
}

// rejectedRow is a rejection in the report: a spreadsheet's by its row, a
// vCard file's by its card's number and name.
type rejectedRow struct {
	Row    int    `json:"row,omitempty"`
	Card   int    `json:"card,omitempty"`
	Name   string `json:"name,omitempty"`
	Reason string `json:"reason"`
}

func parseDelimiter(s string) (rune, error) {
	switch s {
	case "":
		return 0, nil
	case ",", ";", "|":
		return rune(s[0]), nil
	case "tab", `\t`, "\t":
		return '\t', nil
	}
	return 0, fmt.Errorf("--delimiter must be one of , ; | tab, not %q", s)
}

func runImport(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk import", stdout, stderr)
	spec := fs.String("map", "", "the mapping: 'Header=field,Header 2=field2' (headers exactly as in the file);\n"+
		"'Mailing Fax=else fax': the column backs the fax where a row's is empty;\n"+
		"'Phone *=by type': the numbered type and value columns, each row's fax by its type")
	dry := fs.Bool("dry-run", false, "check the file and report, without writing anything")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	delim := fs.String("delimiter", "", "the delimiter: , ; | or tab (detected when not given)")
	enc := fs.String("encoding", "", "utf-8, utf-16le, utf-16be or windows-1252 (detected when not given)")
	dups := fs.Bool("import-duplicates", false, "import people already in the contact book anyway")
	kind := fs.String("kind", "contacts", "what the file holds: contacts or patients")
	groupBy := fs.String("group-by", "", "organization: the cards of a vCard file that share an organization and a fax\n"+
		"number become one multiple-entity contact")
	dateOrder := fs.String("date-order", "", "how to read dates like 03/04/1984: day (3 April) or month (March 4)\n"+
		"(default: as the clinic's region writes them, month first in the US)")
	pos, code, ok := fs.parseArgs(args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "frontdesk import: name one file to import: frontdesk import FILE [--map SPEC] [--dry-run] [--json]")
		return exitUsage
	}
	file := pos[0]
	d, err := parseDelimiter(*delim)
	if err != nil {
		fmt.Fprintln(stderr, "frontdesk import:", err)
		return exitUsage
	}
	if *kind != "contacts" && *kind != "patients" {
		fmt.Fprintf(stderr, "frontdesk import: --kind must be contacts or patients, not %q\n", *kind)
		return exitUsage
	}
	switch *dateOrder {
	case "", "day", "month":
	default:
		fmt.Fprintf(stderr, "frontdesk import: --date-order must be day or month, not %q\n", *dateOrder)
		return exitUsage
	}
	if *groupBy != "" && *groupBy != "organization" {
		fmt.Fprintf(stderr, "frontdesk import: --group-by must be organization, not %q\n", *groupBy)
		return exitUsage
	}
	opts := importer.Options{Encoding: *enc, Delimiter: d}
	defer importer.LimitMemory()()
	ctx, st, ok := session(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()

	pv, err := importer.Sniff(file, opts, 0)
	if err != nil {
		return fileFailure(stderr, err)
	}
	mapping, how, code := chooseMapping(ctx, st, *kind, *spec, pv.Header, stderr)
	if code != exitOK {
		return code
	}
	if *groupBy != "" {
		if !pv.IsVCard() || *kind != "contacts" {
			fmt.Fprintln(stderr, "frontdesk import: --group-by organization is for the contacts of a vCard file; "+
				"in a spreadsheet, map a column to group")
			return exitUsage
		}
		mapping = groupByOrganization(pv.Header, mapping)
	}
	note := stdout
	if *asJSON {
		note = stderr
	}
	fmt.Fprintf(note, "Mapping (%s): %s\n", how, importer.FormatMap(pv.Header, mapping))

	region, err := st.Region(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "frontdesk import:", err)
		return exitFail
	}
	if *kind == "patients" {
		order := model.RegionDateOrder(region)
		switch *dateOrder {
		case "day":
			order = model.DayFirst
		case "month":
			order = model.MonthFirst
		}
		settings := importer.Settings{Read: opts, Mapping: mapping, Region: region, DateOrder: order}
		return importPatients(ctx, st, file, settings, *dry, *asJSON, stdout, stderr)
	}
	known, err := importer.LoadKnown(ctx, st)
	if err != nil {
		fmt.Fprintln(stderr, "frontdesk import:", err)
		return exitFail
	}
	settings := importer.Settings{Read: opts, Mapping: mapping, Region: region, ImportDuplicates: *dups}
	if err := importer.CheckMapping(mapping); err != nil {
		fmt.Fprintln(stderr, "frontdesk import: --map:", err)
		return exitUsage
	}
	var plan *importer.Plan
	progress, endProgress := terminalProgress(stderr)
	if *dry {
		plan, err = importer.NewPlan(ctx, file, settings, known, progress)
	} else {
		// Planned and written in one go: the plan is reported after.
		plan, _, err = importer.Import(ctx, st, file, settings, known, progress)
	}
	endProgress()
	if err != nil {
		var fe *importer.FileError
		if errors.As(err, &fe) {
			return fileFailure(stderr, err)
		}
		fmt.Fprintf(stderr, "frontdesk import: nothing was imported: %v\n", err)
		return exitFail
	}
	places, err := importer.LoadPlaces(file, opts)
	if err != nil {
		places = &importer.Places{} // the import is done: name the rows as numbers
	}
	rep := importReport{Contacts: plan.Contacts, Groups: plan.Groups, Entities: plan.Entities, Duplicates: plan.Duplicates,
		Rejected: []rejectedRow{}, ByReason: importer.CountRejections(plan.Rejected), Warnings: []string{}}
	for _, r := range plan.Rejected {
		rr := rejectedRow{Row: r.Row, Reason: places.Text(r.Reason)}
		if places.VCard() {
			rr.Row = 0
			rr.Card, rr.Name = places.Card(r.Row)
		}
		rep.Rejected = append(rep.Rejected, rr)
	}
	for _, w := range plan.Warnings {
		rep.Warnings = append(rep.Warnings, places.Text(w))
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
		return exitOK
	}
	printReport(stdout, plan, places, *dry)
	return exitOK
}

// groupByOrganization maps the column of a vCard file that groups its cards
// by organization to group, in place of any other.
func groupByOrganization(header, mapping []string) []string {
	m := append([]string(nil), mapping...)
	for i, h := range header {
		switch {
		case h == importer.OrgGroupColumn:
			m[i] = string(model.FieldGroup)
		case m[i] == string(model.FieldGroup):
			m[i] = ""
		}
	}
	return m
}

// chooseMapping takes the --map spec, else the mapping remembered for these
// headers, else the suggestion.
func chooseMapping(ctx context.Context, st *store.Store, kind, spec string, header []string, stderr io.Writer) ([]string, string, int) {
	fields := importer.ContactFields()
	if kind == "patients" {
		fields = importer.PatientFields()
	}
	if spec != "" {
		m, err := importer.ParseMap(spec, header, fields)
		if err != nil {
			fmt.Fprintln(stderr, "frontdesk import:", err)
			return nil, "", exitUsage
		}
		return m, "as given", exitOK
	}
	m, at, ok, err := st.Mapping(ctx, kind, header)
	if err != nil {
		fmt.Fprintln(stderr, "frontdesk import:", err)
		return nil, "", exitFail
	}
	if ok {
		return m, "remembered from " + at.Local().Format("2006-01-02"), exitOK
	}
	return importer.Suggest(header, fields), "suggested", exitOK
}

func fileFailure(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "frontdesk import: %v; nothing was imported\n", err)
	return exitFail
}

// shownDuplicates is how many of the duplicate rows the report names.
const shownDuplicates = 20

func printReport(w io.Writer, p *importer.Plan, places *importer.Places, dry bool) {
	verb := "Imported"
	if dry {
		verb = "Would import (dry run, nothing written)"
	}
	rows, row := plural(p.Rows, "row", "rows"), "row"
	if places.VCard() {
		rows, row = plural(p.Rows, "card", "cards"), "card"
	}
	fmt.Fprintf(w, "%s %s (%d multiple-entity) with %s from %s.\n", verb, plural(p.Contacts, "contact", "contacts"),
		p.Groups, plural(p.Entities, "person", "people"), rows)
	if p.Duplicates > 0 {
		// Some, not all: a file imported twice would list every row of it.
		fmt.Fprintf(w, "%s already in the contact book (or earlier in the file) skipped:\n", plural(p.Duplicates, "person", "people"))
		for _, d := range p.DuplicateRows(shownDuplicates) {
			fmt.Fprintf(w, "  %s: %s\n", model.Printable(places.Row(d.Row)), model.Printable(d.Reason))
		}
		if more := p.Duplicates - shownDuplicates; more > 0 {
			fmt.Fprintf(w, "  and %d more\n", more)
		}
	}
	printRejected(w, p.Rejected, row, func(r importer.Rejection) string {
		return places.Row(r.Row) + ": " + places.Text(r.Reason)
	})
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "Warning: %s\n", strings.TrimSpace(places.Text(warn)))
	}
}

// terminalProgress reports a long import's progress on one line of w,
// drawn again at most twice a second (rows, rows per second, the part of
// the file read, the time left), when w is a terminal; the line is wiped
// at the end. Elsewhere (a pipe, a log) it says nothing.
func terminalProgress(w io.Writer) (progress func(importer.Progress), end func()) {
	if p, ok := w.(printableWriter); ok {
		w = p.w // the line is frontdesk's own words and numbers, and needs \r
	}
	f, ok := w.(*os.File)
	if !ok {
		return nil, func() {}
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil, func() {}
	}
	var rate importer.Rate
	var last time.Time
	drawn := false
	progress = func(p importer.Progress) {
		now := time.Now()
		if now.Sub(last) < 500*time.Millisecond && p.Fraction() < 1 {
			return
		}
		last, drawn = now, true
		pace := rate.Line(now, p.Rows, p.Fraction(), "rows")
		if p.Fraction() == 1 {
			pace = "the file is read; finishing…" // the groups, the indexes, the commit
		}
		fmt.Fprintf(f, "\r%s rows read · %s\x1b[K", importer.Thousands(p.Rows), pace)
	}
	return progress, func() {
		if drawn {
			fmt.Fprint(f, "\r\x1b[K")
		}
	}
}

// shownRejected is how many rejected rows the text report lists; --json
// lists them all.
const shownRejected = 100

// printRejected reports the rejected rows: their number and their count
// by reason, then the first of them, each as line words it.
func printRejected(w io.Writer, rejected []importer.Rejection, unit string, line func(importer.Rejection) string) {
	if len(rejected) == 0 {
		return
	}
	what := unit + "s"
	if len(rejected) == 1 {
		what = unit
	}
	fmt.Fprintf(w, "%s %s rejected (%s):\n", importer.Thousands(len(rejected)), what,
		importer.ReasonsLine(importer.CountRejections(rejected)))
	for _, r := range rejected[:min(len(rejected), shownRejected)] {
		fmt.Fprintf(w, "  %s\n", model.Printable(line(r)))
	}
	if more := len(rejected) - shownRejected; more > 0 {
		fmt.Fprintf(w, "  and %s more (--json lists them all)\n", importer.Thousands(more))
	}
}

// plural counts in words: "1 row", "3 rows".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// patientReport is the JSON shape of `frontdesk import --kind patients --json`.
type patientReport struct {
	Patients   int                    `json:"patients"`
	Employers  int                    `json:"employers"`     // created
	Providers  []string               `json:"new_providers"` // made, without sign-in
	Duplicates int                    `json:"duplicates"`
	Rejected   []importer.Rejection   `json:"rejected"`
	ByReason   []importer.ReasonCount `json:"rejected_by_reason"`
	Warnings   []string               `json:"warnings"`
}

func importPatients(ctx context.Context, st *store.Store, file string, s importer.Settings, dry, asJSON bool, stdout, stderr io.Writer) int {
	plan, err := importer.PlanPatients(ctx, file, s, st)
	if err != nil {
		var fe *importer.FileError
		if errors.As(err, &fe) {
			return fileFailure(stderr, err)
		}
		fmt.Fprintln(stderr, "frontdesk import: --map:", err)
		return exitUsage
	}
	if !dry {
		if _, err := plan.Write(ctx, st); err != nil {
			fmt.Fprintf(stderr, "frontdesk import: nothing was imported: %v\n", err)
			return exitFail
		}
	}
	rep := patientReport{plan.Patients(), len(plan.NewEmployers), plan.NewProviders, plan.Duplicates, plan.Rejected,
		importer.CountRejections(plan.Rejected), plan.Warnings}
	if rep.Providers == nil {
		rep.Providers = []string{}
	}
	if rep.Rejected == nil {
		rep.Rejected = []importer.Rejection{}
	}
	if rep.Warnings == nil {
		rep.Warnings = []string{}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
		return exitOK
	}
	verb := "Imported"
	if dry {
		verb = "Would import (dry run, nothing written)"
	}
	fmt.Fprintf(stdout, "%s %s and %s from %s.\n", verb, plural(rep.Patients, "patient", "patients"),
		plural(rep.Employers, "new employer", "new employers"), plural(plan.Rows, "row", "rows"))
	if rep.Duplicates > 0 {
		fmt.Fprintf(stdout, "%s with a chart number already known skipped.\n", plural(rep.Duplicates, "patient", "patients"))
	}
	printRejected(stdout, rep.Rejected, "row", func(r importer.Rejection) string {
		return fmt.Sprintf("row %d: %s", r.Row, r.Reason)
	})
	for _, w := range rep.Warnings {
		fmt.Fprintf(stdout, "Warning: %s\n", w)
	}
	return exitOK
}
