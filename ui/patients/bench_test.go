package patients

import (
	"context"
	"testing"

	"frontdesk/demo"
	"frontdesk/search"
)

// BenchmarkPatientFilter is one keystroke of the patient filter over 100k
// patients: the search and the highlighting of a screenful.
func BenchmarkPatientFilter(b *testing.B) {
	ps := demo.Patients(100_000, 1)
	ix := search.NewIndex(len(ps))
	names := make([]string, len(ps))
	for i, p := range ps {
		ix.Add([]byte(p.Search()))
		names[i] = p.DisplayName()
	}
	for _, q := range []string{"smi", "1984", "c-1234"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				res, err := ix.Search(context.Background(), q, nil)
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < res.Len() && i < 20; i++ {
					search.HighlightRow([]string{names[res.Hit(i)]}, q)
				}
			}
		})
	}
}
