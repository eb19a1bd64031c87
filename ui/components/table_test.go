package components

import (
	"slices"
	"testing"
)

func TestLayout(t *testing.T) {
	name := Column{Need: 30, Min: 8}
	org := Column{Need: 40, Min: 8}
	spec := Column{Need: 14, Min: 10, Optional: true}
	fax := Column{Need: 14, Fixed: true}
	kind := Column{Need: 7, Fixed: true}
	for _, c := range []struct {
		name  string
		width int
		cols  []Column
		want  []int
	}{
		// 2 for the marker, 4 gaps: 94 left, 21 fixed, 73 for 84 needed:
		// the specialty keeps its 14, name and organization share 59.
		{"narrow columns are not cut", 100, []Column{name, org, spec, fax, kind}, []int{30, 29, 14, 14, 7}},
		{"room to spare is shared by need", 130, []Column{name, org, spec, fax, kind}, []int{37, 49, 17, 14, 7}},
		// 60: 2 + 4 gaps leave 54, 21 fixed, 33 for three: 11 each is
		// above the specialty's 10.
		{"the optional column stays while it can", 60, []Column{name, org, spec, fax, kind}, []int{11, 11, 11, 14, 7}},
		{"then it goes", 50, []Column{name, org, spec, fax, kind}, []int{12, 12, 0, 14, 7}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Layout(c.width, c.cols)
			if !slices.Equal(got, c.want) {
				t.Errorf("Layout(%d) = %v, want %v", c.width, got, c.want)
			}
			n, sum := 0, 0
			for _, w := range got {
				if w > 0 {
					n++
					sum += w
				}
			}
			if sum > Room(c.width, n) {
				t.Errorf("%v takes %d cells, more than the %d there are", got, sum, Room(c.width, n))
			}
		})
	}
}
