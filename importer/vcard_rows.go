package importer

import (
	"io"
	"strings"

	"frontdesk/model"
)

// The columns a vCard file is read into: one per card property, named for
// it, so that the mapping step shows what each property became and a
// --map spec names them. The header is the same for every vCard file, so
// that a mapping remembered for one is offered for the next.
const (
	vcName = iota
	vcFirst
	vcLast
	vcTitle
	vcOrg
	vcDept
	vcRole
	vcFax
	vcPhone
	vcMobile
	vcEmail
	vcAddress
	vcCity
	vcRegion
	vcPostal
	vcCountry
	vcNotes
	vcGroup
	vcOrgGroup
	vcOtherFaxes
	vcOtherPhones
	vcOtherEmails
	vcColumns
)

// VCardHeader returns the columns of a vCard file, as Preview.Header names
// them.
func VCardHeader() []string {
	return []string{
		vcName:        "Name (FN)",
		vcFirst:       "First name (N)",
		vcLast:        "Last name (N)",
		vcTitle:       "Title (TITLE)",
		vcOrg:         "Organization (ORG)",
		vcDept:        "Department (ORG)",
		vcRole:        "Specialty (ROLE)",
		vcFax:         "Fax (TEL;FAX)",
		vcPhone:       "Phone (TEL)",
		vcMobile:      "Mobile (TEL;CELL)",
		vcEmail:       "Email (EMAIL)",
		vcAddress:     "Address (ADR)",
		vcCity:        "City (ADR)",
		vcRegion:      "Region (ADR)",
		vcPostal:      "Postal code (ADR)",
		vcCountry:     "Country (ADR)",
		vcNotes:       "Notes (NOTE)",
		vcGroup:       "Group (X-FRONTDESK-GROUP)",
		vcOrgGroup:    OrgGroupColumn,
		vcOtherFaxes:  "Other faxes (TEL;FAX)",
		vcOtherPhones: "Other phones (TEL)",
		vcOtherEmails: "Other emails (EMAIL)",
	}
}

// OrgGroupColumn is the column of a vCard file that, mapped to group, makes
// the cards that share an organization and a fax number one
// multiple-entity contact (`frontdesk import --group-by organization`).
const OrgGroupColumn = "Organization as group (ORG, same fax)"

// GroupColumn is the column of a vCard file that holds the group that
// `frontdesk export --format vcard` wrote (X-FRONTDESK-GROUP).
const GroupColumn = "Group (X-FRONTDESK-GROUP)"

// vcardSynonyms are the vCard columns as synonyms of the fields they hold,
// so that the suggestion maps them as it maps any other header.
var vcardSynonyms = map[model.Field][]string{
	model.FieldName:         {"Name (FN)"},
	model.FieldFirstName:    {"First name (N)"},
	model.FieldLastName:     {"Last name (N)"},
	model.FieldTitle:        {"Title (TITLE)"},
	model.FieldOrganization: {"Organization (ORG)"},
	model.FieldSpecialty:    {"Specialty (ROLE)"},
	model.FieldFax:          {"Fax (TEL;FAX)"},
	model.FieldPhone:        {"Phone (TEL)"},
	model.FieldMobile:       {"Mobile (TEL;CELL)"},
	model.FieldEmail:        {"Email (EMAIL)"},
	model.FieldAddress:      {"Address (ADR)"},
	model.FieldCity:         {"City (ADR)"},
	model.FieldRegion:       {"Region (ADR)"},
	model.FieldPostalCode:   {"Postal code (ADR)"},
	model.FieldCountry:      {"Country (ADR)"},
	model.FieldNotes:        {"Notes (NOTE)"},
	model.FieldGroup:        {GroupColumn},
}

// IsVCard reports whether a preview is of a vCard file.
func (p *Preview) IsVCard() bool { return p != nil && strings.HasPrefix(p.Encoding, "vCard") }

// readVCard is read for a vCard file: one row per card, numbered from 2 as
// a spreadsheet's rows are (card n is row n+1), under VCardHeader.
func readVCard(name string, src io.ReadSeeker, opts Options, limit int, fn func(row int, cells []string) error) (*Preview, error) {
	vf, err := parseVCards(name, src, opts.Encoding)
	if err != nil {
		return nil, err
	}
	rows := make([][]string, len(vf.cards))
	for i := range vf.cards {
		rows[i] = vf.cards[i].cells(vf.charset)
	}
	groupByOrganization(rows)
	p := &Preview{
		Encoding:  "vCard " + andList(vf.versions) + " (" + vf.label + ")",
		Delimiter: ',',
		Header:    VCardHeader(),
		CRLF:      vf.crlf,
		Warnings:  vf.warnings,
	}
	for i, cells := range rows {
		if limit >= 0 && i >= limit {
			break
		}
		if err := fn(i+2, cells); err != nil {
			return p, err
		}
	}
	return p, nil
}

