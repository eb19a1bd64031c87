package model

import (
	"slices"

	"github.com/nyaruka/phonenumbers"
)

// Building the fast path's tables from the library's metadata.

// buildNANPTables compiles the metadata of the country-code-1 regions into
// the automaton, mirroring phonenumbers.IsValidNumber and Format:
//
//   - The number's region is the first region, in the library's order, whose
//     leadingDigits pattern matches the start of the number or, for regions
//     without one (US, CA), whose number types match it. The number is valid
//     when that region's general description and one of its types match.
//     A description matches when its possible lengths allow ten digits and
//     its pattern matches all of the number.
//   - Formatting uses the main region's (US) number formats: the first whose
//     last leading-digits pattern matches the start and whose pattern matches
//     all of the number.
//
// It returns nil, disabling the fast path, if the metadata has a shape this
// code does not know.
func buildNANPTables() *nanpTables {
	meta, regions, ok := nanpMetadata()
	if !ok {
		return nil
	}
	mainMeta := meta[regions[0]]
	b := &dfaBuilder{machineIdx: map[string]int{}}
	specs := make([]regionSpec, len(regions))
	for i, r := range regions {
		if specs[i], ok = newRegionSpec(b, meta[r]); !ok {
			return nil
		}
	}
	natFormats := mainMeta.GetNumberFormat()
	intlFormats := mainMeta.GetIntlNumberFormat()
	if len(intlFormats) == 0 {
		intlFormats = natFormats
	}
	natSpecs, ok1 := newFormatSpecs(b, natFormats)
	intlSpecs, ok2 := newFormatSpecs(b, intlFormats)
	if !ok1 || !ok2 {
		return nil
	}

	t := &nanpTables{}
	// formatNumber's test, phonenumbers.GetCountryCodeForRegion(region) == 1,
	// asked once for every region the library supports; it knows no others.
	for r := range phonenumbers.GetSupportedRegions() {
		if phonenumbers.GetCountryCodeForRegion(r) == 1 && !t.national.add(r) {
			return nil
		}
	}
	for i, f := range natFormats {
		natSpecs[i].template = t.addTemplate(f, true)
	}
	for i, f := range intlFormats {
		intlSpecs[i].template = t.addTemplate(f, false)
	}
	b.eval = func(acc []bool) nanpClass {
		c := nanpClass{nat: chosenFormat(natSpecs, acc), intl: chosenFormat(intlSpecs, acc)}
		for i := range specs {
			s := &specs[i]
			if s.selects(acc) {
				c.valid = s.known(acc)
				break
			}
		}
		return c
	}
	if !b.build() {
		return nil
	}
	t.next, t.root, t.classes = b.next, b.root, b.classes
	if !t.addDigitSpellings(meta, regions) {
		return nil
	}
	return t
}

// nanpMetadata returns the library's metadata by region and the regions
// of country code 1, in its order (the main one first); ok is false when
// a region lacks what the fast path reads.
func nanpMetadata() (meta map[string]*phonenumbers.PhoneMetadata, regions []string, ok bool) {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return nil, nil, false
	}
	meta = map[string]*phonenumbers.PhoneMetadata{}
	for _, m := range coll.GetMetadata() {
		if m.GetId() != "001" {
			meta[m.GetId()] = m // later entries win, as in the library
		}
	}
	regions = phonenumbers.GetRegionCodesForCountryCode(1)
	if len(regions) == 0 {
		return nil, nil, false
	}
	for _, r := range regions {
		if meta[r] == nil || meta[r].GetGeneralDesc() == nil {
			return nil, nil, false
		}
	}
	return meta, regions, true
}

// regionSpec is a region's part of the automaton: the machines of its
// descriptions.
type regionSpec struct {
	leading int // prefix machine for leadingDigits, or -1
	general int
	types   []int // any of these makes the number's type known
	fixed   int
	mobile  int // consulted only when !same and fixed did not match
	same    bool
	ccOne   bool
}

func newRegionSpec(b *dfaBuilder, m *phonenumbers.PhoneMetadata) (regionSpec, bool) {
	s := regionSpec{leading: -1, same: m.GetSameMobileAndFixedLinePattern(), ccOne: m.GetCountryCode() == 1}
	var ok bool
	if ld := m.GetLeadingDigits(); ld != "" {
		if s.leading, ok = b.machine("^(?:"+ld+")", true); !ok {
			return s, false
		}
	}
	if s.general, ok = descMachine(b, m.GetGeneralDesc()); !ok {
		return s, false
	}
	for _, x := range []*phonenumbers.PhoneNumberDesc{
		m.GetPremiumRate(), m.GetTollFree(), m.GetSharedCost(), m.GetVoip(),
		m.GetPersonalNumber(), m.GetPager(), m.GetUan(), m.GetVoicemail(),
	} {
		idx, ok := descMachine(b, x)
		if !ok {
			return s, false
		}
		if idx >= 0 {
			s.types = append(s.types, idx)
		}
	}
	if s.fixed, ok = descMachine(b, m.GetFixedLine()); !ok {
		return s, false
	}
	if s.mobile, ok = descMachine(b, m.GetMobile()); !ok {
		return s, false
	}
	return s, true
}

// descMachine returns the machine that matches x against a whole number,
// or -1 when the library's length check already rules ten digits out. ok
// is false for a missing description, on which the library would panic.
func descMachine(b *dfaBuilder, x *phonenumbers.PhoneNumberDesc) (idx int, ok bool) {
	if x == nil {
		return -1, false
	}
	if pl := x.GetPossibleLength(); len(pl) > 0 && !slices.Contains(pl, nanpLen) {
		return -1, true
	}
	return b.machine("^(?:"+x.GetNationalNumberPattern()+")$", false)
}

