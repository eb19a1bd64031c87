package termshot

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// sample lays out, by cell:
//
//	row 0: "red" red fg at 0-2, "blue" blue bg at 4-7, "rev" reversed at 9-11
//	row 1: ╭─╮ at 0-2, 世 on green at 4-5, "!" at 6
//	row 2: │ │
//	row 3: ╰─╯
const sample = "\x1b[31mred\x1b[0m \x1b[44mblue\x1b[0m \x1b[7mrev\x1b[0m\n" +
	"╭─╮ \x1b[42m世\x1b[0m!\n" +
	"│ │\n" +
	"╰─╯\n"

var (
	red   = rgba(ansi.Red)
	blue  = rgba(ansi.Blue)
	green = rgba(ansi.Green)
)

func rgba(c color.Color) color.RGBA { return color.RGBAModel.Convert(c).(color.RGBA) }

// grid is a rendered screen addressed by cell.
type grid struct {
	t            *testing.T
	img          *image.RGBA
	cellW, cellH int
}

func render(t *testing.T, s string, width, height int) grid {
	t.Helper()
	img, err := Render(s, width, height)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	p, err := newPainter(1, 1)
	if err != nil {
		t.Fatal(err)
	}
	return grid{t, img, p.cellW, p.cellH}
}

// cell returns the pixel rectangle of the cell at column x, row y.
func (g grid) cell(x, y int) image.Rectangle {
	x0, y0 := padding+x*g.cellW, padding+y*g.cellH
	return image.Rect(x0, y0, x0+g.cellW, y0+g.cellH)
}

// want fails unless the pixel at (px, py) is c.
func (g grid) want(px, py int, c color.RGBA, what string) {
	g.t.Helper()
	if got := g.img.RGBAAt(px, py); got != c {
		g.t.Errorf("%s: pixel (%d,%d) = %v, want %v", what, px, py, got, c)
	}
}

// has reports whether any pixel in r is exactly c.
func (g grid) has(r image.Rectangle, c color.RGBA) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.img.RGBAAt(x, y) == c {
				return true
			}
		}
	}
	return false
}

func TestImageSize(t *testing.T) {
	t.Parallel()
	g := render(t, sample, 20, 5)
	if g.cellH < 14 || g.cellH > 24 || g.cellW < 7 || g.cellW > 12 {
		t.Errorf("cell is %dx%d px, want a 14-16 px font", g.cellW, g.cellH)
	}
	want := image.Rect(0, 0, 20*g.cellW+2*padding, 5*g.cellH+2*padding)
	if got := g.img.Bounds(); got != want {
		t.Errorf("bounds = %v, want %v", got, want)
	}
}

func TestColours(t *testing.T) {
	t.Parallel()
	g := render(t, sample, 20, 5)

	if r := g.cell(0, 0); !g.has(r, red) || g.has(r, rgba(defaultFg)) {
		t.Errorf("'r' is not drawn in red only")
	}
	g.want(g.cell(0, 0).Min.X, g.cell(0, 0).Min.Y, defaultBg, "red word background")

	for x := 4; x <= 7; x++ {
		r := g.cell(x, 0)
		g.want(r.Min.X, r.Min.Y, blue, "blue word, top left")
		g.want(r.Max.X-1, r.Max.Y-1, blue, "blue word, bottom right")
	}
	r := g.cell(3, 0)
	g.want(r.Min.X, r.Min.Y, defaultBg, "space between words")

	for x := 9; x <= 11; x++ {
		r := g.cell(x, 0)
		g.want(r.Min.X, r.Min.Y, defaultFg, "reversed background")
		if !g.has(r, defaultBg) {
			t.Errorf("reversed cell %d has no glyph in the default background colour", x)
		}
	}
}