// cells reads a card into its row.
func (c *vcard) cells(charset string) []string {
	cells := make([]string, vcColumns)
	text := func(p *vprop) string { return strings.TrimSpace(unescape(p.text(charset))) }
	var faxes, phones, mobiles, others, emails, adrs []*vprop
	labels := map[string]string{} // Apple's item1.X-ABLabel, by group
	var fn string
	var n []string
	var notes []string
	explicitOrg, hasExplicitOrg := "", false
	for i := range c.props {
		p := &c.props[i]
		switch p.name {
		case "FN":
			if fn == "" {
				fn = text(p)
			}
		case "N":
			if n == nil {
				n = components(p.text(charset))
			}
		case "TITLE":
			setOnce(cells, vcTitle, text(p))
		case "ROLE":
			setOnce(cells, vcRole, text(p))
		case "ORG":
			if cells[vcOrg] == "" && cells[vcDept] == "" {
				parts := trimAll(components(p.text(charset)))
				if len(parts) > 0 {
					cells[vcOrg] = parts[0]
					cells[vcDept] = joinNonEmpty(parts[1:], ", ")
				}
			}
		case "NOTE":
			if t := text(p); t != "" {
				notes = append(notes, t)
			}
		case "TEL":
			switch {
			case p.has("fax"):
				faxes = append(faxes, p)
			case p.has("cell") || p.has("mobile") || p.has("iphone"):
				mobiles = append(mobiles, p)
			case p.has("pager") || p.has("textphone") || p.has("video") || p.has("modem") || p.has("bbs") ||
				p.has("car") || p.has("isdn"):
				others = append(others, p)
			default:
				phones = append(phones, p)
			}
		case "EMAIL":
			emails = append(emails, p)
		case "ADR":
			adrs = append(adrs, p)
		case "X-ABLABEL":
			if p.group != "" {
				labels[p.group] = strings.ToLower(text(p))
			}
		case "X-FRONTDESK-GROUP":
			setOnce(cells, vcGroup, text(p))
		case "X-FRONTDESK-ORGANIZATION":
			explicitOrg, hasExplicitOrg = text(p), true
		}
	}
	// Apple writes a custom label apart from its phone: item2.TEL with
	// item2.X-ABLabel "Fax" (or "_$!<Mobile>!$_").
	if len(labels) > 0 {
		faxes, phones, mobiles = relabel(labels, faxes, phones, mobiles)
	}
	if hasExplicitOrg {
		cells[vcOrg] = explicitOrg // the person's own, beside the group's name in ORG
	}
	phone := func(p *vprop) string {
		v := text(p)
		if len(v) > 4 && strings.EqualFold(v[:4], "tel:") {
			v = v[4:]
			if i := strings.IndexByte(v, ';'); i >= 0 {
				v = v[:i] // ;ext=, ;phone-context=
			}
		}
		return strings.TrimSpace(v)
	}
	email := func(p *vprop) string {
		v := text(p)
		if len(v) > 7 && strings.EqualFold(v[:7], "mailto:") {
			v = v[7:]
		}
		return v
	}
	cells[vcFax], cells[vcOtherFaxes] = pick(faxes, phone)
	cells[vcPhone], cells[vcOtherPhones] = pick(phones, phone)
	var moreMobiles string
	cells[vcMobile], moreMobiles = pick(mobiles, phone)
	var moreOthers []string
	for _, p := range others {
		moreOthers = append(moreOthers, phone(p))
	}
	cells[vcOtherPhones] = joinNonEmpty(append([]string{cells[vcOtherPhones], moreMobiles}, moreOthers...), ", ")
	cells[vcEmail], cells[vcOtherEmails] = pick(emails, email)
	if a := first(adrs); a != nil {
		parts := trimAll(components(a.text(charset)))
		for len(parts) < 7 {
			parts = append(parts, "")
		}
		// PO box; extended address; street; locality; region; postal code; country.
		cells[vcAddress] = joinNonEmpty([]string{parts[2], parts[1], parts[0]}, "\n")
		cells[vcCity], cells[vcRegion], cells[vcPostal], cells[vcCountry] = parts[3], parts[4], parts[5], parts[6]
	}
	cells[vcNotes] = strings.Join(notes, "\n")

	// N: family; given; additional; prefixes; suffixes.
	n = trimAll(n)
	for len(n) < 5 {
		n = append(n, "")
	}
	cells[vcLast] = n[0]
	cells[vcFirst] = joinNonEmpty([]string{n[1], n[2]}, " ")
	switch {
	case fn != "" && !sameWords(fn, strings.Join(n, " ")) && !sameWords(fn, strings.Join(n[:3], " ")):
		cells[vcName] = fn // a name N does not spell: a department, or written otherwise
	case fn == "" && cells[vcFirst] == "" && cells[vcLast] == "":
		// A card of an organization alone (Outlook writes no FN then).
		cells[vcName] = joinNonEmpty([]string{cells[vcDept], cells[vcOrg]}, ", ")
	}
	for i, s := range cells {
		cells[i] = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\r\n", "\n")
	}
	return cells
}

