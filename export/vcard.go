package export

import (
	"bufio"
	"context"
	"io"
	"strings"
	"unicode/utf8"

	"frontdesk/model"
	"frontdesk/store"
)

// VCard writes every contact to w as vCard 4.0 (RFC 6350), one card per
// person. A group's people carry its name as their ORG, its fax as theirs
// (TEL;TYPE=fax,work), and X-FRONTDESK-GROUP with its name, by which the
// import puts the group back together (contact managers keep such
// properties and show none of them). A person of a group whose own
// organization is not the group's name keeps it in X-FRONTDESK-ORGANIZATION.
// It returns the number of contacts written.
func VCard(ctx context.Context, w io.Writer, st *store.Store) (int, error) {
	region, err := st.Region(ctx)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(w)
	n := 0
	err = st.EachContact(ctx, func(c model.Contact) error {
		n++
		for _, e := range c.Entities {
			writeCard(bw, c, e, region)
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// writeCard writes the card of one person of c.
func writeCard(w *bufio.Writer, c model.Contact, e model.Entity, region string) {
	line := func(s string) { writeFolded(w, s) }
	line("BEGIN:VCARD")
	line("VERSION:4.0")
	fn := strings.TrimSpace(e.Name)
	if fn == "" {
		fn = e.FullName()
	}
	line("FN:" + escapeText(fn))
	if e.FirstName != "" || e.LastName != "" {
		line("N:" + escapeText(e.LastName) + ";" + escapeText(e.FirstName) + ";;;")
	}
	org := e.Organization
	if c.Kind == model.Group {
		org = c.GroupName
	}
	if org != "" {
		line("ORG:" + escapeText(org))
	}
	if c.Kind == model.Group {
		line("X-FRONTDESK-GROUP:" + escapeText(c.GroupName))
		if e.Organization != c.GroupName {
			line("X-FRONTDESK-ORGANIZATION:" + escapeText(e.Organization))
		}
	}
	if e.Title != "" {
		line("TITLE:" + escapeText(e.Title))
	}
	if e.Specialty != "" {
		line("ROLE:" + escapeText(e.Specialty))
	}
	if c.Fax != "" {
		line("TEL;VALUE=uri;TYPE=fax,work:tel:" + c.Fax)
	}
	if e.Phone != "" {
		line(telLine("voice,work", e.Phone, region))
	}
	if e.Mobile != "" {
		line(telLine("cell", e.Mobile, region))
	}
	if e.Email != "" {
		line("EMAIL;TYPE=work:" + escapeText(e.Email))
	}
	if e.Address != "" || e.City != "" || e.Region != "" || e.PostalCode != "" || e.Country != "" {
		parts := []string{"", "", e.Address, e.City, e.Region, e.PostalCode, e.Country}
		for i := range parts {
			parts[i] = escapeText(parts[i])
		}
		line("ADR;TYPE=work:" + strings.Join(parts, ";"))
	}
	if e.Notes != "" {
		line("NOTE:" + escapeText(e.Notes))
	}
	line("END:VCARD")
}

// telLine writes a phone as a tel: URI when it is a number that reads
// back as it is written here, and as text otherwise ("555-0100 ext. 12").
func telLine(types, phone, region string) string {
	if e164, err := model.ParseFax(phone, region); err == nil {
		if back, err := model.NormalizePhone(e164, region); err == nil && back == phone {
			return "TEL;VALUE=uri;TYPE=" + types + ":tel:" + e164
		}
	}
	return "TEL;VALUE=text;TYPE=" + types + ":" + escapeText(phone)
}

// escapeText escapes a text value (RFC 6350 §3.4): backslash, comma and
// semicolon are escaped, and a line break is written \n.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "\\,;\r\n") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ',', ';':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue // CRLF is one line break
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// maxLine is the longest a line may be, in octets, without its CRLF.
const maxLine = 75

// writeFolded writes one content line, folded (RFC 6350 §3.2): lines of
// more than 75 octets go on on the next line after a space, never in the
// middle of a character.
func writeFolded(w *bufio.Writer, s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1 // the space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
