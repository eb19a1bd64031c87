package model

import (
	"strings"
	"testing"
)

func TestParsePatientDocKind(t *testing.T) {
	tests := []struct {
		in   string
		want PatientDocKind
		err  bool
	}{
		{"letter", PDocLetter, false},
		{"Letter", PDocLetter, false},
		{"lab_result", PDocLab, false},
		{"lab result", PDocLab, false},
		{"Lab result", PDocLab, false},
		{"  LAB   RESULT ", PDocLab, false},
		{"prescription", PDocPrescription, false},
		{"document", PDocDocument, false},
		{"Invoice", PDocInvoice, false},
		{"lab", "", true},
		{"", "", true},
		{"letters", "", true},
	}
	for _, tt := range tests {
		got, err := ParsePatientDocKind(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParsePatientDocKind(%q) = %q, %v", tt.in, got, err)
		}
	}
	_, err := ParsePatientDocKind("memo")
	if err == nil || !strings.Contains(err.Error(), `"memo" is not a kind of document (one of letter, prescription, document, lab_result, invoice)`) {
		t.Errorf("memo: %v", err)
	}
}

func TestPatientDocKindLabelsAndPermissions(t *testing.T) {
	want := map[PatientDocKind][2]string{
		PDocLetter:       {"Letter", string(PermLetters)},
		PDocPrescription: {"Prescription", string(PermPatients)},
		PDocDocument:     {"Document", string(PermPatients)},
		PDocLab:          {"Lab result", string(PermLabs)},
		PDocInvoice:      {"Invoice", string(PermInvoices)},
	}
	if len(PatientDocKinds) != len(want) {
		t.Fatalf("%d kinds, want %d", len(PatientDocKinds), len(want))
	}
	for _, k := range PatientDocKinds {
		if got := [2]string{k.Label(), string(k.Permission())}; got != want[k] {
			t.Errorf("%s: %v, want %v", k, got, want[k])
		}
		if back, err := ParsePatientDocKind(k.Label()); back != k || err != nil {
			t.Errorf("%s: its label reads back as %q, %v", k, back, err)
		}
	}
}

func TestPatientDocumentClean(t *testing.T) {
	ok := PatientDocument{Kind: PDocLab, Title: "  Blood count  ", Date: Date{2026, 3, 7}}
	tests := []struct {
		name  string
		edit  func(*PatientDocument)
		field Field
		msg   string
	}{
		{"valid", func(*PatientDocument) {}, "", ""},
		{"no title", func(d *PatientDocument) { d.Title = " \t " }, FieldTitle, "is required"},
		{"a title too long", func(d *PatientDocument) { d.Title = strings.Repeat("é", 201) }, FieldTitle, "is too long (201 characters, at most 200)"},
		{"an unknown kind", func(d *PatientDocument) { d.Kind = "memo" }, FieldKind, `"memo" is not a kind of document`},
		{"no kind", func(d *PatientDocument) { d.Kind = "" }, FieldKind, `"" is not a kind of document`},
		{"no date", func(d *PatientDocument) { d.Date = Date{} }, FieldDate, "is required"},
		{"the 31st of April", func(d *PatientDocument) { d.Date = Date{2026, 4, 31} }, FieldDate, "is not a day of the calendar"},
		{"month 13", func(d *PatientDocument) { d.Date = Date{2026, 13, 1} }, FieldDate, "is not a day of the calendar"},
		{"the 29th of February of a leap year", func(d *PatientDocument) { d.Date = Date{2024, 2, 29} }, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			tt.edit(&d)
			got, ps := d.Clean()
			if tt.field == "" {
				if len(ps) != 0 {
					t.Fatalf("problems: %v", ps)
				}
				if got.Title != "Blood count" {
					t.Errorf("title %q not trimmed", got.Title)
				}
				return
			}
			if len(ps) != 1 || ps.For(-1, tt.field) != tt.msg {
				t.Errorf("got %v, want %s %s", ps, tt.field, tt.msg)
			}
		})
	}
}
