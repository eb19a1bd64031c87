package importer

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzVCard reads random bytes as a vCard file. It must never panic,
// refuse only with a *FileError that gives a reason, number the cards'
// rows upwards from 2, and give every card all its columns as valid UTF-8.
func FuzzVCard(f *testing.F) {
	seeds := []string{
		appleCards, googleCards, outlookCards, v4Cards,
		"BEGIN:VCARD\nVERSION:2.1\nNOTE;QUOTED-PRINTABLE:a=\n=\nb=3\n=4\nEND:VCARD\n",
		"BEGIN:VCARD\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\nEND:VCARD\r\n",
		"BEGIN:VCARD\nN:\\;;\\\nTEL;TYPE=\"fax:\n END:VCARD",
		"\xFF\xFEB\x00E\x00G\x00I\x00N\x00:\x00V\x00C\x00A\x00R\x00D\x00\n\x00",
		"END:VCARD\nBEGIN:VCARD\nFN;CHARSET=x-unknown:\xe9\nEND:VCARD\n",
	}
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i))
	}
	encodings := []string{"", "utf-8", "utf-16le", "utf-16be", "windows-1252"}
	f.Fuzz(func(t *testing.T, data []byte, enc uint8) {
		opts := Options{Encoding: encodings[int(enc)%len(encodings)]}
		next := 2
		p, err := ReadBytes("f.vcf", data, opts, func(row int, cells []string) error {
			if row != next {
				t.Fatalf("row %d, want %d", row, next)
			}
			next++
			if len(cells) != vcColumns {
				t.Fatalf("row %d: %d cells, want %d", row, len(cells), vcColumns)
			}
			for _, c := range cells {
				if !utf8.ValidString(c) {
					t.Fatalf("row %d: cell %q is not valid UTF-8", row, c)
				}
			}
			_ = cardName(cells)
			return nil
		})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Reason == "" {
				t.Fatalf("error %#v, want a *FileError with a reason", err)
			}
			return
		}
		if !p.IsVCard() || len(p.Header) != vcColumns || next == 2 {
			t.Fatalf("accepted as %q with %d columns and %d cards", p.Encoding, len(p.Header), next-2)
		}
		pl := &Places{vcard: true}
		for _, w := range p.Warnings {
			_ = pl.Text(w)
		}
	})
}
