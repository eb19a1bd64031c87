package search

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sahilm/fuzzy"

	"frontdesk/demo"
	"frontdesk/model"
)

// book is a small contact list summarised as the UI does, in display order.
func book(t testing.TB) (*Index, []string) {
	t.Helper()
	person := func(first, last, org, spec, fax string) model.Contact {
		return model.Contact{Kind: model.Single, Fax: fax, Entities: []model.Entity{
			{FirstName: first, LastName: last, Title: "Dr.", Organization: org, Specialty: spec}}}
	}
	cs := []model.Contact{
		person("Bob", "Asmith", "Acme Clinic", "Dermatology", "+16175550110"),
		person("Émilie", "Côté", "Hôtel-Dieu de Québec", "Obstetrics", "+14185550123"),
		{Kind: model.Group, GroupName: "LifeLabs Requisitions", Fax: "+16475550181", Entities: []model.Entity{
			{Name: "Requisitions", Organization: "LifeLabs"}, {FirstName: "Noël", LastName: "Roy", Organization: "LifeLabs"}}},
		person("José", "Núñez", "Massachusetts General Hospital", "Orthopedic Surgery", "+16175550142"),
		person("Anne", "Smith", "True North Imaging", "Radiology", "+14375550177"),
		person("John", "Smith", "Bloor West Family Health Team", "Family Medicine", "+14165550199"),
		person("Robert", "Smithson", "Sunnybrook", "Urology", "+14165550188"),
		person("Hélène", "Tremblay", "St. Michael's Hospital", "Cardiology", "+14165550101"),
	}
	ix := NewIndex(len(cs))
	var names []string
	for _, c := range cs {
		s := c.Summarize(model.DefaultRegion)
		ix.Add([]byte(s.Search))
		names = append(names, s.Name)
	}
	return ix, names
}

func search(t testing.TB, ix *Index, query string, prev *Result) *Result {
	t.Helper()
	r, err := ix.Search(context.Background(), query, prev)
	if err != nil {
		t.Fatalf("Search(%q): %v", query, err)
	}
	return r
}

func hits(r *Result) []int {
	out := make([]int, r.Len())
	for i := range out {
		out[i] = r.Hit(i)
	}
	return out
}

func hitNames(r *Result, names []string) []string {
	var out []string
	for _, id := range hits(r) {
		out = append(out, names[id])
	}
	return out
}

func TestSearchMatches(t *testing.T) {
	ix, names := book(t)
	for _, tc := range []struct {
		query string
		head  []string // the first hits, in rank order
		only  bool     // and no other hit
	}{
		{"helene", []string{"Tremblay, Hélène"}, false},
		{"HÉLÈNE", []string{"Tremblay, Hélène"}, false},
		{"Helene", []string{"Tremblay, Hélène"}, false},
		{"tremblay", []string{"Tremblay, Hélène"}, true},
		{"cote", []string{"Côté, Émilie"}, false},
		{"côté émilie", []string{"Côté, Émilie"}, false},
		{"nunez jose", []string{"Núñez, José"}, true},
		{"noel", []string{"LifeLabs Requisitions"}, false}, // a person of a group
		{"4165550101", []string{"Tremblay, Hélène"}, false},
		{"(416) 555-0101", []string{"Tremblay, Hélène"}, false},
		{"416-555-0101", []string{"Tremblay, Hélène"}, false},
		{"416.555.0101", []string{"Tremblay, Hélène"}, false},
		{"+1 416 555 0101", []string{"Tremblay, Hélène"}, false},
		{"14165550101", []string{"Tremblay, Hélène"}, false},
		{"555-0101", []string{"Tremblay, Hélène"}, false},
		{"john smith", []string{"Smith, John"}, false},
		{"smith john", []string{"Smith, John"}, false},
		{"smith", []string{"Smith, Anne", "Smith, John", "Smithson, Robert", "Asmith, Bob"}, false},
		{"cardiology", []string{"Tremblay, Hélène"}, true},
		{"lifelabs req", []string{"LifeLabs Requisitions"}, true},
		{"zzz", nil, true},
		{"smith zzz", nil, true},
	} {
		got := hitNames(search(t, ix, tc.query, nil), names)
		if len(got) < len(tc.head) || !slices.Equal(got[:len(tc.head)], tc.head) || tc.only && len(got) != len(tc.head) {
			t.Errorf("%q: got %q, want %q first (only: %v)", tc.query, got, tc.head, tc.only)
		}
	}
}

