package model

// A fast path for the numbers a North American clinic types all day: ten
// NANP digits (country code 1), optionally after "1" or "+1", spaced with the
// usual separators. It gives exactly the answers of the phonenumbers-based
// code in phone.go (which costs ~10 µs a number) and declines everything it
// cannot answer exactly, so the callers fall back to that code.
//
// Exactness rests on two things:
//
//   - The spellings accepted are digits plus " -.()" and one leading "+". The
//     library's parser ignores those separators entirely, and with them no
//     extension, letter, phone-context or second-number rule can apply, so
//     the parse is decided by the digits alone (see the case analysis in
//     fastNANPDigits).
//
//   - Validity and formatting of a national number are functions of its ten
//     digits that the library computes by matching the metadata's regular
//     expressions. Rather than hard-coding area codes, which would drift from
//     the library, the same expressions are compiled here (on first use) into
//     one minimised automaton over the ten digits, which answers in ten table
//     lookups. See buildNANPTables.

import (
	"encoding/binary"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// nanpLen is the length of a NANP national significant number.
const nanpLen = 10

// nanpClass is what the library decides for one national number.
type nanpClass struct {
	valid bool
	// nat and intl index nanpTables.templates for the NATIONAL and
	// INTERNATIONAL formats, or are -1 when the fast path cannot format the
	// number the library's way.
	nat, intl int8
}

// nanpTemplate is a format rule such as "($1) $2-$3" split into literal
// text and groups 1-3 of the pattern (\d{3})(\d{3})(\d{4}).
type nanpTemplate []nanpPiece

type nanpPiece struct {
	lit   string
	group int // 1-3, or 0 for lit
}

var nanpGroups = [4][2]int{{}, {0, 3}, {3, 6}, {6, 10}}

func (t nanpTemplate) appendTo(b []byte, d *[nanpLen]byte) []byte {
	for _, p := range t {
		if p.group == 0 {
			b = append(b, p.lit...)
		} else {
			g := nanpGroups[p.group]
			b = append(b, d[g[0]:g[1]]...)
		}
	}
	return b
}

// nanpTables is everything the fast path needs, derived from the library's
// metadata once.
type nanpTables struct {
	// next is the automaton: next[node*10+digit] is the node after reading
	// digit, and after the tenth digit an index into classes.
	next    []uint32
	root    uint32
	classes []nanpClass

	templates []nanpTemplate

	// plusOK says "+1" followed by ten digits parses as those ten digits.
	plusOK bool
	// bare10 and bare11 hold the default regions in which ten digits, and
	// "1" followed by ten digits, parse as those ten digits.
	bare10, bare11 regionSet
	// national holds the regions whose country code is 1: formatNumber
	// writes numbers of country code 1 in national format for them.
	national regionSet
}

// regionSet is a set of two-letter region codes, looked up without hashing
// because the fast path asks on every call.
type regionSet [26 * 26]bool

func regionIndex(r string) (int, bool) {
	if len(r) != 2 || r[0] < 'A' || r[0] > 'Z' || r[1] < 'A' || r[1] > 'Z' {
		return 0, false
	}
	return int(r[0]-'A')*26 + int(r[1]-'A'), true
}

func (s *regionSet) has(r string) bool {
	i, ok := regionIndex(r)
	return ok && s[i]
}

// add adds r, or reports false for a code that is not two capital letters.
func (s *regionSet) add(r string) bool {
	i, ok := regionIndex(r)
	if ok {
		s[i] = true
	}
	return ok
}

var (
	nanpOnce sync.Once
	nanp     *nanpTables // nil when the metadata is not understood
)

// nanpFast returns the tables, building them on first use (~20 ms) so that
// programs that never read a number do not pay for them.
func nanpFast() *nanpTables {
	nanpOnce.Do(func() { nanp = buildNANPTables() })
	return nanp
}

// class walks the automaton over the ten digits.
func (t *nanpTables) class(d *[nanpLen]byte) nanpClass {
	n := t.root
	for i := 0; i < nanpLen; i++ {
		n = t.next[n*10+uint32(d[i]-'0')]
	}
	return t.classes[n]
}

// fastNANPDigits reads input (already trimmed) as a NANP number the way the
// library would and returns its ten national digits, or ok false when the
// input is not one of the simple spellings the fast path knows.
//
// The library's parse of such input, for a default region R:
//   - "+" then "1" and ten digits: the "+" is stripped, country code 1 is
//     taken off, and the rest goes through the national-prefix rule of the
//     main NANP region (US). plusOK checks that rule cannot fire.
//   - ten digits not starting with 0 or 1: R's international prefix (011 in
//     the US) is looked for, then R's national-prefix rule applies; bare10
//     checks neither can fire.
//   - "1" then ten digits: after the international-prefix check, the leading
//     "1" is R's country code when the eleven digits are too long for R, and
//     the national-prefix rules of R and US apply; bare11 checks all that.
//
// National numbers starting with 0 or 1 are declined: their parses depend on
// prefix stripping and leading-zero rules.
func fastNANPDigits(t *nanpTables, input, region string) (d [nanpLen]byte, ok bool) {
	if len(input) > phonenumbers.MAX_INPUT_STRING_LENGTH {
		return d, false // the library refuses it, however few its digits
	}
	plus := len(input) > 0 && input[0] == '+'
	i := 0
	if plus {
		i = 1
	}
	var buf [nanpLen + 1]byte
	n := 0
	for ; i < len(input); i++ {
		c := input[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(buf) {
				return d, false
			}
			buf[n] = c
			n++
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return d, false
		}
	}
	switch {
	case plus:
		ok = n == 11 && buf[0] == '1' && t.plusOK
	case n == 10:
		ok = t.bare10.has(region)
	case n == 11:
		ok = buf[0] == '1' && t.bare11.has(region)
	}
	if !ok {
		return d, false
	}
	copy(d[:], buf[n-nanpLen:n])
	if d[0] < '2' {
		return d, false
	}
	return d, true
}

// fastParseFax answers ParseFax, or returns done false to send the input to
// the library.
func fastParseFax(input, region string) (e164 string, done bool, err error) {
	t := nanpFast()
	if t == nil {
		return "", false, nil
	}
	d, ok := fastNANPDigits(t, strings.TrimSpace(input), region)
	if !ok {
		return "", false, nil
	}
	if !t.class(&d).valid {
		return "", true, ErrNumberInvalid
	}
	var b [2 + nanpLen]byte
	b[0], b[1] = '+', '1'
	copy(b[2:], d[:])
	return string(b[:]), true, nil
}

// fastNormalizePhone answers NormalizePhone, or returns done false.
func fastNormalizePhone(input, region string) (phone string, done bool, err error) {
	t := nanpFast()
	if t == nil {
		return "", false, nil
	}
	d, ok := fastNANPDigits(t, strings.TrimSpace(input), region)
	if !ok {
		return "", false, nil
	}
	c := t.class(&d)
	if !c.valid {
		return "", true, ErrNumberInvalid
	}
	phone, done = t.format(&d, c, region)
	return phone, done, nil
}

// fastFormatFax answers FormatFax for "+1" and ten digits, or returns done
// false. The library does not validate here, so neither does the fast path.
func fastFormatFax(e164, region string) (string, bool) {
	if len(e164) != 2+nanpLen || e164[0] != '+' || e164[1] != '1' {
		return "", false
	}
	t := nanpFast()
	if t == nil || !t.plusOK {
		return "", false
	}
	var d [nanpLen]byte
	for i := 0; i < nanpLen; i++ {
		c := e164[2+i]
		if c < '0' || c > '9' {
			return "", false
		}
		d[i] = c
	}
	if d[0] < '2' {
		return "", false
	}
	return t.format(&d, t.class(&d), region)
}

// format writes the number as formatNumber does: national when region has
// country code 1, international otherwise.
func (t *nanpTables) format(d *[nanpLen]byte, c nanpClass, region string) (string, bool) {
	var b []byte
	var buf [32]byte
	if t.national.has(region) {
		if c.nat < 0 {
			return "", false
		}
		b = t.templates[c.nat].appendTo(buf[:0], d)
	} else {
		if c.intl < 0 {
			return "", false
		}
		b = append(buf[:0], "+1 "...)
		b = t.templates[c.intl].appendTo(b, d)
	}
	return string(b), true
}

// ---- Building the tables from the library's metadata ----

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
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return nil
	}
	meta := map[string]*phonenumbers.PhoneMetadata{}
	for _, m := range coll.GetMetadata() {
		if m.GetId() != "001" {
			meta[m.GetId()] = m // later entries win, as in the library
		}
	}
	regions := phonenumbers.GetRegionCodesForCountryCode(1)
	if len(regions) == 0 {
		return nil
	}
	for _, r := range regions {
		if meta[r] == nil || meta[r].GetGeneralDesc() == nil {
			return nil
		}
	}
	mainMeta := meta[regions[0]]

	b := &dfaBuilder{machineIdx: map[string]int{}}

	// desc returns the machine that matches desc against a whole number, or
	// -1 when the library's length check already rules ten digits out. ok is
	// false for a missing description, on which the library would panic.
	desc := func(x *phonenumbers.PhoneNumberDesc) (idx int, ok bool) {
		if x == nil {
			return -1, false
		}
		if pl := x.GetPossibleLength(); len(pl) > 0 && !slices.Contains(pl, nanpLen) {
			return -1, true
		}
		idx, ok = b.machine("^(?:"+x.GetNationalNumberPattern()+")$", false)
		return idx, ok
	}

	type regionSpec struct {
		leading int // prefix machine for leadingDigits, or -1
		general int
		types   []int // any of these makes the number's type known
		fixed   int
		mobile  int // consulted only when !same and fixed did not match
		same    bool
		ccOne   bool
	}
	specs := make([]regionSpec, len(regions))
	for i, r := range regions {
		m := meta[r]
		s := regionSpec{leading: -1, same: m.GetSameMobileAndFixedLinePattern(), ccOne: m.GetCountryCode() == 1}
		var ok bool
		if ld := m.GetLeadingDigits(); ld != "" {
			if s.leading, ok = b.machine("^(?:"+ld+")", true); !ok {
				return nil
			}
		}
		if s.general, ok = desc(m.GetGeneralDesc()); !ok {
			return nil
		}
		for _, x := range []*phonenumbers.PhoneNumberDesc{
			m.GetPremiumRate(), m.GetTollFree(), m.GetSharedCost(), m.GetVoip(),
			m.GetPersonalNumber(), m.GetPager(), m.GetUan(), m.GetVoicemail(),
		} {
			idx, ok := desc(x)
			if !ok {
				return nil
			}
			if idx >= 0 {
				s.types = append(s.types, idx)
			}
		}
		if s.fixed, ok = desc(m.GetFixedLine()); !ok {
			return nil
		}
		if s.mobile, ok = desc(m.GetMobile()); !ok {
			return nil
		}
		specs[i] = s
	}

	type formatSpec struct{ leading, pattern int }
	formatSpecs := func(fs []*phonenumbers.NumberFormat) ([]formatSpec, bool) {
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
	natFormats := mainMeta.GetNumberFormat()
	intlFormats := mainMeta.GetIntlNumberFormat()
	if len(intlFormats) == 0 {
		intlFormats = natFormats
	}
	natSpecs, ok1 := formatSpecs(natFormats)
	intlSpecs, ok2 := formatSpecs(intlFormats)
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
	natTmpl := make([]int8, len(natFormats))
	for i, f := range natFormats {
		natTmpl[i] = t.addTemplate(f, true)
	}
	intlTmpl := make([]int8, len(intlFormats))
	for i, f := range intlFormats {
		intlTmpl[i] = t.addTemplate(f, false)
	}

	known := func(s *regionSpec, acc []bool) bool {
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
	chosen := func(fs []formatSpec, tmpl []int8, acc []bool) int8 {
		for i, f := range fs {
			if (f.leading < 0 || acc[f.leading]) && acc[f.pattern] {
				return tmpl[i]
			}
		}
		return -1
	}
	b.eval = func(acc []bool) nanpClass {
		var c nanpClass
		for i := range specs {
			s := &specs[i]
			var sel bool
			if s.leading >= 0 {
				sel = acc[s.leading]
			} else {
				sel = known(s, acc)
			}
			if sel {
				c.valid = known(s, acc)
				break
			}
		}
		c.nat = chosen(natSpecs, natTmpl, acc)
		c.intl = chosen(intlSpecs, intlTmpl, acc)
		return c
	}
	if !b.build() {
		return nil
	}
	t.next, t.root, t.classes = b.next, b.root, b.classes

	// Which spellings parse as plain digits (see fastNANPDigits).
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
	t.plusOK = noStrip(mainMeta)
	for _, r := range regions {
		m := meta[r]
		if m.GetCountryCode() != 1 || !noIDD(m) || !noStrip(m) {
			continue
		}
		if !t.bare10.add(r) {
			return nil
		}
		if t.plusOK && tooLong(m.GetGeneralDesc(), nanpLen+1) {
			t.bare11.add(r)
		}
	}
	return t
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

// ---- Regular expressions as automata over digit strings ----

// compileDigits compiles expr the way package regexp does.
func compileDigits(expr string) (*syntax.Prog, bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, false
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, false
	}
	return prog, true
}

// emptyAt is the zero-width context at position pos of a digit string of
// length n: digits are word characters and never newlines, so only the ends
// differ.
func emptyAt(pos, n int) syntax.EmptyOp {
	r1, r2 := rune('0'), rune('0')
	if pos == 0 {
		r1 = -1
	}
	if pos == n {
		r2 = -1
	}
	return syntax.EmptyOpContext(r1, r2)
}

// closure adds to set the rune instructions reachable from pc without
// consuming input at position pos of a string of length n, and reports
// whether a match instruction is reachable.
func closure(prog *syntax.Prog, pc uint32, pos, n int, seen []bool, set []uint32) ([]uint32, bool, bool) {
	if seen[pc] {
		return set, false, true
	}
	seen[pc] = true
	in := &prog.Inst[pc]
	switch in.Op {
	case syntax.InstAlt, syntax.InstAltMatch:
		set, m1, ok1 := closure(prog, in.Out, pos, n, seen, set)
		set, m2, ok2 := closure(prog, in.Arg, pos, n, seen, set)
		return set, m1 || m2, ok1 && ok2
	case syntax.InstCapture, syntax.InstNop:
		return closure(prog, in.Out, pos, n, seen, set)
	case syntax.InstEmptyWidth:
		if syntax.EmptyOp(in.Arg)&^emptyAt(pos, n) == 0 {
			return closure(prog, in.Out, pos, n, seen, set)
		}
		return set, false, true
	case syntax.InstMatch:
		return set, true, true
	case syntax.InstFail:
		return set, false, true
	case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
		return append(set, pc), false, true
	}
	return set, false, false // an instruction this code does not know
}

// consumes reports whether rune instruction in accepts digit c.
func consumes(in *syntax.Inst, c rune) bool {
	switch in.Op {
	case syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
		return true
	}
	return in.MatchRune(c)
}

// canMatchPrefix reports whether expr, matched at the start, matches a
// prefix of some string with allowed[i] at position i. Following every
// string at once is exact here: the question is only whether a match is
// reachable. ok is false if expr cannot be analysed.
func canMatchPrefix(expr string, allowed [][]byte) (matches, ok bool) {
	prog, ok := compileDigits(expr)
	if !ok {
		return false, false
	}
	n := len(allowed)
	seen := make([]bool, len(prog.Inst))
	set, m, ok := closure(prog, uint32(prog.Start), 0, n, seen, nil)
	for pos := 0; ; pos++ {
		if !ok {
			return false, false
		}
		if m {
			return true, true
		}
		if pos == n || len(set) == 0 {
			return false, true
		}
		clear(seen)
		var next []uint32
		var mi, oki bool
		for _, pc := range set {
			in := &prog.Inst[pc]
			for _, c := range allowed[pos] {
				if consumes(in, rune(c)) {
					next, mi, oki = closure(prog, in.Out, pos+1, n, seen, next)
					m, ok = m || mi, ok && oki
				}
			}
		}
		set = next
	}
}

// digitMachine follows one regular expression over ten-digit strings, as a
// deterministic automaton built on demand. A state is the set of NFA
// instructions alive after some number of digits; for a prefix match, a
// state that has matched stays matched.
type digitMachine struct {
	prog   *syntax.Prog
	prefix bool
	ids    map[string]int32
	states []machineState
	next   [][10]int32 // -1: not yet computed
	bad    bool        // saw an instruction it does not know
	seen   []bool
}

type machineState struct {
	depth   int
	matched bool // prefix: matched already; full: matched at the end
	pcs     []uint32
}

func (m *digitMachine) intern(depth int, matched bool, pcs []uint32) int32 {
	slices.Sort(pcs)
	pcs = slices.Compact(pcs)
	if m.prefix && matched {
		pcs = nil
	}
	if !m.prefix && depth < nanpLen {
		matched = false // a full match counts only at the end
	}
	key := make([]byte, 0, 2+4*len(pcs))
	key = append(key, byte(depth))
	if matched {
		key = append(key, 1)
	} else {
		key = append(key, 0)
	}
	for _, pc := range pcs {
		key = binary.LittleEndian.AppendUint32(key, pc)
	}
	if id, ok := m.ids[string(key)]; ok {
		return id
	}
	id := int32(len(m.states))
	m.ids[string(key)] = id
	m.states = append(m.states, machineState{depth: depth, matched: matched, pcs: pcs})
	m.next = append(m.next, [10]int32{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1})
	return id
}

func (m *digitMachine) start() int32 {
	clear(m.seen)
	set, matched, ok := closure(m.prog, uint32(m.prog.Start), 0, nanpLen, m.seen, nil)
	m.bad = m.bad || !ok
	return m.intern(0, matched, set)
}

func (m *digitMachine) step(id int32, digit int) int32 {
	if n := m.next[id][digit]; n >= 0 {
		return n
	}
	s := m.states[id]
	var n int32
	if s.matched {
		n = m.intern(s.depth+1, true, nil)
	} else {
		clear(m.seen)
		var set []uint32
		matched := false
		for _, pc := range s.pcs {
			in := &m.prog.Inst[pc]
			if consumes(in, rune('0'+digit)) {
				var mi, ok bool
				set, mi, ok = closure(m.prog, in.Out, s.depth+1, nanpLen, m.seen, set)
				matched = matched || mi
				m.bad = m.bad || !ok
			}
		}
		n = m.intern(s.depth+1, matched, set)
	}
	m.next[id][digit] = n
	return n
}

// dfaBuilder runs all the machines side by side over every ten-digit
// string, evaluates eval on which of them matched, and keeps the result as
// a minimised layered automaton: two prefixes share a node when every
// continuation gets the same class.
type dfaBuilder struct {
	machines   []*digitMachine
	machineIdx map[string]int
	eval       func(acc []bool) nanpClass

	memo     map[string]uint32 // joint machine state -> node or class
	nodeIdx  map[nodeKey]uint32
	next     []uint32
	root     uint32
	classes  []nanpClass
	classIdx map[nanpClass]uint32
	acc      []bool
	key      []byte
}

type nodeKey struct {
	depth    int
	children [10]uint32
}

func (b *dfaBuilder) machine(expr string, prefix bool) (int, bool) {
	key := expr + "\x00"
	if prefix {
		key = expr + "\x01"
	}
	if i, ok := b.machineIdx[key]; ok {
		return i, true
	}
	prog, ok := compileDigits(expr)
	if !ok {
		return -1, false
	}
	b.machines = append(b.machines, &digitMachine{
		prog: prog, prefix: prefix, ids: map[string]int32{}, seen: make([]bool, len(prog.Inst)),
	})
	b.machineIdx[key] = len(b.machines) - 1
	return len(b.machines) - 1, true
}

func (b *dfaBuilder) build() bool {
	b.memo = map[string]uint32{}
	b.nodeIdx = map[nodeKey]uint32{}
	b.classIdx = map[nanpClass]uint32{}
	b.acc = make([]bool, len(b.machines))
	state := make([]int32, len(b.machines))
	for i, m := range b.machines {
		state[i] = m.start()
	}
	b.root = b.walk(0, state)
	for _, m := range b.machines {
		if m.bad {
			return false
		}
	}
	b.memo, b.nodeIdx, b.classIdx, b.acc = nil, nil, nil, nil
	return true
}

func (b *dfaBuilder) walk(depth int, state []int32) uint32 {
	b.key = b.key[:0]
	for _, s := range state {
		b.key = binary.LittleEndian.AppendUint32(b.key, uint32(s))
	}
	if id, ok := b.memo[string(b.key)]; ok {
		return id
	}
	key := string(b.key)
	var id uint32
	if depth == nanpLen {
		for i, m := range b.machines {
			b.acc[i] = m.states[state[i]].matched
		}
		c := b.eval(b.acc)
		var ok bool
		if id, ok = b.classIdx[c]; !ok {
			id = uint32(len(b.classes))
			b.classIdx[c] = id
			b.classes = append(b.classes, c)
		}
	} else {
		k := nodeKey{depth: depth}
		next := make([]int32, len(state))
		for d := 0; d < 10; d++ {
			for i, m := range b.machines {
				next[i] = m.step(state[i], d)
			}
			k.children[d] = b.walk(depth+1, next)
		}
		var ok bool
		if id, ok = b.nodeIdx[k]; !ok {
			id = uint32(len(b.next) / 10)
			b.nodeIdx[k] = id
			b.next = append(b.next, k.children[:]...)
		}
	}
	b.memo[key] = id
	return id
}
