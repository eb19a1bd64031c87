package model

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// The fast path must answer exactly as the library does; these tests compare
// the public functions (fast path first) with the slow* reference versions.

// spellings are the ways people type a NANP number: ten digits d.
func spellings(d string) []string {
	a, b, c := d[:3], d[3:6], d[6:]
	return []string{
		"(" + a + ") " + b + "-" + c,
		a + "-" + b + "-" + c,
		a + "." + b + "." + c,
		a + " " + b + " " + c,
		d,
		"1-" + a + "-" + b + "-" + c,
		"+1 " + a + " " + b + " " + c,
		"+1" + d,
		"1 (" + a + ") " + b + "-" + c,
		"(" + a + ")" + b + "-" + c,
		"+1 (" + a + ") " + b + "-" + c,
		"1" + d,
		"  " + a + " " + b + " " + c + " ",
	}
}

// nanpRegion reports whether region shares country code 1, so that bare
// spellings may take the fast path.
func nanpRegion(region string) bool {
	return phonenumbers.GetCountryCodeForRegion(region) == 1
}

// compare checks ParseFax and NormalizePhone against the library for one
// input; with wantFast it also checks the fast path answered by itself.
func compare(t *testing.T, in, region string, wantFast bool) {
	t.Helper()
	got, gotErr := ParseFax(in, region)
	want, wantErr := slowParseFax(in, region)
	if got != want || gotErr != wantErr {
		t.Errorf("ParseFax(%q, %q) = %q, %v; library says %q, %v", in, region, got, gotErr, want, wantErr)
	}
	gotP, gotPErr := NormalizePhone(in, region)
	wantP, wantPErr := slowNormalizePhone(in, region)
	if gotP != wantP || gotPErr != wantPErr {
		t.Errorf("NormalizePhone(%q, %q) = %q, %v; library says %q, %v", in, region, gotP, gotPErr, wantP, wantPErr)
	}
	if wantFast {
		if _, ok, _ := fastParseFax(in, region); !ok {
			t.Errorf("fast path declined ParseFax(%q, %q)", in, region)
		}
		if _, ok, _ := fastNormalizePhone(in, region); !ok {
			t.Errorf("fast path declined NormalizePhone(%q, %q)", in, region)
		}
	}
}

// compareFormat checks FormatFax against the library.
func compareFormat(t *testing.T, e164, region string, wantFast bool) {
	t.Helper()
	if got, want := FormatFax(e164, region), slowFormatFax(e164, region); got != want {
		t.Errorf("FormatFax(%q, %q) = %q; library says %q", e164, region, got, want)
	}
	if wantFast {
		if _, ok := fastFormatFax(e164, region); !ok {
			t.Errorf("fast path declined FormatFax(%q, %q)", e164, region)
		}
	}
}

func randDigits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// checkNumber compares the fast path's answers for the national number d
// with the library's, asked directly: the parser is left to the spelling
// tests, because under the race detector it costs a quarter of a millisecond
// a call. The international format is checked when intl is set.
func checkNumber(t *testing.T, d string, intl bool) {
	t.Helper()
	nn, _ := strconv.ParseUint(d, 10, 64)
	cc := int32(1)
	n := &phonenumbers.PhoneNumber{CountryCode: &cc, NationalNumber: &nn}
	want, wantErr := "+1"+d, error(nil)
	if !phonenumbers.IsValidNumber(n) {
		want, wantErr = "", ErrNumberInvalid
	}
	if got, ok, err := fastParseFax(d, "US"); !ok || got != want || err != wantErr {
		t.Errorf("fast ParseFax(%q, US) = %q, %v, %v; library says %q, %v", d, got, ok, err, want, wantErr)
	}
	if got, ok := fastFormatFax("+1"+d, "CA"); !ok || got != phonenumbers.Format(n, phonenumbers.NATIONAL) {
		t.Errorf("fast FormatFax(+1%s, CA) = %q, %v; library says %q", d, got, ok, phonenumbers.Format(n, phonenumbers.NATIONAL))
	}
	if intl {
		if got, ok := fastFormatFax("+1"+d, "FR"); !ok || got != phonenumbers.Format(n, phonenumbers.INTERNATIONAL) {
			t.Errorf("fast FormatFax(+1%s, FR) = %q, %v; library says %q", d, got, ok, phonenumbers.Format(n, phonenumbers.INTERNATIONAL))
		}
	}
}

