package model

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseFax(t *testing.T) {
	tests := []struct {
		in, region, want string
		err              error
	}{
		{"(416) 555-0101", "US", "+14165550101", nil},
		{"416.555.0101", "US", "+14165550101", nil},
		{"+1 416 555 0101", "US", "+14165550101", nil},
		{"1-416-555-0101", "US", "+14165550101", nil},
		{"4165550101", "CA", "+14165550101", nil},
		{"01 42 68 53 00", "FR", "+33142685300", nil},
		{"+33 1 42 68 53 00", "US", "+33142685300", nil},
		{"", "US", "", ErrNumberEmpty},
		{"   ", "US", "", ErrNumberEmpty},
		{"fax me", "US", "", ErrNotANumber},
		{"555-0101", "US", "", ErrNumberInvalid},
		{"416 555 0101 x23", "US", "", ErrNumberExtension},
	}
	for _, tt := range tests {
		got, err := ParseFax(tt.in, tt.region)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("ParseFax(%q, %s) = %q, %v; want %q, %v", tt.in, tt.region, got, err, tt.want, tt.err)
		}
	}
}

func TestFormatFax(t *testing.T) {
	tests := []struct{ e164, region, want string }{
		{"+14165550101", "US", "(416) 555-0101"}, // Canada shares the US country code: national
		{"+14165550101", "CA", "(416) 555-0101"},
		{"+33142685300", "US", "+33 1 42 68 53 00"},
		{"+33142685300", "FR", "01 42 68 53 00"},
		{"", "US", ""},
		{"garbage", "US", "garbage"},
	}
	for _, tt := range tests {
		if got := FormatFax(tt.e164, tt.region); got != tt.want {
			t.Errorf("FormatFax(%q, %s) = %q, want %q", tt.e164, tt.region, got, tt.want)
		}
	}
}

// Two spellings of one number are the same number.
func TestSpellingsAgree(t *testing.T) {
	var first string
	for _, s := range []string{"(416) 555-0101", "416-555-0101", "+1 (416) 555 0101", "1 416 555 0101", "416 5550101"} {
		got, err := ParseFax(s, "US")
		if err != nil {
			t.Fatal(s, err)
		}
		if first == "" {
			first = got
		}
		if got != first {
			t.Errorf("%q parses to %q, %q to %q", s, got, "(416) 555-0101", first)
		}
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Hélène Tremblay": "helene tremblay",
		"ZOË":             "zoe",
		"Straße":          "strasse",
		"Œuvre Søren":     "oeuvre soren",
		"plain ascii":     "plain ascii",
		"Núñez":           "nunez",
		"":                "",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFoldMapPointsBackToRunes(t *testing.T) {
	folded, src := FoldMap("Hélène ß")
	if folded != "helene ss" {
		t.Fatalf("folded %q", folded)
	}
	want := []int{0, 1, 2, 3, 4, 5, 6, 7, 7}
	if !reflect.DeepEqual(src, want) {
		t.Errorf("src = %v, want %v", src, want)
	}
}

func TestEntityClean(t *testing.T) {
	tests := []struct {
		name   string
		e      Entity
		fields []Field
	}{
		{"first and last", Entity{FirstName: " Ann ", LastName: "Lee"}, nil},
		{"department only", Entity{Name: "Reception"}, nil},
		{"no name at all", Entity{Title: "Dr."}, []Field{FieldName}},
		{"bad email", Entity{Name: "X", Email: "x@"}, []Field{FieldEmail}},
		{"email without a domain dot", Entity{Name: "X", Email: "x@localhost"}, []Field{FieldEmail}},
		{"email with a display name", Entity{Name: "X", Email: "Ann <ann@example.org>"}, []Field{FieldEmail}},
		{"good email", Entity{Name: "X", Email: "ann.lee@example.org"}, nil},
		{"bad phone", Entity{Name: "X", Phone: "call me"}, []Field{FieldPhone}},
		{"bad mobile", Entity{Name: "X", Mobile: "555"}, []Field{FieldMobile}},
		{"phone with extension", Entity{Name: "X", Phone: "416 555 0101 x12"}, nil},
		{"too long", Entity{Name: strings.Repeat("a", 201)}, []Field{FieldName}},
		{"several problems", Entity{Email: "no", Phone: "no"}, []Field{FieldName, FieldPhone, FieldEmail}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := tt.e.Clean("US", 0)
			var got []Field
			for _, p := range ps {
				got = append(got, p.Field)
			}
			if !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("problems %v, want fields %v", ps, tt.fields)
			}
		})
	}
}

func TestCleanNormalisesPhonesAndTrims(t *testing.T) {
	e, ps := Entity{FirstName: "  Ann", Phone: "416.555.0101", Mobile: "+33 1 42 68 53 00"}.Clean("US", 0)
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	if e.FirstName != "Ann" || e.Phone != "(416) 555-0101" || e.Mobile != "+33 1 42 68 53 00" {
		t.Errorf("cleaned %+v", e)
	}
}

