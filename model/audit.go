package model

import (
	"strconv"
	"strings"
)

// FieldValue is one field of a record as the audit log keeps it: Key
// names the field for comparison (stable across renames of what it
// labels), Label is how a person reads it.
type FieldValue struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// Fields is a record as it was at one moment, field by field, in reading
// order. Empty fields are left out: a field missing on one side of a
// change was empty there.
type Fields []FieldValue

// Add appends the field unless its value is empty.
func (fs *Fields) Add(key, label, value string) {
	if value != "" {
		*fs = append(*fs, FieldValue{key, label, value})
	}
}

func (fs Fields) index(key string) int {
	for i, f := range fs {
		if f.Key == key {
			return i
		}
	}
	return -1
}

// Marks of a field in a change: what happened to it.
const (
	MarkSame    = " " // unchanged
	MarkAdded   = "+" // empty before, set after
	MarkRemoved = "-" // set before, empty after
	MarkChanged = "~" // a value replaced by another
)

// FieldChange is one field of a record before and after a change.
type FieldChange struct {
	Key, Label    string
	Before, After string
	Mark          string // MarkSame, MarkAdded, MarkRemoved or MarkChanged
}

// Diff compares a record before and after a change (either may be nil:
// before a creation, after a deletion), field by field in the order the
// record reads after it; a field gone stays where it was before.
func Diff(before, after Fields) []FieldChange {
	var out []FieldChange
	emitted := map[string]bool{}
	// Removed fields are placed after the last field before them that
	// still exists, so that a person's fields stay together.
	gone := map[string][]FieldValue{} // by the key they follow ("" first)
	prev := ""
	for _, f := range before {
		if after.index(f.Key) < 0 {
			gone[prev] = append(gone[prev], f)
		} else {
			prev = f.Key
		}
	}
	removed := func(after string) {
		for _, f := range gone[after] {
			if !emitted[f.Key] {
				emitted[f.Key] = true
				out = append(out, FieldChange{f.Key, f.Label, f.Value, "", MarkRemoved})
			}
		}
	}
	removed("")
	for _, f := range after {
		if emitted[f.Key] {
			continue
		}
		emitted[f.Key] = true
		c := FieldChange{Key: f.Key, Label: f.Label, After: f.Value, Mark: MarkAdded}
		if i := before.index(f.Key); i >= 0 {
			c.Before = before[i].Value
			c.Mark = MarkChanged
			if c.Before == c.After {
				c.Mark = MarkSame
			}
		}
		out = append(out, c)
		removed(f.Key)
	}
	return out
}

// Changed counts the fields a change touched.
func Changed(cs []FieldChange) int {
	n := 0
	for _, c := range cs {
		if c.Mark != MarkSame {
			n++
		}
	}
	return n
}

// Hidden is what the audit log shows of a secret.
const (
	Hidden        = "(hidden)"
	HiddenChanged = "(hidden, changed)"
)

// Secret reports whether a field holds a secret (a password, a token, a
// key) that the audit log must never hold in clear, by its key.
func Secret(key string) bool {
	k := strings.ToLower(key)
	for _, w := range []string{"password", "passwd", "pass", "secret", "token", "api_key", "apikey", "private_key"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// MaskSecrets replaces the values of secret fields on both sides of a
// change by Hidden, keeping only whether the secret was set and whether
// it changed (HiddenChanged after).
func MaskSecrets(before, after Fields) (Fields, Fields) {
	b := append(Fields(nil), before...)
	a := append(Fields(nil), after...)
	for i, f := range a {
		if !Secret(f.Key) {
			continue
		}
		a[i].Value = Hidden
		if j := b.index(f.Key); j >= 0 && b[j].Value != f.Value {
			a[i].Value = HiddenChanged
		}
	}
	for i, f := range b {
		if Secret(f.Key) {
			b[i].Value = Hidden
		}
	}
	if before == nil {
		b = nil
	}
	if after == nil {
		a = nil
	}
	return b, a
}

// AuditFields are the contact's fields as the audit log keeps them. The
// fields of each person are keyed by the person's ID, so that a person
// added, removed or moved compares with itself.
func (c Contact) AuditFields() Fields {
	var fs Fields
	fs.Add("kind", "Kind", c.Kind.Label())
	fs.Add("group_name", "Group name", c.GroupName)
	fs.Add("fax", "Fax", c.Fax)
	for i, e := range c.Entities {
		prefix, label := "person."+itoa(e.ID)+".", ""
		if c.Kind == Group || len(c.Entities) > 1 {
			label = "Person " + itoa(int64(i+1)) + " · "
		}
		for _, f := range EntityFields {
			fs.Add(prefix+string(f.Key), label+f.Label, f.Get(e))
		}
	}
	return fs
}

// AuditFields are the patient's fields as the audit log keeps them;
// employer names the patient's employer.
func (p Patient) AuditFields(employer string) Fields {
	var fs Fields
	fs.Add("first_name", "First name", p.FirstName)
	fs.Add("last_name", "Last name", p.LastName)
	fs.Add("date_of_birth", "Date of birth", p.BirthDate.String())
	fs.Add("chart_number", "Chart number", p.Chart)
	fs.Add("phone", "Phone", p.Phone)
	fs.Add("email", "Email", p.Email)
	fs.Add("provider", "Provider", p.Provider)
	fs.Add("employer", "Employer", employer)
	fs.Add("archived", "Archived", yes(p.Archived))
	return fs
}

// AuditFields are the employer's fields as the audit log keeps them.
func (e Employer) AuditFields() Fields {
	var fs Fields
	fs.Add("name", "Name", e.Name)
	fs.Add("phone", "Phone", e.Phone)
	fs.Add("fax", "Fax", e.Fax)
	fs.Add("address", "Address", e.Address)
	fs.Add("notes", "Notes", e.Notes)
	fs.Add("archived", "Archived", yes(e.Archived))
	return fs
}

// AuditFields are the user's fields as the audit log keeps them.
func (u User) AuditFields() Fields {
	var fs Fields
	fs.Add("name", "Name", u.Name)
	fs.Add("username", "Login", u.Username)
	fs.Add("kind", "Kind", string(u.Kind))
	fs.Add("active", "Active", yes(u.Active))
	roles := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		roles[i] = r.Label()
	}
	fs.Add("roles", "Roles", strings.Join(roles, ", "))
	return fs
}

// AuditFields are the category's fields as the audit log keeps them.
func (c Category) AuditFields() Fields {
	var fs Fields
	fs.Add("name", "Name", c.Name)
	fs.Add("retired", "Retired", yes(c.Retired))
	return fs
}

// yes writes a flag that is set; an unset one is left out, as empty.
func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// settingLabels name the fax settings in the audit log, as the Settings
// screen does.
var settingLabels = map[string]string{
	"transport": "Send through", "spool_dir": "Spool folder", "smtp_host": "Mail server", "smtp_port": "Mail port",
	"smtp_user": "Mail user", "smtp_password": "Mail password", "smtp_tls": "Mail TLS", "mail_from": "Mail from",
	"mail_to": "Gateway address", "sendfax": "sendfax command", "faxstat": "faxstat command",
	"hylafax_host": "HylaFAX server", "clinic_name": "Clinic name", "clinic_fax": "Clinic fax",
}

// AuditFields are the fax settings as the audit log keeps them (secrets
// are masked when the log records them, see MaskSecrets).
func (s FaxSettings) AuditFields() Fields {
	var fs Fields
	for _, k := range SettingKeys {
		label := settingLabels[k]
		if label == "" {
			label = k
		}
		fs.Add(k, label, *s.Field(k))
	}
	return fs
}