// TestFastPathEveryAreaCode covers every area code 200-999, with exchanges
// starting 0 or 1, exchanges the metadata could treat specially (N11, 555,
// 958, 976) and random ones; and one full parse per area code, in a
// rotating spelling and region.
func TestFastPathEveryAreaCode(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	special := []string{"555", "211", "411", "911", "958", "976", "200", "999"}
	for npa := 200; npa <= 999; npa++ {
		exchanges := []string{
			fmt.Sprintf("%d%s", npa%2, randDigits(r, 2)),
			special[npa%len(special)],
			fmt.Sprintf("%d%s", 2+r.IntN(8), randDigits(r, 2)),
		}
		for i, nxx := range exchanges {
			d := fmt.Sprintf("%03d%s%s", npa, nxx, randDigits(r, 4))
			checkNumber(t, d, i == 0)
		}
		d := fmt.Sprintf("%03d%d%s", npa, 2+r.IntN(8), randDigits(r, 6))
		ss := spellings(d)
		in, region := ss[npa%len(ss)], []string{"US", "CA"}[npa%2]
		got, gotErr := ParseFax(in, region)
		want, wantErr := slowParseFax(in, region)
		if got != want || gotErr != wantErr {
			t.Errorf("ParseFax(%q, %q) = %q, %v; library says %q, %v", in, region, got, gotErr, want, wantErr)
		}
	}
}

// TestFastPathEveryExchange covers all 1000 exchanges of area codes whose
// validity is decided exchange by exchange or deeper: Canada, Jamaica,
// Barbados and the personal numbers 52X.
func TestFastPathEveryExchange(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for _, npa := range []string{"416", "876", "246", "524"} {
		for nxx := 0; nxx < 1000; nxx++ {
			checkNumber(t, fmt.Sprintf("%s%03d%s", npa, nxx, randDigits(r, 4)), nxx%10 == 0)
		}
	}
}

// TestFastPathSpellings reads random numbers in every spelling, through the
// library's parser too, in NANP regions (fast) and others (fast only with
// "+1").
func TestFastPathSpellings(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	regions := []string{"US", "CA", "JM", "FR", ""}
	k := 0
	for i := 0; i < 40; i++ {
		d := fmt.Sprintf("%d%s", 2+r.IntN(8), randDigits(r, 9))
		for _, s := range spellings(d) {
			k++
			region := regions[k%len(regions)]
			plus := strings.HasPrefix(strings.TrimSpace(s), "+")
			compare(t, s, region, plus || nanpRegion(region))
			if k%4 == 0 {
				compareFormat(t, "+1"+d, region, true)
			}
		}
	}
}

// mutate damages s a little: the near misses of real spellings are where a
// fast path would go wrong.
func mutate(r *rand.Rand, s string) string {
	junk := []string{"0", "1", "5", " ", "-", ".", "(", ")", "+", "x", "#", ";", ",", "/", "\t",
		"ext", "٣", "＋", "a", "*", "~", "0", "9"}
	b := []byte(s)
	switch r.IntN(4) {
	case 0: // insert
		i := r.IntN(len(b) + 1)
		b = append(b[:i:i], append([]byte(junk[r.IntN(len(junk))]), b[i:]...)...)
	case 1: // delete
		if len(b) > 0 {
			i := r.IntN(len(b))
			b = append(b[:i:i], b[i+1:]...)
		}
	case 2: // replace
		if len(b) > 0 {
			i := r.IntN(len(b))
			b = append(b[:i:i], append([]byte(junk[r.IntN(len(junk))]), b[i+1:]...)...)
		}
	case 3: // append
		b = append(b, junk[r.IntN(len(junk))]...)
	}
	return string(b)
}

