// Package termshot draws a terminal screen, given as the ANSI text a program writes, into an image.
package termshot

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"strings"
	"sync"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

const (
	// fontSize gives Go Mono a 9x18 px cell: readable in a README, yet an
	// 80-column screen stays under 750 px wide.
	fontSize = 15
	// padding keeps the outermost border off the image edge.
	padding = 8
)

// The defaults mimic a typical dark terminal rather than pure black/white.
var (
	defaultFg = color.RGBA{0xd0, 0xd0, 0xd0, 0xff}
	defaultBg = color.RGBA{0x1c, 0x1c, 0x1c, 0xff}
)

// Parsed fonts are immutable and safe to share; faces are not (they carry a
// scratch buffer), so each Render builds its own.
var loadFonts = sync.OnceValues(func() ([4]*opentype.Font, error) {
	var fonts [4]*opentype.Font
	for i, ttf := range [][]byte{gomono.TTF, gomonobold.TTF, gomonoitalic.TTF, gomonobolditalic.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return fonts, fmt.Errorf("termshot: parse Go Mono: %w", err)
		}
		fonts[i] = f
	}
	return fonts, nil
})

// painter draws cells onto img; faces is indexed by bold | italic<<1.
type painter struct {
	img          *image.RGBA
	faces        [4]font.Face
	cellW, cellH int
	baseline     int // from the top of a cell
	strike       int // from the top of a cell
	light, heavy int // box-drawing line widths
	fg, bg       color.Color
}

func newPainter(width, height int) (*painter, error) {
	fonts, err := loadFonts()
	if err != nil {
		return nil, err
	}
	p := &painter{}
	for i, f := range fonts {
		p.faces[i], err = opentype.NewFace(f, &opentype.FaceOptions{Size: fontSize, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, fmt.Errorf("termshot: font face: %w", err)
		}
	}
	m := p.faces[0].Metrics()
	adv, _ := p.faces[0].GlyphAdvance('M')
	// Whole-pixel cells keep backgrounds and box-drawing lines seamless.
	p.cellW, p.cellH = adv.Ceil(), m.Height.Ceil()
	p.baseline = p.cellH - m.Descent.Ceil()
	p.strike = p.baseline - m.XHeight.Round()/2
	p.light = max(1, p.cellW/8)
	p.heavy = 3 * p.light
	p.img = image.NewRGBA(image.Rect(0, 0, width*p.cellW+2*padding, height*p.cellH+2*padding))
	return p, nil
}

// Render draws ansi (lines separated by "\n", with SGR colour/attribute sequences) on a width x height terminal.
// The image is width x height fixed-size cells plus a small padding of
// background colour; text that does not fit wraps or scrolls as it would in
// a real terminal.
func Render(ansi string, width, height int) (*image.RGBA, error) {
	if width <= 0 || height <= 0 {
		return nil, fmt.Errorf("termshot: invalid screen size %dx%d", width, height)
	}
	p, err := newPainter(width, height)
	if err != nil {
		return nil, err
	}

	emu := vt.NewEmulator(width, height)
	emu.SetDefaultForegroundColor(defaultFg)
	emu.SetDefaultBackgroundColor(defaultBg)
	// The emulator answers queries (cursor position, device attributes) on a
	// pipe; left unread, the pipe would block Write forever.
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		_, _ = io.Copy(io.Discard, emu)
	}()
	// emu.Close writes a flag that emu.Read reads without a lock, so end the
	// drain by closing the pipe's writer and only then close the emulator.
	defer func() {
		if c, ok := emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
		<-drained
		_ = emu.Close()
	}()

	// A bare "\n" only moves down; programs rely on the tty to add "\r".
	// A trailing newline would scroll the top line off a full screen.
	text := strings.ReplaceAll(strings.TrimSuffix(ansi, "\n"), "\n", "\r\n")
	if _, err := emu.WriteString(text); err != nil {
		return nil, fmt.Errorf("termshot: emulate: %w", err)
	}

	// OSC 10/11 may have changed the default colours.
	p.fg, p.bg = emu.ForegroundColor(), emu.BackgroundColor()
	fill(p.img, p.img.Bounds(), p.bg)
	// All backgrounds go first so that glyphs overhanging their cell are not
	// cut off by the next cell's background.
	for pass := range 2 {
		for y := range height {
			for x := 0; x < width; x++ {
				// Width 0 marks the cells covered by a wide rune to the left.
				if c := emu.CellAt(x, y); c != nil && c.Width > 0 {
					p.cell(pass, x, y, c)
				}
			}
		}
	}
	return p.img, nil
}

// WritePNG renders like Render and encodes the image as PNG to w.
func WritePNG(w io.Writer, ansi string, width, height int) error {
	img, err := Render(ansi, width, height)
	if err != nil {
		return err
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("termshot: encode png: %w", err)
	}
	return nil
}

