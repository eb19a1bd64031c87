package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// The rejected rows come back in the source's encoding, delimiter, line
// ends, byte-order mark (only when it had one) and "sep=" line: a file
// from French Excel (Windows-1252, ';') reopens in French Excel with its
// accents, and reads back as the same rows with the row and the reason.
func TestSaveRejectedLikeTheSource(t *testing.T) {
	text := "Nom;Télécopieur\r\nHélène Côté;514-555-0101\r\nFrançois Noël;pas de fax\r\nZoë;\r\n"
	w1252, _ := charmap.Windows1252.NewEncoder().String(text)
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	u16be, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String(text)
	cases := []struct {
		name, src string
		bom       []byte
		encoding  string
		sep, crlf bool
	}{
		{name: "windows-1252", src: w1252, encoding: enc1252, crlf: true},
		{name: "windows-1252 with sep line", src: "sep=;\r\n" + w1252, encoding: enc1252, sep: true, crlf: true},
		{name: "utf-8", src: text, encoding: encUTF8, crlf: true},
		{name: "utf-8 with bom", src: "\xEF\xBB\xBF" + text, bom: bomUTF8, encoding: encUTF8BOM, crlf: true},
		{name: "utf-16 le with bom", src: u16, bom: bomUTF16LE, encoding: encUTF16LE, crlf: true},
		{name: "utf-16 be without bom", src: u16be, encoding: encUTF16BE, crlf: true},
		{name: "utf-8, lf", src: "Nom;Télécopieur\nHélène Côté;514-555-0101\nFrançois Noël;pas de fax\nZoë;\n", encoding: encUTF8},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "contacts.csv")
			if err := os.WriteFile(path, []byte(tc.src), 0o600); err != nil {
				t.Fatal(err)
			}
			p, err := NewPlan(context.Background(), path, Settings{Mapping: []string{"name", "fax"}, Region: "US"}, NewKnown(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Rejected) != 2 {
				t.Fatalf("rejected %v", p.Rejected)
			}
			out := p.RejectedPath()
			if err := p.SaveRejected(out); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(out)
			if tc.bom != nil && !bytes.HasPrefix(b, tc.bom) {
				t.Errorf("no byte-order mark: % x", b[:min(8, len(b))])
			}
			if tc.bom == nil && (bytes.HasPrefix(b, bomUTF8) || bytes.HasPrefix(b, bomUTF16LE) || bytes.HasPrefix(b, bomUTF16BE)) {
				t.Errorf("a byte-order mark the source did not have: % x", b[:min(8, len(b))])
			}
			if tc.encoding == enc1252 && !bytes.Contains(b, []byte("Fran\xe7ois No\xebl")) {
				t.Errorf("not in Windows-1252: %q", b)
			}
			var rows [][]string
			pv, err := Read(out, Options{}, func(row int, cells []string) error {
				rows = append(rows, slices.Clone(cells))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if pv.Encoding != tc.encoding || pv.Delimiter != ';' || pv.SepLine != tc.sep || pv.CRLF != tc.crlf {
				t.Errorf("read back as %s, %q, sep line %v, CRLF %v; want %s, ';', %v, %v",
					pv.Encoding, pv.Delimiter, pv.SepLine, pv.CRLF, tc.encoding, tc.sep, tc.crlf)
			}
			if !slices.Equal(pv.Header, []string{"Nom", "Télécopieur", "Row", "Reason"}) {
				t.Errorf("header %q", pv.Header)
			}
			want := [][]string{
				{"François Noël", "pas de fax", "3", p.Rejected[0].Reason},
				{"Zoë", "", "4", p.Rejected[1].Reason},
			}
			if len(rows) != 2 || !slices.Equal(rows[0], want[0]) || !slices.Equal(rows[1], want[1]) {
				t.Errorf("rows read back %q, want %q", rows, want)
			}
		})
	}
}

// Text Windows-1252 cannot spell is written "?", never left out or
// turned into a control character.
func TestSaveRejectedUnspellableIn1252(t *testing.T) {
	var buf bytes.Buffer
	w, err := encodeLike(&buf, &Preview{Encoding: enc1252, Delimiter: ';'})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("Zoë → 日本;ok\n"))
	w.Close()
	if got := buf.String(); got != "Zo\xeb ? ??;ok\n" {
		t.Errorf("written %q", got)
	}
}