// randomInput makes garbage, digit soup, or a damaged real spelling.
func randomInput(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		tokens := []string{"0", "1", "2", "4", "5", "8", "9", " ", "-", ".", "(", ")", "+", "x", "ext.",
			"#", ";", ",", "/", "\t", "٣", "＋", "a", "B", "*", "~", "tel:", ";phone-context=+1", "\u00a0"}
		var b strings.Builder
		for n := r.IntN(20); n > 0; n-- {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		return b.String()
	case 1:
		return randDigits(r, 7+r.IntN(6))
	default:
		d := fmt.Sprintf("%d%s", r.IntN(10), randDigits(r, 9))
		ss := spellings(d)
		s := ss[r.IntN(len(ss))]
		for n := r.IntN(3); n > 0; n-- {
			s = mutate(r, s)
		}
		return s
	}
}

var fuzzRegions = []string{"US", "CA", "JM", "BS", "PR", "DO", "KY", "FR", "GB", "", "us", "ZZ"}

// TestFastPathRandomInputs compares random and damaged inputs in many
// regions, including ones the fast path must decline.
func TestFastPathRandomInputs(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 1000; i++ {
		in := randomInput(r)
		region := fuzzRegions[r.IntN(len(fuzzRegions))]
		compare(t, in, region, false)
		compareFormat(t, in, region, false)
		compareFormat(t, "+1"+randDigits(r, 10), region, false)
	}
}

// TestFastPathDeclines checks inputs the fast path must leave to the
// library, and that the library's answer comes through.
func TestFastPathDeclines(t *testing.T) {
	for _, tt := range []struct{ in, region string }{
		{"416 555 0101 x12", "US"},                           // extension
		{"416 555 0101 ext. 12", "US"},                       // extension
		{"1-800-FLOWERS", "US"},                              // letters
		{"+44 20 7946 0958", "US"},                           // other country code
		{"+33 1 42 68 53 00", "US"},                          // other country code
		{"416/555/0101", "US"},                               // odd punctuation
		{"416 555 010", "US"},                                // nine digits
		{"416 555 01011", "US"},                              // eleven digits, not 1 first
		{"4165550101", "FR"},                                 // no country code, not a NANP region
		{"4165550101", "us"},                                 // region codes are upper case
		{"0165550101", "US"},                                 // national number starting 0
		{"1165550101", "US"},                                 // national number starting 1
		{"+1 116 555 0101", "US"},                            // national number starting 1
		{"011 44 20 7946 0958", "US"},                        // international prefix
		{"＋1 416 555 0101", "US"},                            // full-width plus
		{"٤١٦٥٥٥٠١٠١", "US"},                                 // Arabic-Indic digits
		{"tel:+1-416-555-0101", "US"},                        // RFC 3966
		{"++1 416 555 0101", "US"},                           // two pluses
		{"(+1) 416 555 0101", "US"},                          // plus inside brackets
		{"416" + strings.Repeat(" ", 250) + "5550101", "US"}, // too long for the library
	} {
		if _, ok, _ := fastParseFax(tt.in, tt.region); ok {
			t.Errorf("fast path answered ParseFax(%q, %q)", tt.in, tt.region)
		}
		compare(t, tt.in, tt.region, false)
	}
	for _, e := range []string{"", "4165550101", "+1416555010", "+141655501011", "+10165550101", "+1 4165550101", "+442079460958"} {
		if _, ok := fastFormatFax(e, "US"); ok {
			t.Errorf("fast path answered FormatFax(%q)", e)
		}
		compareFormat(t, e, "US", false)
	}
}

