package model

import (
	"errors"
	"testing"
)

func TestFaxTransitions(t *testing.T) {
	tests := []struct {
		from, to FaxStatus
		ok       bool
	}{
		{StatusQueued, StatusSending, true},
		{StatusSending, StatusSent, true},
		{StatusSending, StatusFailed, true},
		{StatusSending, StatusQueued, true},
		{StatusFailed, StatusQueued, true},
		{StatusQueued, StatusSent, false},
		{StatusSent, StatusQueued, false},
		{StatusSent, StatusFailed, false},
		{StatusReceived, StatusQueued, false},
		{StatusFailed, StatusSent, false},
	}
	for _, tt := range tests {
		err := CanMove(tt.from, tt.to)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrTransition)) {
			t.Errorf("%s -> %s: %v, want ok=%v", tt.from, tt.to, err, tt.ok)
		}
	}
}

func TestFaxValidate(t *testing.T) {
	good := Fax{Kind: KindFax, Number: "+14165550101", Documents: []Document{{Name: "a.pdf"}}}
	tests := []struct {
		name   string
		f      func(Fax) Fax
		fields []Field
	}{
		{"good", func(f Fax) Fax { return f }, nil},
		{"no number", func(f Fax) Fax { f.Number = ""; return f }, []Field{FieldFax}},
		{"not E.164", func(f Fax) Fax { f.Number = "416-555-0101"; return f }, []Field{FieldFax}},
		{"bad kind", func(f Fax) Fax { f.Kind = "memo"; return f }, []Field{"kind"}},
		{"referral without reason", func(f Fax) Fax { f.Kind = KindReferral; return f }, []Field{"reason"}},
		{"no document", func(f Fax) Fax { f.Documents = nil; return f }, []Field{"documents"}},
	}
	for _, tt := range tests {
		var got []Field
		for _, p := range tt.f(good).Validate() {
			got = append(got, p.Field)
		}
		if len(got) != len(tt.fields) || (len(got) > 0 && got[0] != tt.fields[0]) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.fields)
		}
	}
}

func TestSniffDocument(t *testing.T) {
	tests := []struct {
		in    string
		kind  DocumentKind
		pages int
		err   bool
	}{
		{"%PDF-1.4 << /Type /Pages >> << /Type /Page >> << /Type/Page >>", DocPDF, 2, false},
		{"%PDF-1.7 nothing", DocPDF, 1, false},
		{"II*\x00rest", DocTIFF, 1, false},
		{"MM\x00*rest", DocTIFF, 1, false},
		{"Dear colleague,\nplease see.\n", DocText, 1, false},
		{"\xff\xd8\xff\xe0 a jpeg", DocJPEG, 1, false},
		{"\x89PNG\r\n\x1a\n a png", DocPNG, 1, false},
		{"\x89PNG but not one", "", 0, true},
		{"text with a \x00 byte", "", 0, true},
	}
	for _, tt := range tests {
		kind, pages, err := SniffDocument([]byte(tt.in))
		if kind != tt.kind || pages != tt.pages || (err != nil) != tt.err {
			t.Errorf("SniffDocument(%q) = %s, %d, %v", tt.in, kind, pages, err)
		}
	}
}
