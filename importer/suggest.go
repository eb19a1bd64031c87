package importer

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"

	"frontdesk/model"
)

// Scores of the ways a column's name can match a field; any match of a
// better kind beats every match of a worse kind.
const (
	scoreName      = 1000 // the field's own name or label
	scoreSynonym   = 900  // minus the synonym's rank
	scoreQualified = 800  // a name or synonym once qualifiers are set aside, minus the rank
	scoreNear      = 600  // minus 100 per typo, minus the rank
	scoreWithin    = 450  // a name of several words among others, minus 10 per other word and the rank
	scoreKeyword   = 300  // minus the keyword's rank
)

// Suggestion is a proposed mapping, with the reasons of its less obvious
// choices.
type Suggestion struct {
	Mapping []string
	// Notes say, by column, why a column got its field over another that
	// could hold it, or what a column backs; "" for most.
	Notes []string
}

// Suggest proposes a field for each header, or "" to ignore the column
// (see Suggestions).
func Suggest(headers []string, fields []FieldSpec) []string {
	return Suggestions(headers, fields).Mapping
}

// Suggestions proposes a field for each header, or "" to ignore the column:
// the field's own name or label, then its synonyms, then the same once
// qualifiers are set aside (words in parentheses, the place a column is of
// such as "Business Practice Location", "Provider": "Provider Last Name
// (Legal Name)" is the last name), then spellings one or two typos away,
// then a name of several words among others ("Referring Physician First
// Name"), then a keyword anywhere in the name ("Fax (bureau)"). Matching
// ignores case, accents, punctuation, spacing and filler words ("Fax No.",
// "Numéro de fax"). Each field goes to one column at most, the best match
// first; between columns of the same thing for different places ("Mailing
// Address", "Practice Location Address"), the place a front desk wants:
// where the clinician practises, then work, then none said, then mailing,
// other and home ("Business Fax" beats "Home Fax"); then the leftmost.
// A column of the same thing for another
// place backs the chosen one where it is empty ("else fax"), unless it is
// a home or other one. For contacts, numbered type and value columns
// ("Phone 1 - Type", "Phone 1 - Value") are mapped to their roles in their
// family (see HeaderRole). Deterministic.
func Suggestions(headers []string, fields []FieldSpec) Suggestion {
	type match struct {
		col, field, score, block, words int
	}
	var matches []match
	keys := make([]fieldKeys, len(fields))
	for f, spec := range fields {
		keys[f] = newFieldKeys(spec)
	}
	sg := Suggestion{Mapping: make([]string, len(headers)), Notes: make([]string, len(headers))}
	taken := make([]bool, len(fields))
	var inFamily []bool
	if slices.ContainsFunc(fields, func(f FieldSpec) bool { return f.Name == string(model.FieldFax) }) {
		// Families are read by contact imports only.
		var roles []string
		roles, inFamily = familyRoles(headers)
		for c, r := range roles {
			role, ok := ParseRole(r)
			if !ok {
				continue
			}
			sg.Mapping[c] = r
			for _, ff := range familyFields(role.Kind) {
				// A column named fax is still the fax, and one named name
				// the name: the family backs them.
				if i := slices.IndexFunc(fields, func(f FieldSpec) bool { return f.Name == string(ff) }); i >= 0 &&
					ff != model.FieldFax && ff != model.FieldName {
					taken[i] = true
				}
			}
		}
	}
	infos := make([]headerInfo, len(headers))
	for c, h := range headers {
		infos[c] = analyze(h)
		if infos[c].hk == "" || (inFamily != nil && inFamily[c]) {
			continue
		}
		for f := range fields {
			if s := keys[f].score(infos[c]); s > 0 {
				matches = append(matches, match{c, f, s, blockRank(infos[c].block), len(infos[c].qw)})
			}
		}
	}
	// Columns of the same thing for different places ("Mailing Address",
	// "Practice Location Address") are equals, whatever their names'
	// matches: the place decides between them.
	type thing struct {
		field int
		qk    string
	}
	best := map[thing]int{}
	for _, m := range matches {
		k := thing{m.field, infos[m.col].qk}
		best[k] = max(best[k], m.score)
	}
	sort.Slice(matches, func(i, j int) bool {
		a, b := matches[i], matches[j]
		ga, gb := best[thing{a.field, infos[a.col].qk}], best[thing{b.field, infos[b.col].qk}]
		switch {
		case ga != gb:
			return ga > gb
		case a.block != b.block:
			return a.block < b.block
		case a.score != b.score:
			return a.score > b.score
		case a.words != b.words:
			return a.words < b.words
		case a.col != b.col:
			return a.col < b.col
		}
		return a.field < b.field
	})
	chosen := make([]int, len(fields))
	for i := range chosen {
		chosen[i] = -1
	}
	for _, m := range matches {
		if sg.Mapping[m.col] == "" && !taken[m.field] {
			sg.Mapping[m.col] = fields[m.field].Name
			taken[m.field] = true
			chosen[m.field] = m.col
		}
	}
	// The same thing for another place: the reason of the choice, and a
	// column to fall back on.
	for _, m := range matches {
		c := chosen[m.field]
		if c < 0 || c == m.col || sg.Mapping[m.col] != "" && !strings.HasPrefix(sg.Mapping[m.col], elsePrefix) ||
			infos[m.col].qk != infos[c].qk || infos[m.col].block == infos[c].block {
			continue
		}
		name := fields[m.field].Name
		if sg.Notes[c] == "" {
			sg.Notes[c] = name + ": " + whyBlock(infos[c].block, infos[m.col].block)
		}
		if sg.Mapping[m.col] != "" || !fallbackFields[model.Field(name)] || infos[m.col].block == blockHome || infos[m.col].block == blockOther {
			continue
		}
		sg.Mapping[m.col] = elsePrefix + name
		sg.Notes[c] += "; else " + blockLabel(infos[m.col].block) + " where it is empty"
		sg.Notes[m.col] = name + " where " + blockLabel(infos[c].block) + " is empty"
	}
	return sg
}

