package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"frontdesk/model"
)

func TestContactsAreValid(t *testing.T) {
	cs := Contacts(1)
	if n := len(cs); n < 300 || n > 400 {
		t.Fatalf("%d contacts, want 300-400", n)
	}
	groups, faxes := 0, map[string]bool{}
	for i, c := range cs {
		if ps := c.Validate(model.DefaultRegion); len(ps) > 0 {
			t.Errorf("contact %d %q: %v", i, c.DisplayName(), ps.Err())
		}
		if faxes[c.Fax] {
			t.Errorf("fax %s used twice", c.Fax)
		}
		faxes[c.Fax] = true
		if c.Kind == model.Group {
			groups++
			if n := len(c.Entities); n < 2 || n > 8 {
				t.Errorf("group %q has %d entities, want 2-8", c.GroupName, n)
			}
		}
		if i > 0 && model.Fold(cs[i-1].DisplayName()) > model.Fold(c.DisplayName()) {
			t.Errorf("not in display order: %q before %q", cs[i-1].DisplayName(), c.DisplayName())
		}
	}
	if p := groups * 100 / len(cs); p < 10 || p > 22 {
		t.Errorf("%d%% groups, want about 15%%", p)
	}
}

func TestContactsFeatured(t *testing.T) {
	names := map[string]bool{}
	for _, c := range Contacts(7) {
		names[c.DisplayName()] = true
		for _, e := range c.Entities {
			names[e.FullName()] = true
		}
	}
	for _, want := range []string{
		"Tremblay, Hélène", "Bélanger, François", "Côté, Émilie", "Núñez, José", "Smith, John",
		"Smithson, Robert", "LifeLabs Requisitions", "St. Michael's Hospital — Cardiology",
		"Mount Sinai Hospital — Health Records",
	} {
		if !names[want] {
			t.Errorf("no %q in the book", want)
		}
	}
	smi := 0
	for n := range names {
		if strings.HasPrefix(n, "Smi") {
			smi++
		}
	}
	if smi < 6 {
		t.Errorf("%d names start with Smi, want several", smi)
	}
}

func TestContactsDeterministic(t *testing.T) {
	if a, b := Contacts(42), Contacts(42); !reflect.DeepEqual(a, b) {
		t.Error("same seed, different books")
	}
	if a, b := Contacts(1), Contacts(2); reflect.DeepEqual(a, b) {
		t.Error("different seeds, same book")
	}
}

func TestGenerate(t *testing.T) {
	const n = 20000
	cs := Generate(n, 3)
	if len(cs) != n {
		t.Fatalf("%d contacts, want %d", len(cs), n)
	}
	groups := 0
	for i, c := range cs {
		if c.Kind == model.Group {
			groups++
			if k := len(c.Entities); k < 2 || k > 8 {
				t.Fatalf("group %q has %d entities, want 2-8", c.GroupName, k)
			}
		}
		if i%13 != 0 {
			continue // the parser is slow: check a sample
		}
		if got, err := model.ParseFax(c.Fax, model.DefaultRegion); err != nil || got != c.Fax {
			t.Fatalf("contact %d: fax %q parses as %q, %v", i, c.Fax, got, err)
		}
		if ps := c.Validate(model.DefaultRegion); len(ps) > 0 {
			t.Fatalf("contact %d %q: %v", i, c.DisplayName(), ps.Err())
		}
		for _, e := range c.Entities {
			if p, _ := model.NormalizePhone(e.Phone, model.DefaultRegion); p != e.Phone {
				t.Fatalf("contact %d: phone %q is not canonical (%q)", i, e.Phone, p)
			}
		}
	}
	if p := groups * 100 / n; p < 28 || p > 38 {
		t.Errorf("%d%% groups, want about a third", p)
	}
	if !reflect.DeepEqual(Generate(2000, 3), Generate(2000, 3)) {
		t.Error("same seed, different contacts")
	}
}

func TestGenerateRealism(t *testing.T) {
	var smith, smithson, accented int
	for _, c := range Generate(5000, 9) {
		for _, e := range c.Entities {
			switch e.LastName {
			case "Smith":
				smith++
			case "Smithson":
				smithson++
			}
			if model.Fold(e.FullName()) != strings.ToLower(e.FullName()) {
				accented++
			}
		}
	}
	if smith < 50 || smithson < 10 || accented < 500 {
		t.Errorf("Smiths %d, Smithsons %d, accented names %d: want many of each", smith, smithson, accented)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(100_000, 1)
	}
}

func TestPatientsAreValid(t *testing.T) {
	ps := Patients(200, 1)
	seen := map[string]bool{}
	for _, p := range ps {
		if _, probs := p.Clean("US", time.Now()); len(probs) > 0 {
			t.Errorf("%+v: %v", p, probs)
		}
		if seen[p.Chart] {
			t.Errorf("chart %s twice", p.Chart)
		}
		seen[p.Chart] = true
	}
}