func TestSearchEmptyQuery(t *testing.T) {
	ix, _ := book(t)
	for _, q := range []string{"", "   ", "-", " ( "} {
		r := search(t, ix, q, nil)
		if want := []int{0, 1, 2, 3, 4, 5, 6, 7}; !slices.Equal(hits(r), want) {
			t.Errorf("%q: hits %v, want every record in display order", q, hits(r))
		}
	}
	if r := search(t, NewIndex(0), "smi", nil); r.Len() != 0 {
		t.Errorf("an empty index has %d hits", r.Len())
	}
}

// tiered is a list where "smi" meets every tier, in display order.
var tiered = []string{
	"asmith, bob\x1fbob asmith\x1facme\x1fdermatology",           // 2: a substring
	"brown, bob\x1fbob brown\x1fsmithfield clinic\x1fpediatrics", // 3: a word of another part
	"jones, smiley\x1fsmiley jones\x1facme\x1f",                  // 4: a word of the name
	"sam mills inc\x1fsam mills inc\x1f\x1f",                     // 1: within one part
	"smith, john\x1fjohn smith\x1facme\x1f",                      // 5: the name starts with it
	"smithson, anne\x1fanne smithson\x1facme\x1f",                // 5
	"stone, al\x1fal stone\x1fmercy\x1fpediatrics",               // 0: spread across parts
	"taylor, al\x1fal taylor\x1facme\x1fcardiology",              // not a hit
}

func indexOf(texts ...string) *Index {
	ix := NewIndex(len(texts))
	for _, s := range texts {
		ix.Add([]byte(s))
	}
	return ix
}

func TestSearchTiers(t *testing.T) {
	ix := indexOf(tiered...)
	for _, tc := range []struct {
		query string
		want  []int
	}{
		{"smi", []int{4, 5, 2, 1, 0, 3, 6}},
		{"SMI", []int{4, 5, 2, 1, 0, 3, 6}},
		{"bob", []int{0, 1}},                // a word of the name: display order
		{"smi bob", []int{1, 0}},            // the worst term decides: 3 then 2
		{"s a", []int{5, 6, 2, 4, 0, 1, 3}}, // 4 4 3 3 2 2 2
		{"pediatrics", []int{1, 6}},         // a word of another part: display order
		{"al stone", []int{6}},
	} {
		if got := hits(search(t, ix, tc.query, nil)); !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.query, got, tc.want)
		}
	}
}

func TestSearchFuzzyOrderWithinLowTiers(t *testing.T) {
	// Every record is of tier 1 for "smth"; each is scored in its best part
	// (a whole text would lose points for its other parts), ties keep display
	// order.
	texts := []string{
		"adams, sam\x1fsam adams\x1fsmall town health\x1f",
		"mount sinai\x1fsmith, al\x1f",
		"sam the man\x1fa much longer part that would cost points\x1f",
		"smith, ann\x1fann smith\x1f",
		"smith, ann\x1fann smith\x1f",
		"sxmxtxh\x1f",
	}
	best := func(text string) int {
		score := math.MinInt
		for _, part := range strings.Split(text, "\x1f") {
			for _, m := range fuzzy.Find("smth", []string{part}) {
				score = max(score, m.Score)
			}
		}
		return score
	}
	want := []int{0, 1, 2, 3, 4, 5}
	slices.SortStableFunc(want, func(a, b int) int { return best(texts[b]) - best(texts[a]) })
	if got := hits(search(t, indexOf(texts...), "smth", nil)); !slices.Equal(got, want) {
		t.Errorf("smth: got %v, want %v", got, want)
	}
}

