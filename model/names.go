package model

import (
	"strings"
	"unicode"
)

// NameKey is a person's name as matching compares it: case, accents,
// punctuation and spacing ignored ("Dr. Hélène Côté" = "dr helene cote").
// Two names with one key are one person's.
func NameKey(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(Fold(name)) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// titles are the words a name may carry or not without naming someone
// else: "Ana Ruiz" and "Dr. Ana Ruiz, MD" may well be one person.
var titles = map[string]bool{"dr": true, "doctor": true, "docteur": true, "dre": true, "mr": true, "mrs": true,
	"ms": true, "md": true, "np": true, "rn": true, "pa": true}

// LooksLike reports whether two names that are not the same (their
// NameKeys differ) are close enough that one may be a misspelling of the
// other: the same once titles are left out ("Ana Ruiz", "Dr. Ana Ruiz"),
// or a letter or two apart ("Dr. Ana Ruis"), or with the words in another
// order ("Ruiz Ana"). Such names are pointed out to a person, never
// merged: two doctors may well be named alike.
func LooksLike(a, b string) bool {
	ka, kb := NameKey(a), NameKey(b)
	if ka == kb {
		return false
	}
	wa, wb := bareWords(ka), bareWords(kb)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	ja, jb := strings.Join(wa, " "), strings.Join(wb, " ")
	if ja == jb || sortedWords(wa) == sortedWords(wb) {
		return true
	}
	// Short names differ by one letter from many others ("Li", "Lu"):
	// allow one edit from five letters on, two from ten.
	n := min(len([]rune(ja)), len([]rune(jb)))
	allowed := 0
	switch {
	case n >= 10:
		allowed = 2
	case n >= 5:
		allowed = 1
	}
	return allowed > 0 && editDistance(ja, jb, allowed) <= allowed
}

func bareWords(key string) []string {
	var out []string
	for _, w := range strings.Fields(key) {
		if !titles[w] {
			out = append(out, w)
		}
	}
	return out
}

func sortedWords(ws []string) string {
	s := append([]string(nil), ws...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return strings.Join(s, " ")
}

// editDistance is the Levenshtein distance of a and b, or limit+1 once it
// is known to be more than limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
