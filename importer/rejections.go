package importer

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"frontdesk/model"
)

// The kinds of rejection: why a row is not imported, in a few words, the
// same for every row rejected for it. A file of a million rows may have
// a hundred thousand rejected; the report counts them by kind before it
// lists any (Rejection.Kind, CountRejections).
const (
	KindNoFax           = "no fax number"
	KindBadFax          = "fax number not valid"
	KindGroupNoFax      = "group without a fax number"
	KindGroupConflict   = "group with different fax numbers"
	KindNoName          = "no name"
	KindBadBirthDate    = "date of birth not valid"
	KindEmployerTooLong = "employer too long"
	KindDuplicate       = "already in the contact book" // skipped, not rejected: DuplicateRows
)

// problemKind is the kind of a row's problems: its first, as the report
// words it ("no name", "email not valid", "notes too long").
func problemKind(ps model.Problems) string {
	if len(ps) == 0 {
		return ""
	}
	p := ps[0]
	switch {
	case p.Field == model.FieldName && strings.HasPrefix(p.Message, "is required"):
		return KindNoName
	case strings.HasPrefix(p.Message, "is too long"):
		return string(p.Field) + " too long"
	case strings.HasPrefix(p.Message, "is required"):
		return "no " + string(p.Field)
	}
	return string(p.Field) + " not valid"
}

// ReasonCount is how many rows were rejected for one kind of reason.
type ReasonCount struct {
	Kind string `json:"kind"`
	Rows int    `json:"rows"`
}

// CountRejections counts rs by kind, the most frequent first (then by
// kind, for the same order on every run).
func CountRejections(rs []Rejection) []ReasonCount {
	by := map[string]int{}
	for _, r := range rs {
		by[r.Kind]++
	}
	out := make([]ReasonCount, 0, len(by))
	for k, n := range by {
		out = append(out, ReasonCount{k, n})
	}
	slices.SortFunc(out, func(a, b ReasonCount) int {
		return cmp.Or(cmp.Compare(b.Rows, a.Rows), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

// ReasonsLine words the counts: "9,120 no fax number, 2,800 fax number
// not valid, 114 no name".
func ReasonsLine(counts []ReasonCount) string {
	parts := make([]string, len(counts))
	for i, c := range counts {
		parts[i] = Thousands(c.Rows) + " " + c.Kind
	}
	return strings.Join(parts, ", ")
}

// Thousands writes n with its thousands grouped by commas: 1,234,567.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
