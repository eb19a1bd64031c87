package model

import "testing"

func TestNameKeyAndLooksLike(t *testing.T) {
	same := [][2]string{
		{"Dr. Ana Ruiz", "Dr Ana Ruiz"},
		{"Dr. Ana Ruiz", "dr.  ana   RUIZ"},
		{"Dr. Hélène Côté", "Dr Helene Cote"},
	}
	for _, c := range same {
		if NameKey(c[0]) != NameKey(c[1]) {
			t.Errorf("%q and %q should be one name: %q, %q", c[0], c[1], NameKey(c[0]), NameKey(c[1]))
		}
		if LooksLike(c[0], c[1]) {
			t.Errorf("%q and %q are the same name, not look-alikes", c[0], c[1])
		}
	}
	cases := []struct {
		a, b string
		want bool
	}{
		{"Dr. Ana Ruiz", "Ana Ruiz", true},
		{"Dr. Ana Ruiz", "Dr. Ana Ruiz, MD", true},
		{"Dr. Ana Ruiz", "Dr. Ana Ruis", true},
		{"Dr. Ana Ruiz", "Dr. Ruiz Ana", true},
		{"Dr. Jonah Whitfield", "Dr. Jonah Whitfeld", true},
		{"Dr. Jonah Whitfield", "Dr. Jonas Whitfeld", true},
		{"Dr. Li", "Dr. Lu", false},
		{"Dr. Ana Ruiz", "Dr. Marcus Lee", false},
		{"Dr. Ana Ruiz", "Dr. Eva Ruiz", false},
		{"Dr.", "Dr", false},
		{"", "Ana", false},
	}
	for _, c := range cases {
		if got := LooksLike(c.a, c.b); got != c.want {
			t.Errorf("LooksLike(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := LooksLike(c.b, c.a); got != c.want {
			t.Errorf("LooksLike(%q, %q) = %v, want %v (either way round)", c.b, c.a, got, c.want)
		}
	}
}
