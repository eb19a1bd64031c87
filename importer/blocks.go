package importer

// Blocks are the places a header can say a column is of: a registry writes
// a mailing address and a practice location, Outlook a business and a home
// address, each with its own fax. Where two columns hold the same thing for
// two places, the suggestion takes the one a front desk would.
const (
	blockPractice = "practice location"
	blockWork     = "work"
	blockNone     = ""
	blockMailing  = "mailing"
	blockOther    = "other"
	blockHome     = "home"
)

// blockWords are the words that name a block, most specific first: a
// "Business Mailing Address" is a mailing address.
var blockWords = []struct {
	block string
	words []string
}{
	{blockPractice, []string{"practice", "practise", "location", "clinic"}},
	{blockMailing, []string{"mailing", "billing", "correspondence"}},
	{blockHome, []string{"home", "personal", "private", "domicile", "maison"}},
	{blockOther, []string{"other", "autre", "secondary"}},
	{blockWork, []string{"work", "business", "office", "bureau", "travail", "professional"}},
}

// blockOf is the block that words name, or blockNone.
func blockOf(w []string) string {
	for _, b := range blockWords {
		for _, x := range w {
			if contains(b.words, x) {
				return b.block
			}
		}
	}
	return blockNone
}

func isBlockWord(x string) bool {
	for _, b := range blockWords {
		if contains(b.words, x) {
			return true
		}
	}
	return false
}

// blockRank orders blocks as a front desk wants them: where the clinician
// practises, then work, then a place not said, then mailing, other and
// home. Lower is better.
func blockRank(b string) int {
	switch b {
	case blockPractice:
		return 0
	case blockWork:
		return 1
	case blockNone:
		return 2
	case blockMailing:
		return 3
	case blockOther:
		return 4
	}
	return 5
}

// blockLabel names a block in a note: "the mailing one".
func blockLabel(b string) string {
	if b == blockNone {
		return "the one of no place"
	}
	return "the " + b + " one"
}

// whyBlock says why a column of block beats one of other.
func whyBlock(block, other string) string {
	switch block {
	case blockPractice:
		return "where the clinician practises, not " + blockLabel(other)
	case blockWork:
		return "the work one, not " + blockLabel(other)
	}
	return "rather than " + blockLabel(other)
}