// selects reports whether the number is the region's, given which
// machines matched (acc).
func (s *regionSpec) selects(acc []bool) bool {
	if s.leading >= 0 {
		return acc[s.leading]
	}
	return s.known(acc)
}

// known reports whether the number is valid with a known type in the
// region.
func (s *regionSpec) known(acc []bool) bool {
	if !s.ccOne || s.general < 0 || !acc[s.general] {
		return false
	}
	for _, x := range s.types {
		if acc[x] {
			return true
		}
	}
	if s.fixed >= 0 && acc[s.fixed] {
		return true
	}
	return !s.same && s.mobile >= 0 && acc[s.mobile]
}

// formatSpec is a number format's part of the automaton, with the
// template the fast path writes it with (-1: none).
type formatSpec struct {
	leading, pattern int
	template         int8
}

func newFormatSpecs(b *dfaBuilder, fs []*phonenumbers.NumberFormat) ([]formatSpec, bool) {
	out := make([]formatSpec, len(fs))
	for i, f := range fs {
		out[i].leading = -1
		var ok bool
		if ld := f.GetLeadingDigitsPattern(); len(ld) > 0 {
			// The library finds the last pattern anywhere and keeps it
			// only at index 0, which is a match anchored at the start.
			if out[i].leading, ok = b.machine("^(?:"+ld[len(ld)-1]+")", true); !ok {
				return nil, false
			}
		}
		if out[i].pattern, ok = b.machine("^(?:"+f.GetPattern()+")$", false); !ok {
			return nil, false
		}
	}
	return out, true
}

// chosenFormat is the template of the first format that applies, given
// which machines matched (acc), or -1.
func chosenFormat(fs []formatSpec, acc []bool) int8 {
	for _, f := range fs {
		if (f.leading < 0 || acc[f.leading]) && acc[f.pattern] {
			return f.template
		}
	}
	return -1
}

// addDigitSpellings works out which spellings parse as plain digits (see
// fastNANPDigits): after "+1" (plusOK), and bare ten or eleven digits by
// default region (bare10, bare11).
func (t *nanpTables) addDigitSpellings(meta map[string]*phonenumbers.PhoneMetadata, regions []string) bool {
	national := positions("23456789")                     // ten digits, not 0 or 1 first
	withOne := append([][]byte{[]byte("1")}, national...) // "1" and ten digits
	noStrip := func(m *phonenumbers.PhoneMetadata) bool {
		p := m.GetNationalPrefixForParsing()
		if p == "" {
			return true
		}
		matches, ok := canMatchPrefix("^(?:"+p+")", national)
		return ok && !matches
	}
	noIDD := func(m *phonenumbers.PhoneMetadata) bool {
		// The library searches the prefix unanchored and keeps a match at
		// index 0 only.
		p := m.GetInternationalPrefix()
		m10, ok10 := canMatchPrefix("^(?:"+p+")", national)
		m11, ok11 := canMatchPrefix("^(?:"+p+")", withOne)
		return ok10 && ok11 && !m10 && !m11
	}
	t.plusOK = noStrip(meta[regions[0]])
	for _, r := range regions {
		m := meta[r]
		if m.GetCountryCode() != 1 || !noIDD(m) || !noStrip(m) {
			continue
		}
		if !t.bare10.add(r) {
			return false
		}
		if t.plusOK && tooLong(m.GetGeneralDesc(), nanpLen+1) {
			t.bare11.add(r)
		}
	}
	return true
}

// tooLong reports whether the library's testNumberLength says TOO_LONG for a
// number of length n against the general description.
func tooLong(g *phonenumbers.PhoneNumberDesc, n int32) bool {
	pl := g.GetPossibleLength()
	if len(pl) == 0 || pl[0] == -1 || slices.Contains(g.GetPossibleLengthLocalOnly(), n) {
		return false
	}
	return pl[0] < n && pl[len(pl)-1] < n
}

// addTemplate compiles a format rule the fast path can apply itself, and
// returns its index, or -1 for a format it leaves to the library.
func (t *nanpTables) addTemplate(f *phonenumbers.NumberFormat, national bool) int8 {
	// The library substitutes with regexp.ReplaceAllString of the pattern;
	// for this pattern and ten digits that is one match with fixed groups.
	if f.GetPattern() != `(\d{3})(\d{3})(\d{4})` {
		return -1
	}
	// A national prefix formatting rule would be spliced into the rule.
	if national && f.GetNationalPrefixFormattingRule() != "" {
		return -1
	}
	rule := f.GetFormat()
	var tm nanpTemplate
	lit := 0
	for i := 0; i < len(rule); i++ {
		if rule[i] != '$' {
			continue
		}
		// Accept only $1-$3 not followed by a name character, which is how
		// regexp.Expand reads them; anything fancier is declined.
		if i+1 >= len(rule) || rule[i+1] < '1' || rule[i+1] > '3' ||
			(i+2 < len(rule) && isNameByte(rule[i+2])) {
			return -1
		}
		if lit < i {
			tm = append(tm, nanpPiece{lit: rule[lit:i]})
		}
		tm = append(tm, nanpPiece{group: int(rule[i+1] - '0')})
		i++
		lit = i + 1
	}
	if lit < len(rule) {
		tm = append(tm, nanpPiece{lit: rule[lit:]})
	}
	if len(t.templates) >= 127 {
		return -1
	}
	t.templates = append(t.templates, tm)
	return int8(len(t.templates) - 1)
}

func isNameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// positions lists, for each of the ten positions of a national number, the
// digits allowed there: first at position 0, any digit after.
func positions(first string) [][]byte {
	p := make([][]byte, nanpLen)
	p[0] = []byte(first)
	for i := 1; i < nanpLen; i++ {
		p[i] = []byte("0123456789")
	}
	return p
}