// elsePrefix marks a column that backs a field: "else fax" is read where
// the fax column of a row is empty.
const elsePrefix = "else "

// fallbackFields are the fields whose column the suggestion backs with the
// same column of another place: what reaches the person.
var fallbackFields = map[model.Field]bool{
	model.FieldFax: true, model.FieldPhone: true, model.FieldMobile: true, model.FieldEmail: true,
	model.FieldAddress: true, model.FieldCity: true, model.FieldRegion: true, model.FieldPostalCode: true,
	model.FieldCountry: true,
}

// headerInfo is what matching reads of a header, worked out once.
type headerInfo struct {
	hk      string   // its key
	hw      []string // its words
	qk, qk2 string   // the key of its words once qualified, and without a last "name", "text" or "code"
	qw      []string // the words that say what it holds
	block   string   // the place it is of
}

// entityWords say whose a column is, not what: "Provider First Name".
var entityWords = map[string]bool{
	"provider": true, "contact": true, "practitioner": true, "physician": true, "clinician": true, "prescriber": true,
}

func analyze(h string) headerInfo {
	hi := headerInfo{hk: key(h), hw: words(h)}
	bare := stripParens(h)
	bw := words(bare)
	hi.block = blockOf(bw)
	for i, w := range bw {
		last := i == len(bw)-1
		switch {
		case filler[w], entityWords[w], isBlockWord(w):
		case (w == "address" || w == "adresse") && !last:
		case w == "line" && len(hi.qw) > 0 && (hi.qw[len(hi.qw)-1] == "first" || hi.qw[len(hi.qw)-1] == "1st"):
			hi.qw = hi.qw[:len(hi.qw)-1]
		case w == "line" && !last && (bw[i+1] == "1" || bw[i+1] == "one"):
			bw[i+1] = "" // the line's number, dropped with it
		case w == "":
		default:
			hi.qw = append(hi.qw, w)
		}
	}
	if len(hi.qw) == 0 {
		hi.qw = words(bare)
	}
	hi.qk = strings.Join(hi.qw, "")
	if n := len(hi.qw); n > 1 && (hi.qw[n-1] == "name" || hi.qw[n-1] == "text" || hi.qw[n-1] == "code") {
		hi.qk2 = strings.Join(hi.qw[:n-1], "")
	}
	return hi
}

