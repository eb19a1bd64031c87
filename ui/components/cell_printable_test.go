package components

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

func TestCellShowsNoControlCharacters(t *testing.T) {
	plain := lipgloss.NewStyle()
	got := Cell("\x1b]0;owned\x07\x1b[2JAnn\u009b", 20, []int{13}, plain, plain)
	if strings.ContainsAny(got, "\x1b\x07\u009b") || !strings.Contains(got, "Ann") {
		t.Errorf("Cell = %q", got)
	}
}