func TestBoxDrawing(t *testing.T) {
	t.Parallel()
	g := render(t, sample, 20, 5)
	fg := defaultFg

	// The horizontal line's middle row is lit across the whole cell and
	// joins the corners' centres on both sides.
	left, right := g.cell(0, 1), g.cell(2, 1)
	mid := left.Min.Y + g.cellH/2
	for px := left.Min.X + g.cellW/2; px <= right.Min.X+g.cellW/2; px++ {
		g.want(px, mid, fg, "top edge of the box")
	}
	h := g.cell(1, 1)
	g.want(h.Min.X, h.Min.Y, defaultBg, "above the horizontal line")
	g.want(h.Min.X, h.Max.Y-1, defaultBg, "below the horizontal line")

	// ╭ is a corner: nothing left of or above its centre.
	g.want(left.Min.X, mid, defaultBg, "left of ╭")
	g.want(left.Min.X+g.cellW/2, left.Min.Y, defaultBg, "above ╭")

	// The left edge runs unbroken from ╭ through │ to ╰.
	cx := left.Min.X + g.cellW/2
	for py := mid; py <= g.cell(0, 3).Min.Y+g.cellH/2; py++ {
		g.want(cx, py, fg, "left edge of the box")
	}
	g.want(cx, g.cell(0, 3).Max.Y-1, defaultBg, "below ╰")
}

func TestWideRune(t *testing.T) {
	t.Parallel()
	g := render(t, sample, 20, 5)
	for x := 4; x <= 5; x++ {
		r := g.cell(x, 1)
		g.want(r.Min.X, r.Min.Y, green, "wide rune background, top left")
		g.want(r.Max.X-1, r.Max.Y-1, green, "wide rune background, bottom right")
	}
	r := g.cell(6, 1)
	g.want(r.Min.X, r.Min.Y, defaultBg, "cell after the wide rune")
	if !g.has(r, defaultFg) {
		t.Errorf("'!' is not drawn in the cell after the two-cell rune")
	}
}

func TestBlockElements(t *testing.T) {
	t.Parallel()
	g := render(t, "█▀", 2, 1)
	full, upper := g.cell(0, 0), g.cell(1, 0)
	g.want(full.Min.X, full.Min.Y, defaultFg, "█ top left")
	g.want(full.Max.X-1, full.Max.Y-1, defaultFg, "█ bottom right")
	g.want(upper.Min.X, upper.Min.Y, defaultFg, "▀ top")
	g.want(upper.Max.X-1, upper.Max.Y-1, defaultBg, "▀ bottom")
}

func TestEmptyIsBlank(t *testing.T) {
	t.Parallel()
	g := render(t, "", 10, 3)
	b := g.img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if got := g.img.RGBAAt(x, y); got != defaultBg {
				t.Fatalf("pixel (%d,%d) = %v, want background %v", x, y, got, defaultBg)
			}
		}
	}
}

func TestTrailingNewlineKeepsTopLine(t *testing.T) {
	t.Parallel()
	g := render(t, "top\nbottom\n", 10, 2)
	if !g.has(g.cell(0, 1), defaultFg) {
		t.Errorf("bottom line is not on the last row: the screen scrolled")
	}
}

func TestQueriesDoNotBlock(t *testing.T) {
	t.Parallel()
	done := make(chan error, 1)
	go func() {
		// Cursor position and device attribute requests make the emulator reply.
		_, err := Render("\x1b[6n\x1b[c\x1b[>chello", 10, 2)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Render blocked on the emulator's replies")
	}
}

func TestInvalidSize(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{0, 5}, {5, 0}, {-1, -1}} {
		if _, err := Render("x", size[0], size[1]); err == nil {
			t.Errorf("Render(%dx%d) succeeded, want an error", size[0], size[1])
		}
	}
}

func TestWritePNG(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WritePNG(&buf, sample, 20, 5); err != nil {
		t.Fatal(err)
	}
	decoded, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := render(t, sample, 20, 5).img
	if decoded.Bounds() != want.Bounds() {
		t.Fatalf("PNG bounds = %v, want %v", decoded.Bounds(), want.Bounds())
	}
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if got := rgba(decoded.At(x, y)); got != want.RGBAAt(x, y) {
				t.Fatalf("PNG pixel (%d,%d) = %v, want %v", x, y, got, want.RGBAAt(x, y))
			}
		}
	}
}
