package model

// Field names a piece of contact data. The names are those of the CSV import
// and export columns, so that a file, a form and an error speak alike.
type Field string

// The fields of a contact and of its entities.
const (
	FieldGroup        Field = "group"
	FieldFax          Field = "fax"
	FieldFirstName    Field = "first_name"
	FieldLastName     Field = "last_name"
	FieldName         Field = "name"
	FieldTitle        Field = "title"
	FieldOrganization Field = "organization"
	FieldSpecialty    Field = "specialty"
	FieldPhone        Field = "phone"
	FieldMobile       Field = "mobile"
	FieldEmail        Field = "email"
	FieldAddress      Field = "address"
	FieldCity         Field = "city"
	FieldRegion       Field = "region"
	FieldPostalCode   Field = "postal_code"
	FieldCountry      Field = "country"
	FieldNotes        Field = "notes"
)

// EntityField describes one text field of an entity: its name, its label in
// forms, the longest value it accepts and where it lives.
type EntityField struct {
	Key    Field
	Label  string
	MaxLen int
	ptr    func(*Entity) *string
}

// Get returns the field's value in e. A switch rather than f.ptr: taking
// the address of the copy would move every entity read to the heap.
func (f EntityField) Get(e Entity) string {
	switch f.Key {
	case FieldFirstName:
		return e.FirstName
	case FieldLastName:
		return e.LastName
	case FieldName:
		return e.Name
	case FieldTitle:
		return e.Title
	case FieldOrganization:
		return e.Organization
	case FieldSpecialty:
		return e.Specialty
	case FieldPhone:
		return e.Phone
	case FieldMobile:
		return e.Mobile
	case FieldEmail:
		return e.Email
	case FieldAddress:
		return e.Address
	case FieldCity:
		return e.City
	case FieldRegion:
		return e.Region
	case FieldPostalCode:
		return e.PostalCode
	case FieldCountry:
		return e.Country
	case FieldNotes:
		return e.Notes
	}
	return ""
}

// Set stores v in the field of e.
func (f EntityField) Set(e *Entity, v string) { *f.ptr(e) = v }

// EntityFields lists an entity's fields in the order forms and files show them.
var EntityFields = []EntityField{
	{FieldFirstName, "First name", 100, func(e *Entity) *string { return &e.FirstName }},
	{FieldLastName, "Last name", 100, func(e *Entity) *string { return &e.LastName }},
	{FieldName, "Name or department", 200, func(e *Entity) *string { return &e.Name }},
	{FieldTitle, "Title", 100, func(e *Entity) *string { return &e.Title }},
	{FieldOrganization, "Organization", 200, func(e *Entity) *string { return &e.Organization }},
	{FieldSpecialty, "Specialty", 100, func(e *Entity) *string { return &e.Specialty }},
	{FieldPhone, "Phone", 50, func(e *Entity) *string { return &e.Phone }},
	{FieldMobile, "Mobile", 50, func(e *Entity) *string { return &e.Mobile }},
	{FieldEmail, "Email", 254, func(e *Entity) *string { return &e.Email }},
	{FieldAddress, "Address", 200, func(e *Entity) *string { return &e.Address }},
	{FieldCity, "City", 100, func(e *Entity) *string { return &e.City }},
	{FieldRegion, "Province/state", 100, func(e *Entity) *string { return &e.Region }},
	{FieldPostalCode, "Postal code", 20, func(e *Entity) *string { return &e.PostalCode }},
	{FieldCountry, "Country", 100, func(e *Entity) *string { return &e.Country }},
	{FieldNotes, "Notes", 2000, func(e *Entity) *string { return &e.Notes }},
}

// LookupEntityField finds an entity field by name.
func LookupEntityField(k Field) (EntityField, bool) {
	for _, f := range EntityFields {
		if f.Key == k {
			return f, true
		}
	}
	return EntityField{}, false
}