func TestContactValidate(t *testing.T) {
	person := Entity{FirstName: "Ann", LastName: "Lee"}
	tests := []struct {
		name   string
		c      Contact
		fields []Field
	}{
		{"single", Contact{Kind: Single, Fax: "+14165550101", Entities: []Entity{person}}, nil},
		{"single without fax", Contact{Kind: Single, Entities: []Entity{person}}, []Field{FieldFax}},
		{"single with two people", Contact{Kind: Single, Fax: "+14165550101", Entities: []Entity{person, person}}, []Field{FieldName}},
		{"fax not E.164", Contact{Kind: Single, Fax: "4165550101", Entities: []Entity{person}}, []Field{FieldFax}},
		{"group", Contact{Kind: Group, GroupName: "Lab", Fax: "+14165550101", Entities: []Entity{person, {Name: "Desk"}}}, nil},
		{"group without name", Contact{Kind: Group, Fax: "+14165550101", Entities: []Entity{person}}, []Field{FieldGroup}},
		{"group without people", Contact{Kind: Group, GroupName: "Lab", Fax: "+14165550101"}, []Field{FieldName}},
		{"person problem", Contact{Kind: Group, GroupName: "Lab", Fax: "+14165550101", Entities: []Entity{person, {}}}, []Field{FieldName}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Field
			for _, p := range tt.c.Validate("US") {
				got = append(got, p.Field)
			}
			if !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("problems %v, want %v", tt.c.Validate("US"), tt.fields)
			}
		})
	}
}

func TestSwitching(t *testing.T) {
	ann := Entity{ID: 1, FirstName: "Ann", LastName: "Lee", Organization: "Imaging West"}
	bo := Entity{ID: 2, FirstName: "Bo", LastName: "Ng"}
	single := Contact{ID: 7, Kind: Single, Fax: "+14165550101", Entities: []Entity{ann}, Version: 3}

	if got := single.DefaultGroupName(); got != "Imaging West" {
		t.Errorf("default group name %q, want the organization", got)
	}
	if got := (Contact{Kind: Single, Entities: []Entity{bo}}).DefaultGroupName(); got != "Ng, Bo" {
		t.Errorf("default group name without organization %q", got)
	}
	group, err := single.ToGroup("  Imaging  ")
	if err != nil || group.Kind != Group || group.GroupName != "Imaging" || len(group.Entities) != 1 || group.Fax != single.Fax {
		t.Fatalf("ToGroup = %+v, %v", group, err)
	}
	if _, err := single.ToGroup(" "); err == nil {
		t.Error("ToGroup accepted an empty name")
	}
	if _, err := group.ToGroup("x"); !errors.Is(err, ErrAlreadyKind) {
		t.Errorf("ToGroup of a group: %v", err)
	}
	back, err := group.ToSingle()
	if err != nil || back.Kind != Single || back.GroupName != "" {
		t.Fatalf("ToSingle of one person = %+v, %v", back, err)
	}
	two, _ := group.AddPerson(bo)
	if _, err := two.ToSingle(); !errors.Is(err, ErrNeedsSplit) {
		t.Errorf("ToSingle of two people: %v, want ErrNeedsSplit", err)
	}
	parts := two.Split()
	if len(parts) != 2 {
		t.Fatalf("split into %d", len(parts))
	}
	for i, p := range parts {
		if p.Kind != Single || p.Fax != single.Fax || len(p.Entities) != 1 || p.Entities[0].FirstName != two.Entities[i].FirstName {
			t.Errorf("part %d = %+v", i, p)
		}
	}
	if parts[0].ID != 7 || parts[0].Version != 3 || parts[1].ID != 0 || parts[1].Entities[0].ID != 0 {
		t.Errorf("split IDs: first keeps the contact, the rest are new: %+v", parts)
	}
	if len(two.Entities) != 2 {
		t.Error("Split changed the contact it split")
	}
}

func TestPeopleInGroups(t *testing.T) {
	g := Contact{Kind: Group, GroupName: "Lab", Fax: "+14165550101", Entities: []Entity{{Name: "A"}}}
	if _, err := g.RemovePerson(0); !errors.Is(err, ErrLastPerson) {
		t.Errorf("removing the last person: %v", err)
	}
	g2, _ := g.AddPerson(Entity{Name: "B"})
	g3, err := g2.RemovePerson(0)
	if err != nil || len(g3.Entities) != 1 || g3.Entities[0].Name != "B" || len(g2.Entities) != 2 {
		t.Errorf("RemovePerson: %+v %v (original %+v)", g3, err, g2)
	}
	if _, err := g2.RemovePerson(5); !errors.Is(err, ErrNoSuchPerson) {
		t.Errorf("removing person 5: %v", err)
	}
	single := Contact{Kind: Single, Entities: []Entity{{Name: "A"}}}
	if _, err := single.AddPerson(Entity{Name: "B"}); !errors.Is(err, ErrNotGroup) {
		t.Errorf("adding to a single contact: %v", err)
	}
}

func TestSummarize(t *testing.T) {
	c := Contact{Kind: Group, GroupName: "Cardiologie Laval", Fax: "+14505550101", Entities: []Entity{
		{FirstName: "Hélène", LastName: "Tremblay", Organization: "CHU", Specialty: "Cardiology"},
		{Name: "Réception", Organization: "chu", Specialty: "Admin"},
	}}
	s := c.Summarize("US")
	if s.Name != "Cardiologie Laval" || s.Organization != "CHU" || s.Specialty != "Cardiology, Admin" || s.People != 2 {
		t.Errorf("summary %+v", s)
	}
	if s.SortKey != "cardiologie laval" {
		t.Errorf("sort key %q", s.SortKey)
	}
	for _, want := range []string{"helene tremblay", "reception", "(450) 555-0101", "4505550101", "14505550101"} {
		if !strings.Contains(s.Search, want) {
			t.Errorf("search text %q lacks %q", s.Search, want)
		}
	}
	if !strings.HasPrefix(s.Search, "cardiologie laval\x1f") {
		t.Errorf("search text must start with the name part: %q", s.Search)
	}
}