func TestSearchIncremental(t *testing.T) {
	ix := NewIndex(0)
	for _, c := range demo.Contacts(5) {
		ix.Add([]byte(c.Summarize(model.DefaultRegion).Search))
	}
	for _, s := range tiered {
		ix.Add([]byte(s))
	}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aeilmnorstéÉ (-)0145 "
	runes := []rune(alphabet)
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(runes[r.IntN(len(runes))])
		}
		return b.String()
	}
	for range 400 {
		q := word(r.IntN(4))
		prev := search(t, ix, q, nil)
		for range 1 + r.IntN(3) {
			q += word(1 + r.IntN(2))
			inc := search(t, ix, q, prev)
			fresh := search(t, ix, q, nil)
			if a, b := hits(inc), hits(fresh); !slices.Equal(a, b) {
				t.Fatalf("%q after %q: %v, fresh %v", q, prev.Query(), a, b)
			}
			prev = inc
		}
	}
	// A previous result that the query does not extend is not used.
	prev := search(t, ix, "tremblay", nil)
	if a, b := hits(search(t, ix, "smi", prev)), hits(search(t, ix, "smi", nil)); !slices.Equal(a, b) {
		t.Errorf("smi after tremblay: %v, fresh %v", a, b)
	}
}

// cancelAfter is a context that is cancelled after Err has said no n times.
type cancelAfter struct {
	context.Context
	n atomic.Int32
}

func (c *cancelAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestSearchCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ix := indexOf(tiered...)
	if r, err := ix.Search(ctx, "smi", nil); !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("cancelled before: %v, %v", r, err)
	}

	big := NewIndex(10 * chunkSize)
	for i := range 10 * chunkSize {
		big.Add([]byte(tiered[i%len(tiered)]))
	}
	c := &cancelAfter{Context: context.Background()}
	c.n.Store(3) // the check at the start, then two chunks
	if r, err := big.Search(c, "smi", nil); !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("cancelled midway: %v, %v", r, err)
	}
	if r := search(t, big, "smi", nil); r.Len() != 10*chunkSize*7/8 {
		t.Errorf("uncancelled: %d hits", r.Len())
	}
}

// TestSearchWhileScrolling runs the next keystroke's Search while the UI
// goroutine ranks the previous result's low tiers: -race checks that the
// two share nothing that changes.
func TestSearchWhileScrolling(t *testing.T) {
	ix := NewIndex(0)
	for range 400 {
		for _, s := range tiered {
			ix.Add([]byte(s))
		}
	}
	prev := search(t, ix, "sm", nil)
	done := make(chan *Result)
	go func() {
		r, _ := ix.Search(context.Background(), "smi", prev)
		done <- r
	}()
	for i := prev.Len() - 1; i >= 0; i -= 7 {
		prev.Hit(i)
	}
	if r := <-done; r.Len() != 7*400 {
		t.Errorf("smi after sm: %d hits, want %d", r.Len(), 7*400)
	}
}

func TestIndex(t *testing.T) {
	ix := NewIndex(1)
	text := []byte("smith, john")
	if n := ix.Add(text); n != 0 {
		t.Errorf("first record is %d", n)
	}
	text[0] = 'x' // Add copied it
	if n := ix.Add(nil); n != 1 {
		t.Errorf("second record is %d", n)
	}
	if ix.Len() != 2 || string(ix.Text(0)) != "smith, john" || len(ix.Text(1)) != 0 {
		t.Errorf("Len %d, Text %q, %q", ix.Len(), ix.Text(0), ix.Text(1))
	}
	if got := append(ix.Text(1), "abc"...); string(ix.Text(0)) != "smith, john" || string(got) != "abc" {
		t.Error("appending to a Text changed the index")
	}
}