// TestFastPathKnownAnswers pins a few answers, so that a change of metadata
// that moves them is noticed rather than silently followed.
func TestFastPathKnownAnswers(t *testing.T) {
	for _, tt := range []struct {
		in, region, e164, national string
		err                        error
	}{
		{"(416) 555-0101", "CA", "+14165550101", "(416) 555-0101", nil},
		{"1 (212) 555-0101", "US", "+12125550101", "(212) 555-0101", nil},
		{"+1 800 555 0101", "CA", "+18005550101", "(800) 555-0101", nil},
		{"876-555-0101", "US", "+18765550101", "(876) 555-0101", nil},
		{"211-555-0101", "US", "", "", ErrNumberInvalid}, // N11 is no area code
		{"999-555-0101", "US", "", "", ErrNumberInvalid}, // not in service
		{"416-155-0101", "CA", "", "", ErrNumberInvalid}, // exchange cannot start with 1
	} {
		got, err := ParseFax(tt.in, tt.region)
		if got != tt.e164 || err != tt.err {
			t.Errorf("ParseFax(%q, %s) = %q, %v; want %q, %v", tt.in, tt.region, got, err, tt.e164, tt.err)
		}
		if tt.err == nil {
			if got := FormatFax(tt.e164, tt.region); got != tt.national {
				t.Errorf("FormatFax(%q, %s) = %q, want %q", tt.e164, tt.region, got, tt.national)
			}
			if got, want := FormatFax(tt.e164, "FR"), "+1 "+tt.national[1:4]+"-"+tt.national[6:]; got != want {
				t.Errorf("FormatFax(%q, FR) = %q, want %q", tt.e164, got, want)
			}
		}
	}
}

// TestFastPathExhaustive compares validity and both formats with the library
// for every seven-digit prefix (area code, exchange and first line digit,
// deeper than any NANP pattern looks) with a random rest. It takes a minute,
// so it runs only with FRONTDESK_PHONE_EXHAUSTIVE=1.
func TestFastPathExhaustive(t *testing.T) {
	if os.Getenv("FRONTDESK_PHONE_EXHAUSTIVE") == "" {
		t.Skip("set FRONTDESK_PHONE_EXHAUSTIVE=1 to run")
	}
	const lo, hi = 2000000, 10000000
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 9))
			for p := lo + w; p < hi; p += workers {
				checkNumber(t, fmt.Sprintf("%07d%03d", p, r.IntN(1000)), true)
			}
		}(w)
	}
	wg.Wait()
}

// FuzzParseFax compares the fast path with the library on arbitrary input.
func FuzzParseFax(f *testing.F) {
	for i, s := range append(spellings("4165550101"), "", " ", "+", "1", "416 555 0101 x12", "+44 20 7946 0958",
		"1-800-FLOWERS", "211-555-0101", "0165550101", "+10165550101", "٤١٦٥٥٥٠١٠١") {
		f.Add(s, uint8(i))
	}
	f.Fuzz(func(t *testing.T, in string, ri uint8) {
		region := fuzzRegions[int(ri)%len(fuzzRegions)]
		compare(t, in, region, false)
		compareFormat(t, in, region, false)
	})
}

var (
	benchInputs = []string{"(416) 555-0101", "416-555-0101", "1 (212) 555-0199", "+1 800 555 0101", "4505550101"}
	sinkS       string
)

// BenchmarkParseFax reads a fax number and shows it back, as an import does.
func BenchmarkParseFax(b *testing.B) {
	nanpFast()
	for _, bm := range []struct {
		name   string
		parse  func(string, string) (string, error)
		format func(string, string) string
	}{
		{"fast", ParseFax, FormatFax},
		{"slow", slowParseFax, slowFormatFax},
	} {
		b.Run(bm.name+"/parse", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				sinkS, _ = bm.parse(benchInputs[i%len(benchInputs)], "US")
			}
		})
		b.Run(bm.name+"/parse+format", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				e, _ := bm.parse(benchInputs[i%len(benchInputs)], "US")
				sinkS = bm.format(e, "US")
			}
		})
	}
}

// BenchmarkFormatFax shows a stored number, as Summarize does on every save.
func BenchmarkFormatFax(b *testing.B) {
	nanpFast()
	e164 := []string{"+14165550101", "+12125550199", "+18005550101", "+14505550101"}
	for _, bm := range []struct {
		name   string
		format func(string, string) string
	}{
		{"fast", FormatFax},
		{"slow", slowFormatFax},
	} {
		for _, region := range []string{"US", "FR"} {
			b.Run(bm.name+"/"+region, func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					sinkS = bm.format(e164[i%len(e164)], region)
				}
			})
		}
	}
}