// cell draws the background (pass 0) or the foreground (pass 1) of the cell
// at column x, row y, which spans c.Width columns.
func (p *painter) cell(pass, x, y int, c *uv.Cell) {
	s := &c.Style
	fg, bg := s.Fg, s.Bg
	if fg == nil {
		fg = p.fg
	}
	if bg == nil {
		bg = p.bg
	}
	if s.Attrs&uv.AttrReverse != 0 {
		fg, bg = bg, fg
	}
	if s.Attrs&uv.AttrFaint != 0 {
		fg = blend(fg, bg, 0x80)
	}
	x0, y0 := padding+x*p.cellW, padding+y*p.cellH
	r := image.Rect(x0, y0, x0+c.Width*p.cellW, y0+p.cellH)
	if pass == 0 {
		fill(p.img, r, bg)
		return
	}
	if s.Attrs&uv.AttrConceal != 0 {
		return
	}

	if !p.drawShape(r, c.Content, fg) {
		p.drawText(r, c.Content, s.Attrs, fg)
	}
	if s.Underline != uv.UnderlineNone {
		ul := fg
		if s.UnderlineColor != nil {
			ul = s.UnderlineColor
		}
		fill(p.img, image.Rect(r.Min.X, y0+p.baseline+1, r.Max.X, y0+p.baseline+1+p.light), ul)
	}
	if s.Attrs&uv.AttrStrikethrough != 0 {
		fill(p.img, image.Rect(r.Min.X, y0+p.strike, r.Max.X, y0+p.strike+p.light), fg)
	}
}

func (p *painter) drawText(r image.Rectangle, content string, attrs uint8, fg color.Color) {
	i := 0
	if attrs&uv.AttrBold != 0 {
		i |= 1
	}
	if attrs&uv.AttrItalic != 0 {
		i |= 2
	}
	face := p.faces[i]
	src := image.NewUniform(fg)
	dot := fixed.P(r.Min.X, r.Min.Y+p.baseline)
	for j, ch := range content {
		dr, mask, mp, adv, ok := face.Glyph(dot, ch)
		if !ok && j == 0 {
			// Go Mono has no CJK or emoji: an outline keeps the layout
			// legible where a terminal would use a fallback font.
			outline(p.img, r.Inset(p.cellW/4), p.light, fg)
			return
		}
		if ok {
			draw.DrawMask(p.img, dr, src, image.Point{}, mask, mp, draw.Over)
			dot.X += adv
		}
	}
}

// boxArms holds, for U+2500..U+257F, the weights of the up, right, down and
// left arms (0 none, 1 light, 2 heavy, 3 double). Dashes are drawn solid and
// arcs as plain corners; "0000" (diagonals) is left to the font.
const boxArms = "" +
	"0101 0202 1010 2020 0101 0202 1010 2020 0101 0202 1010 2020 0110 0210 0120 0220 " + // 2500
	"0011 0012 0021 0022 1100 1200 2100 2200 1001 1002 2001 2002 1110 1210 2110 1120 " + // 2510
	"2120 2210 1220 2220 1011 1012 2011 1021 2021 2012 1022 2022 0111 0112 0211 0212 " + // 2520
	"0121 0122 0221 0222 1101 1102 1201 1202 2101 2102 2201 2202 1111 1112 1211 1212 " + // 2530
	"2111 1121 2121 2112 2211 1122 1221 2212 1222 2122 2221 2222 0101 0202 1010 2020 " + // 2540
	"0303 3030 0310 0130 0330 0013 0031 0033 1300 3100 3300 1003 3001 3003 1310 3130 " + // 2550
	"3330 1013 3031 3033 0313 0131 0333 1303 3101 3303 1313 3131 3333 0110 0011 1001 " + // 2560
	"1100 0000 0000 0000 0001 1000 0100 0010 0002 2000 0200 0020 0201 1020 0102 2010 " // 2570

// quadrants maps U+2596..U+259F to the lit quarters: 1 upper left,
// 2 upper right, 4 lower left, 8 lower right.
var quadrants = [...]uint8{4, 8, 1, 13, 9, 7, 11, 2, 6, 14}

