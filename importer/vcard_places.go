package importer

import (
	"encoding/csv"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Places says where a row of a file is, in the file's own terms: "row 12"
// of a spreadsheet, "card 11 (Ann Lee)" of a vCard file, whose card n is
// the plan's row n+1. The zero value names spreadsheet rows.
type Places struct {
	vcard bool
	names []string // of the cards, card n at n-1
}

// LoadPlaces reads what naming the rows of the file at path takes: nothing
// for a spreadsheet, the names of the cards of a vCard file.
func LoadPlaces(path string, opts Options) (*Places, error) {
	f, err := opts.Files.Open(path, 0)
	if err != nil {
		return nil, err
	}
	vcf, err := isVCard(filepath.Base(path), f)
	f.Close()
	if err != nil || !vcf {
		return &Places{}, err
	}
	pl := &Places{vcard: true}
	_, err = Read(path, opts, func(row int, cells []string) error {
		pl.names = append(pl.names, cardName(cells))
		return nil
	})
	return pl, err
}

// cardName is how a card is named in a report: its FN, else its N.
func cardName(cells []string) string {
	if n := strings.TrimSpace(cells[vcName]); n != "" {
		return n
	}
	return joinNonEmpty([]string{cells[vcFirst], cells[vcLast]}, " ")
}

// VCard reports whether the rows are a vCard file's cards.
func (p *Places) VCard() bool { return p != nil && p.vcard }

// Card returns the number and the name of the card of a row.
func (p *Places) Card(row int) (num int, name string) {
	num = row - 1
	if p != nil && num >= 1 && num <= len(p.names) {
		name = p.names[num-1]
	}
	return num, name
}

// Row names a row: "row 12", or "card 11 (Ann Lee)".
func (p *Places) Row(row int) string {
	if !p.VCard() {
		return "row " + strconv.Itoa(row)
	}
	num, name := p.Card(row)
	if name == "" {
		return "card " + strconv.Itoa(num)
	}
	return "card " + strconv.Itoa(num) + " (" + name + ")"
}

// rowLists finds the rows a reason or a warning names: "row 5", "rows 2, 5
// and 9", "rows 2, 3, 4, 5, 6 and 12 more".
var rowLists = regexp.MustCompile(`\b(rows?) ((?:\d+, )*\d+)(?: and (\d+)( more)?)?`)

// Text rewords a reason or a warning of the plan, which count rows, in
// the file's terms: "rows 3 and 4" of a vCard file are "cards 2 and 3".
func (p *Places) Text(s string) string {
	if !p.VCard() {
		return s
	}
	return rowLists.ReplaceAllStringFunc(s, func(m string) string {
		sub := rowLists.FindStringSubmatch(m)
		card := func(n string) string {
			v, err := strconv.Atoi(n)
			if err != nil {
				return n
			}
			return strconv.Itoa(v - 1)
		}
		var b strings.Builder
		b.WriteString("card")
		if sub[1] == "rows" {
			b.WriteString("s")
		}
		b.WriteString(" ")
		for i, n := range strings.Split(sub[2], ", ") {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(card(n))
		}
		switch {
		case sub[3] != "" && sub[4] != "":
			b.WriteString(" and " + sub[3] + " more") // a count, not a row
		case sub[3] != "":
			b.WriteString(" and " + card(sub[3]))
		}
		return b.String()
	})
}

// SaveRejectedCards writes the rejected cards of a vCard file's plan to a
// CSV at path: each card's columns, then its number and the reason, in
// UTF-8. Mended, the file imports as any spreadsheet, its columns mapped
// by the same names. For other files it is SaveRejected.
func (p *Plan) SaveRejectedCards(path string, places *Places) error {
	if !places.VCard() {
		return p.SaveRejected(path)
	}
	reasons := map[int]string{}
	for _, r := range p.Rejected {
		if reasons[r.Row] == "" {
			reasons[r.Row] = places.Text(r.Reason)
		}
	}
	f, err := p.Settings.Read.Files.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.UseCRLF = true
	w.Write(append(append([]string(nil), p.Header...), "Card", "Reason"))
	_, err = Read(p.File, p.Settings.Read, func(row int, cells []string) error {
		reason, ok := reasons[row]
		if !ok {
			return nil
		}
		return w.Write(append(append([]string(nil), cells...), strconv.Itoa(row-1), reason))
	})
	w.Flush()
	if werr := w.Error(); err == nil {
		err = werr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