// stripParens drops the parts of a name in parentheses, "Provider Last
// Name (Legal Name)", unless nothing else is left.
func stripParens(h string) string {
	var b strings.Builder
	depth := 0
	for _, r := range h {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	if strings.TrimSpace(b.String()) == "" {
		return h
	}
	return b.String()
}

// fieldKeys are the keys of a field's name, label and synonyms, worked out
// once per suggestion.
type fieldKeys struct {
	keys     []string   // name, label, then synonyms
	phrases  [][]string // the words of those of several words, by the same index (nil for one word)
	keywords []string
}

func newFieldKeys(spec FieldSpec) fieldKeys {
	fk := fieldKeys{keywords: keywords[model.Field(spec.Name)]}
	for _, s := range append([]string{spec.Name, spec.Label}, spec.Synonyms...) {
		fk.keys = append(fk.keys, key(s))
		var phrase []string
		for _, w := range words(s) {
			if !filler[w] {
				phrase = append(phrase, w)
			}
		}
		if len(phrase) < 2 {
			phrase = nil
		}
		fk.phrases = append(fk.phrases, phrase)
	}
	return fk
}

// score rates how well a column named as hi says names the field; 0 is
// not at all.
func (fk fieldKeys) score(hi headerInfo) int {
	rank := func(i int) int { return max(i-2, 0) }
	for i, k := range fk.keys {
		switch {
		case hi.hk != k:
		case i < 2:
			return scoreName
		default:
			return scoreSynonym - rank(i)
		}
	}
	for i, k := range fk.keys {
		if hi.qk == k || hi.qk2 == k {
			return scoreQualified - rank(i)
		}
	}
	best := 0
	for i, k := range fk.keys {
		if d := typos(hi.hk, k); d > 0 && scoreNear-100*d-rank(i) > best {
			best = scoreNear - 100*d - rank(i)
		}
	}
	if best > 0 {
		return best
	}
	for i, p := range fk.phrases {
		if p == nil || !hasRun(hi.qw, p) {
			continue
		}
		if s := scoreWithin - 10*min(len(hi.qw)-len(p), 10) - min(rank(i), 40); s > best {
			best = s
		}
	}
	if best > 0 {
		return best
	}
	for i, kw := range fk.keywords {
		for j, w := range hi.hw {
			if w == kw || (j+1 < len(hi.hw) && w+hi.hw[j+1] == kw) {
				return scoreKeyword - i
			}
		}
	}
	return 0
}

// hasRun reports whether run appears in w, word after word.
func hasRun(w, run []string) bool {
	for i := 0; i+len(run) <= len(w); i++ {
		if slices.Equal(w[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// typos returns how many typos (a letter added, dropped, changed or two
// swapped) turn a into b, when they are few enough for names that long to
// still be the same name; 0 otherwise. Short names never match this way:
// "Date" is not a typo for "State".
func typos(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := min(len(ra), len(rb))
	limit := 0
	switch {
	case n >= 9:
		limit = 2
	case n >= 5:
		limit = 1
	}
	if limit == 0 || abs(len(ra)-len(rb)) > limit {
		return 0
	}
	if d := distance(ra, rb); d <= limit {
		return d
	}
	return 0
}

// distance is the optimal string alignment distance between a and b.
func distance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// filler are words that do not change what a column holds: "Fax No.",
// "Fax number", "Numéro de fax" all hold the fax.
var filler = map[string]bool{
	"no": true, "nr": true, "nbr": true, "num": true, "number": true, "numero": true, "n": true,
	"de": true, "du": true, "d": true, "of": true, "the": true,
}

// key reduces a column or field name to what matching compares: folded
// letters and digits, without filler words ("E-mail Address" and
// "EMAIL_ADDRESS" are both "emailaddress").
func key(s string) string {
	w := words(s)
	kept := w[:0:0]
	for _, x := range w {
		if !filler[x] {
			kept = append(kept, x)
		}
	}
	if len(kept) == 0 {
		kept = w
	}
	return strings.Join(kept, "")
}

// words splits a name into folded words at anything that is not a letter or
// a digit and where a lower-case letter meets an upper-case one
// ("faxNumber").
func words(s string) []string {
	var out []string
	var cur []rune
	var last rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, model.Fold(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // an accent written apart from its letter
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(last):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		last = r
	}
	flush()
	return out
}

// ParseMap reads a --map spec 'Header=field,Header 2=field2' into a mapping
// aligned with headers (the names Preview.Header gives, "Column 3" for an
// unnamed column). A header is found exactly as written, else ignoring case
// and accents when that names one column; commas may appear in headers
// ("Name, First=first_name"). "ignore" is a field; columns the spec does not
// name are ignored. "else fax" makes a column back the fax column where a
// row's is empty (several may, tried left to right). "Phone *=by type"
// maps the numbered type and value columns of a family (see HeaderRole);
// a column can also be given its role alone ("Tel 2=phone 2 value"). An
// error names the pair at fault.
func ParseMap(spec string, headers []string, fields []FieldSpec) ([]string, error) {
	mapping := make([]string, len(headers))
	named := make([]bool, len(headers))
	owner := map[string]int{} // field -> column
	pending := ""
	for _, part := range strings.Split(spec, ",") {
		if pending != "" {
			part = pending + "," + part
		}
		eq := strings.LastIndexByte(part, '=')
		if eq < 0 {
			pending = part
			continue
		}
		pending = ""
		h, f := strings.TrimSpace(part[:eq]), strings.TrimSpace(part[eq+1:])
		if h == "" && f == "" {
			continue
		}
		if cols, ok := familyPattern(h, headers); ok {
			if !strings.EqualFold(f, ByType) && !strings.EqualFold(f, ignoreField) {
				return nil, fmt.Errorf("--map: %q names the columns of a family: map it to %q or %s, not %q", h, ByType, ignoreField, f)
			}
			for col, role := range cols {
				if named[col] {
					return nil, fmt.Errorf("--map: column %q mapped twice", headers[col])
				}
				named[col] = true
				if strings.EqualFold(f, ByType) {
					mapping[col] = role
				}
			}
			continue
		}
		col, err := findColumn(h, headers)
		if err != nil {
			return nil, err
		}
		field, err := findEntry(f, fields)
		if err != nil {
			return nil, err
		}
		if named[col] {
			return nil, fmt.Errorf("--map: column %q mapped twice", headers[col])
		}
		named[col] = true
		if field == ignoreField {
			continue
		}
		if _, isRole := ParseRole(field); !isRole && !strings.HasPrefix(field, elsePrefix) {
			if prev, ok := owner[field]; ok {
				return nil, fmt.Errorf("--map: field %s mapped twice (%q and %q)", field, headers[prev], headers[col])
			}
			owner[field] = col
		}
		mapping[col] = field
	}
	if strings.TrimSpace(pending) != "" {
		return nil, fmt.Errorf("--map: %q is not Header=field", strings.TrimSpace(pending))
	}
	for col, f := range mapping {
		if b, ok := IsFallback(f); ok {
			if _, mapped := owner[b]; !mapped {
				return nil, fmt.Errorf("--map: %q is %s, but no column is mapped to %s", headers[col], f, b)
			}
		}
	}
	return mapping, nil
}

// familyPattern reads a header pattern of --map, "Phone *": the columns of
// the families with that prefix, with their roles. A header of the file
// that is written so is a column, not a pattern.
func familyPattern(h string, headers []string) (map[int]string, bool) {
	prefix, ok := strings.CutSuffix(h, "*")
	if !ok || slices.Contains(headers, h) {
		return nil, false
	}
	pk := strings.Join(words(prefix), "")
	roles, _ := familyRoles(headers)
	cols := map[int]string{}
	for c, r := range roles {
		if _, p, _, _ := HeaderRole(headers[c]); r != "" && p == pk {
			cols[c] = r
		}
	}
	return cols, len(cols) > 0
}

// familyPrefix is the words of a family's header before its number, as
// written: "E-mail" for "E-mail 1 - Value".
func familyPrefix(header string) string {
	for i, r := range header {
		if r >= '0' && r <= '9' {
			return strings.TrimSpace(header[:i])
		}
	}
	return header
}

func findColumn(h string, headers []string) (int, error) {
	for i, x := range headers {
		if x == h {
			return i, nil
		}
	}
	found := -1
	for i, x := range headers {
		if model.Fold(x) == model.Fold(h) {
			if found >= 0 {
				found = -2
				break
			}
			found = i
		}
	}
	if found >= 0 {
		return found, nil
	}
	return 0, fmt.Errorf("--map: no column %q in the file (columns: %s)", h, strings.Join(headers, ", "))
}

// findEntry reads what a column is mapped to: a field, "else field" or a
// role in a family.
func findEntry(f string, fields []FieldSpec) (string, error) {
	if strings.EqualFold(f, strings.TrimSpace(elsePrefix)) {
		f += " "
	}
	if b, ok := strings.CutPrefix(strings.ToLower(f), elsePrefix); ok {
		field, err := findField(strings.TrimSpace(b), fields)
		if err != nil || field == ignoreField {
			return "", fmt.Errorf("--map: %q: else must name the field the column backs (else fax)", f)
		}
		return elsePrefix + field, nil
	}
	if r, ok := ParseRole(strings.ToLower(strings.Join(strings.Fields(f), " "))); ok {
		return r.String(), nil
	}
	return findField(f, fields)
}

func findField(f string, fields []FieldSpec) (string, error) {
	names := make([]string, 0, len(fields)+1)
	for _, spec := range fields {
		if strings.EqualFold(spec.Name, f) {
			return spec.Name, nil
		}
		names = append(names, spec.Name)
	}
	if strings.EqualFold(f, ignoreField) {
		return ignoreField, nil
	}
	names = append(names, ignoreField)
	more := ""
	if slices.Contains(names, string(model.FieldFax)) {
		more = "; else FIELD for a column that backs another"
	}
	return "", fmt.Errorf("--map: unknown field %q (fields: %s%s)", f, strings.Join(names, ", "), more)
}

// FormatMap writes a mapping back as a --map spec, mapped columns only, in
// the order of the columns, so that the CLI can print the suggestion for a
// script to reuse. A family mapped as the suggestion maps it is written
// once, "Phone *=by type".
func FormatMap(headers, mapping []string) string {
	var b strings.Builder
	write := func(h, f string) {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(h)
		b.WriteByte('=')
		b.WriteString(f)
	}
	done := map[string]bool{} // family patterns written
	for i, f := range mapping {
		if f == "" || f == ignoreField || i >= len(headers) {
			continue
		}
		if _, ok := ParseRole(f); ok {
			pattern := familyPrefix(headers[i]) + " *"
			if done[pattern] {
				continue
			}
			if cols, ok := familyPattern(pattern, headers); ok && sameRoles(cols, mapping) {
				done[pattern] = true
				write(pattern, ByType)
				continue
			}
		}
		write(headers[i], f)
	}
	return b.String()
}

// sameRoles reports whether mapping gives the columns of a family their
// roles, and no other column one of theirs.
func sameRoles(cols map[int]string, mapping []string) bool {
	for c, r := range cols {
		if c >= len(mapping) || mapping[c] != r {
			return false
		}
	}
	for c, f := range mapping {
		if _, ok := cols[c]; !ok && slices.Contains(slices.Collect(maps.Values(cols)), f) {
			return false
		}
	}
	return true
}