// drawShape draws box-drawing and block characters as rectangles, so that
// lines join across cells and glyphs missing from Go Mono still appear. It
// reports whether content was such a character.
func (p *painter) drawShape(r image.Rectangle, content string, fg color.Color) bool {
	runes := []rune(content)
	if len(runes) != 1 || runes[0] < 0x2500 || runes[0] > 0x259f {
		return false
	}
	ch := runes[0]
	// eighths returns the part of the cell from x0/8 to x1/8 across and
	// y0/8 to y1/8 down.
	eighths := func(x0, y0, x1, y1 int) image.Rectangle {
		w, h := r.Dx(), r.Dy()
		return image.Rect(r.Min.X+w*x0/8, r.Min.Y+h*y0/8, r.Min.X+w*x1/8, r.Min.Y+h*y1/8)
	}
	switch {
	case ch <= 0x257f:
		arms := boxArms[(ch-0x2500)*5:][:4]
		if arms == "0000" {
			return false
		}
		p.drawBox(r, arms, fg)
	case ch == 0x2580:
		fill(p.img, eighths(0, 0, 8, 4), fg)
	case ch <= 0x2588: // lower n/8 blocks, up to the full block
		fill(p.img, eighths(0, 8-int(ch-0x2580), 8, 8), fg)
	case ch <= 0x258f: // left 7/8 down to 1/8 blocks
		fill(p.img, eighths(0, 0, 8-int(ch-0x2588), 8), fg)
	case ch == 0x2590:
		fill(p.img, eighths(4, 0, 8, 8), fg)
	case ch <= 0x2593: // light, medium and dark shade
		draw.DrawMask(p.img, r, image.NewUniform(fg), image.Point{},
			image.NewUniform(color.Alpha{uint8(ch-0x2590) * 0x40}), image.Point{}, draw.Over)
	case ch == 0x2594:
		fill(p.img, eighths(0, 0, 8, 1), fg)
	case ch == 0x2595:
		fill(p.img, eighths(7, 0, 8, 8), fg)
	default:
		q := quadrants[ch-0x2596]
		for i := range 4 {
			if q&(1<<i) != 0 {
				x0, y0 := 4*(i%2), 4*(i/2)
				fill(p.img, eighths(x0, y0, x0+4, y0+4), fg)
			}
		}
	}
	return true
}

// band returns the extent of each line of a stroke of the given weight
// across its centre line, as [lo, hi) offsets from the centre.
func (p *painter) band(weight byte) [][2]int {
	line := func(t, off int) [2]int { return [2]int{off - t/2, off - t/2 + t} }
	switch weight {
	case '1':
		return [][2]int{line(p.light, 0)}
	case '2':
		return [][2]int{line(p.heavy, 0)}
	case '3':
		d := 2 * p.light
		return [][2]int{line(p.light, -d), line(p.light, d)}
	}
	return nil
}

// drawBox draws each arm (0 up, 1 right, 2 down, 3 left) from the cell
// edge to the line that crosses it, so that corners and tees close without
// overshooting.
func (p *painter) drawBox(r image.Rectangle, arms string, fg color.Color) {
	cx, cy := r.Min.X+r.Dx()/2, r.Min.Y+r.Dy()/2
	for i := range 4 {
		lines := p.band(arms[i])
		for j, own := range lines {
			stop := p.stop(arms, i, j, len(lines))
			var s image.Rectangle
			switch i {
			case 0:
				s = image.Rect(cx+own[0], r.Min.Y, cx+own[1], cy+stop[1])
			case 1:
				s = image.Rect(cx+stop[0], cy+own[0], r.Max.X, cy+own[1])
			case 2:
				s = image.Rect(cx+own[0], cy+stop[0], cx+own[1], r.Max.Y)
			case 3:
				s = image.Rect(r.Min.X, cy+own[0], cx+stop[1], cy+own[1])
			}
			fill(p.img, s, fg)
		}
	}
}

// stop returns the extent of the crossing line that line j (of n) of arm i
// must reach. In a double-line corner the outer line reaches the far
// crossing line and the inner one only the near one, or ╔ would look like ╬.
func (p *painter) stop(arms string, i, j, n int) [2]int {
	// neg and pos are the crossing arms on the low and high side of arm
	// i's lines: left and right of a vertical arm, above and below otherwise.
	neg, pos := arms[3], arms[1]
	if i%2 == 1 {
		neg, pos = arms[0], arms[2]
	}
	if neg == '3' || pos == '3' {
		lines := p.band('3')
		near, far := lines[0], lines[1]
		if i == 1 || i == 2 {
			near, far = far, near
		}
		// In a corner, a single line and the line on the open side are outer.
		if (neg == '0' || pos == '0') && (n == 1 || (j == 1) != (pos != '0')) {
			return far
		}
		return near
	}
	// A straight line meets its opposite arm; otherwise cover the crossing.
	cross := append(p.band(neg), p.band(pos)...)
	if len(cross) == 0 {
		cross = append(p.band(arms[i]), p.band(arms[(i+2)%4])...)
	}
	lo, hi := 0, 0
	for _, b := range cross {
		lo, hi = min(lo, b[0]), max(hi, b[1])
	}
	return [2]int{lo, hi}
}

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// outline draws the border of r, t pixels thick.
func outline(img *image.RGBA, r image.Rectangle, t int, c color.Color) {
	fill(img, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+t), c)
	fill(img, image.Rect(r.Min.X, r.Max.Y-t, r.Max.X, r.Max.Y), c)
	fill(img, image.Rect(r.Min.X, r.Min.Y, r.Min.X+t, r.Max.Y), c)
	fill(img, image.Rect(r.Max.X-t, r.Min.Y, r.Max.X, r.Max.Y), c)
}

// blend mixes a over b with alpha out of 0xff.
func blend(a, b color.Color, alpha uint32) color.Color {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	// RGBA components are 16-bit; the result is 8-bit.
	mix := func(x, y uint32) uint8 { return uint8(((x*alpha + y*(0xff-alpha)) / 0xff) >> 8) }
	return color.RGBA{mix(ar, br), mix(ag, bg), mix(ab, bb), 0xff}
}
