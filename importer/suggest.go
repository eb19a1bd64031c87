package importer

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"frontdesk/model"
)

// Scores of the ways a column's name can match a field; any match of a
// better kind beats every match of a worse kind.
const (
	scoreName    = 1000 // the field's own name or label
	scoreSynonym = 900  // minus the synonym's rank
	scoreNear    = 600  // minus 100 per typo, minus the rank
	scoreKeyword = 300  // minus the keyword's rank
)

// Suggest proposes a field for each header, or "" to ignore the column: the
// field's own name or label, then its synonyms, then spellings one or two
// typos away from them, then a keyword anywhere in the name ("Fax
// (bureau)"). Matching ignores case, accents, punctuation, spacing and
// filler words ("Fax No.", "Numéro de fax"). Each field goes to one column
// at most, the best match first ("Business Fax" beats "Home Fax", which then
// maps to nothing); ties go to the leftmost column. Deterministic.
func Suggest(headers []string, fields []FieldSpec) []string {
	type match struct{ col, field, score int }
	var matches []match
	keys := make([]fieldKeys, len(fields))
	for f, spec := range fields {
		keys[f] = newFieldKeys(spec)
	}
	for c, h := range headers {
		hk := key(h)
		if hk == "" {
			continue
		}
		hw := words(h)
		for f := range fields {
			if s := keys[f].score(hk, hw); s > 0 {
				matches = append(matches, match{c, f, s})
			}
		}
	}
	sort.Slice(matches, func(i, j int) bool {
		a, b := matches[i], matches[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.col != b.col {
			return a.col < b.col
		}
		return a.field < b.field
	})
	mapping := make([]string, len(headers))
	taken := make([]bool, len(fields))
	for _, m := range matches {
		if mapping[m.col] == "" && !taken[m.field] {
			mapping[m.col] = fields[m.field].Name
			taken[m.field] = true
		}
	}
	return mapping
}

// fieldKeys are the keys of a field's name, label and synonyms, worked out
// once per suggestion.
type fieldKeys struct {
	keys     []string // name, label, then synonyms
	keywords []string
}

func newFieldKeys(spec FieldSpec) fieldKeys {
	fk := fieldKeys{keys: []string{key(spec.Name), key(spec.Label)}, keywords: keywords[model.Field(spec.Name)]}
	for _, syn := range spec.Synonyms {
		fk.keys = append(fk.keys, key(syn))
	}
	return fk
}

// score rates how well a column whose name has key hk and words hw names
// the field; 0 is not at all.
func (fk fieldKeys) score(hk string, hw []string) int {
	for i, k := range fk.keys {
		switch {
		case hk != k:
		case i < 2:
			return scoreName
		default:
			return scoreSynonym - (i - 2)
		}
	}
	best := 0
	for i, k := range fk.keys {
		rank := max(i-2, 0)
		if d := typos(hk, k); d > 0 && scoreNear-100*d-rank > best {
			best = scoreNear - 100*d - rank
		}
	}
	if best > 0 {
		return best
	}
	for i, kw := range fk.keywords {
		for j, w := range hw {
			if w == kw || (j+1 < len(hw) && w+hw[j+1] == kw) {
				return scoreKeyword - i
			}
		}
	}
	return 0
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
// name are ignored. An error names the pair at fault.
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
		col, err := findColumn(h, headers)
		if err != nil {
			return nil, err
		}
		field, err := findField(f, fields)
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
		if prev, ok := owner[field]; ok {
			return nil, fmt.Errorf("--map: field %s mapped twice (%q and %q)", field, headers[prev], headers[col])
		}
		owner[field] = col
		mapping[col] = field
	}
	if strings.TrimSpace(pending) != "" {
		return nil, fmt.Errorf("--map: %q is not Header=field", strings.TrimSpace(pending))
	}
	return mapping, nil
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
	return "", fmt.Errorf("--map: unknown field %q (fields: %s)", f, strings.Join(names, ", "))
}

// FormatMap writes a mapping back as a --map spec, mapped columns only, in
// the order of the columns, so that the CLI can print the suggestion for a
// script to reuse.
func FormatMap(headers, mapping []string) string {
	var b strings.Builder
	for i, f := range mapping {
		if f == "" || f == ignoreField || i >= len(headers) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(headers[i])
		b.WriteByte('=')
		b.WriteString(f)
	}
	return b.String()
}
