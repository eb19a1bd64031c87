package model

import "testing"

func TestFormulaSafe(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+1 555 0100", "'+1 555 0100"},
		{"-2", "'-2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=x", "''=x"},
		{"'plain", "'plain"},
		{"Anne", "Anne"},
		{"", ""},
		{"a=b", "a=b"},
	} {
		got := FormulaSafe(tt.in)
		if got != tt.want {
			t.Errorf("FormulaSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := UnformulaSafe(got); back != tt.in {
			t.Errorf("UnformulaSafe(%q) = %q, want %q", got, back, tt.in)
		}
	}
}