// relabel moves phones by the labels Apple writes apart from them.
func relabel(labels map[string]string, faxes, phones, mobiles []*vprop) (f, p, m []*vprop) {
	for _, ph := range phones {
		switch l := labels[ph.group]; {
		case ph.group != "" && strings.Contains(l, "fax"):
			faxes = append(faxes, ph)
		case ph.group != "" && (strings.Contains(l, "mobile") || strings.Contains(l, "cell")):
			mobiles = append(mobiles, ph)
		default:
			p = append(p, ph)
		}
	}
	return faxes, p, mobiles
}

// pick returns the value of the preferred property (PREF, else the first
// of type work, else the first) and the others', joined; nil entries are
// skipped.
func pick(props []*vprop, value func(*vprop) string) (string, string) {
	best := first(props)
	if best == nil {
		return "", ""
	}
	chosen := value(best)
	var rest []string
	for _, p := range props {
		if p != nil && p != best {
			if v := value(p); v != "" && v != chosen {
				rest = append(rest, v)
			}
		}
	}
	return chosen, strings.Join(rest, ", ")
}

// first is the preferred property: PREF, else work, else the first given.
func first(props []*vprop) *vprop {
	var best *vprop
	rank := -1
	for _, p := range props {
		if p == nil {
			continue
		}
		r := 0
		switch {
		case p.pref:
			r = 2
		case p.has("work"):
			r = 1
		}
		if r > rank {
			best, rank = p, r
		}
	}
	return best
}

func setOnce(cells []string, col int, v string) {
	if cells[col] == "" {
		cells[col] = v
	}
}

func trimAll(parts []string) []string {
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func joinNonEmpty(parts []string, sep string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// sameWords reports whether a and b have the same words, whatever their
// order, case, accents and punctuation: FN "Dr. Ann Lee" is what N
// "Lee;Ann;;Dr." spells.
func sameWords(a, b string) bool {
	wa, wb := words(a), words(b)
	if len(wa) != len(wb) {
		return false
	}
	count := map[string]int{}
	for _, w := range wa {
		count[w]++
	}
	for _, w := range wb {
		if count[w]--; count[w] < 0 {
			return false
		}
	}
	return true
}

// groupByOrganization fills the column OrgGroupColumn: the cards of an
// organization whose faxes are all one number (and there are two cards
// or more) are one group, named for the organization; when its cards
// have several numbers, the cards of each number shared by two or more
// are a group named for the organization and that number, and the others
// stay single. Numbers are compared as the default region reads them.
func groupByOrganization(rows [][]string) {
	type key struct{ org, fax string }
	faxOf := func(cells []string) string {
		f := strings.TrimSpace(cells[vcFax])
		if f == "" {
			return ""
		}
		if e164, err := model.ParseFax(f, model.DefaultRegion); err == nil {
			return e164
		}
		return model.Digits(f)
	}
	cards := map[string]int{}   // by organization
	byFax := map[key]int{}      // cards by organization and fax
	numbers := map[string]int{} // distinct faxes by organization
	written := map[key]string{} // a fax as the first card wrote it
	for _, cells := range rows {
		org := model.CleanText(cells[vcOrg])
		if org == "" {
			continue
		}
		cards[org]++
		f := faxOf(cells)
		if f == "" {
			continue
		}
		k := key{org, f}
		if byFax[k] == 0 {
			numbers[org]++
			written[k] = strings.TrimSpace(cells[vcFax])
		}
		byFax[k]++
	}
	for _, cells := range rows {
		org := model.CleanText(cells[vcOrg])
		if org == "" || cards[org] < 2 {
			continue
		}
		f := faxOf(cells)
		switch {
		case numbers[org] == 1:
			cells[vcOrgGroup] = org // with the cards without a fax, which take the group's
		case f != "" && byFax[key{org, f}] >= 2:
			cells[vcOrgGroup] = org + " (fax " + written[key{org, f}] + ")"
		}
	}
}
