package model

import "strings"

// PatientDocKind is a stand-in until the patient documents land.
type PatientDocKind string

const (
	PDocLetter       PatientDocKind = "letter"
	PDocPrescription PatientDocKind = "prescription"
	PDocDocument     PatientDocKind = "document"
	PDocLab          PatientDocKind = "lab_result"
	PDocInvoice      PatientDocKind = "invoice"
)

func (k PatientDocKind) Label() string {
	switch k {
	case PDocLab:
		return "Lab result"
	}
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}
