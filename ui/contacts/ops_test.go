package contacts

import (
	"slices"
	"testing"
)

// The delete question names a few of what loses the contact, one a line,
// and counts the rest; it never says "and 1 more" instead of a name.
func TestListSome(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  []string
	}{
		{nil, nil},
		{[]string{"A"}, []string{"  A"}},
		{[]string{"A", "B", "C", "D"}, []string{"  A", "  B", "  C", "  D"}},
		{[]string{"A", "B", "C", "D", "E"}, []string{"  A", "  B", "  C", "  and 2 more"}},
	} {
		if got := listSome(tc.names); !slices.Equal(got, tc.want) {
			t.Errorf("listSome(%q) = %q, want %q", tc.names, got, tc.want)
		}
	}
}
