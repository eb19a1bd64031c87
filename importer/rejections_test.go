package importer

import (
	"slices"
	"testing"
)

// Every row rejected gets the kind of its reason, and the report counts
// them by kind, the most frequent first.
func TestRejectionsCountedByKind(t *testing.T) {
	long := make([]byte, 2001)
	for i := range long {
		long[i] = 'x'
	}
	p := planOf(t, "group,fax,first_name,last_name,email,notes\n"+
		",,Ann,Lee,,\n"+ // 2: no fax
		",416 555 01,Bob,Roy,,\n"+ // 3: fax not valid
		",4165550103,,,,\n"+ // 4: no name
		",4165550104,Cy,Ng,not-an-address,\n"+ // 5: email
		",,Di,Fox,,\n"+ // 6: no fax
		",4165550106,Ed,Po,,"+string(long)+"\n"+ // 7: notes too long
		"Lab,,Fay,Gu,,\n"+ // 8: a group without a fax
		"Ward,4165550108,Gil,Ho,,\n"+ // 9, 10: a group of two faxes
		"Ward,4165550109,Hal,Ia,,\n"+
		",4165550110,Ida,Jo,,\n", nil) // 11: imported
	kinds := map[int]string{}
	for _, r := range p.Rejected {
		kinds[r.Row] = r.Kind
	}
	want := map[int]string{2: KindNoFax, 3: KindBadFax, 4: KindNoName, 5: "email not valid", 6: KindNoFax,
		7: "notes too long", 8: KindGroupNoFax, 9: KindGroupConflict, 10: KindGroupConflict}
	for row, k := range want {
		if kinds[row] != k {
			t.Errorf("row %d: kind %q, want %q", row, kinds[row], k)
		}
	}
	if len(kinds) != len(want) {
		t.Errorf("rows rejected: %v", kinds)
	}
	got := CountRejections(p.Rejected)
	wantCounts := []ReasonCount{{KindGroupConflict, 2}, {KindNoFax, 2}, {"email not valid", 1}, {KindBadFax, 1},
		{KindGroupNoFax, 1}, {KindNoName, 1}, {"notes too long", 1}}
	if !slices.Equal(got, wantCounts) {
		t.Errorf("counts:\n got %v\nwant %v", got, wantCounts)
	}
	if line := ReasonsLine(got[:2]); line != "2 group with different fax numbers, 2 no fax number" {
		t.Errorf("line %q", line)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 12034: "12,034",
		1234567: "1,234,567", -4500: "-4,500"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
