package scenes

import (
	"fmt"
	"strings"
)

// RegistryHeader is the header of a provider registry extract laid out as
// the US NPPES file is: the provider's names, two address blocks (mailing,
// and the practice location) each with its own phone and fax, and the
// numbered taxonomy and identifier columns, 300 and more in all.
func RegistryHeader() []string {
	h := []string{"NPI", "Entity Type Code", "Replacement NPI", "Employer Identification Number (EIN)",
		"Provider Organization Name (Legal Business Name)", "Provider Last Name (Legal Name)", "Provider First Name",
		"Provider Middle Name", "Provider Name Prefix Text", "Provider Name Suffix Text", "Provider Credential Text",
		"Provider Other Organization Name", "Provider Other Organization Name Type Code", "Provider Other Last Name",
		"Provider Other First Name", "Provider Other Middle Name", "Provider Other Name Prefix Text",
		"Provider Other Name Suffix Text", "Provider Other Credential Text", "Provider Other Last Name Type Code"}
	for _, block := range []string{"Business Mailing Address", "Business Practice Location Address"} {
		h = append(h, "Provider First Line "+block, "Provider Second Line "+block, "Provider "+block+" City Name",
			"Provider "+block+" State Name", "Provider "+block+" Postal Code",
			"Provider "+block+" Country Code (If outside U.S.)", "Provider "+block+" Telephone Number",
			"Provider "+block+" Fax Number")
	}
	h = append(h, "Provider Enumeration Date", "Last Update Date", "NPI Deactivation Reason Code",
		"NPI Deactivation Date", "NPI Reactivation Date", "Provider Gender Code", "Authorized Official Last Name",
		"Authorized Official First Name", "Authorized Official Middle Name", "Authorized Official Title or Position",
		"Authorized Official Telephone Number")
	for i := 1; i <= 15; i++ {
		h = append(h, fmt.Sprintf("Healthcare Provider Taxonomy Code_%d", i), fmt.Sprintf("Provider License Number_%d", i),
			fmt.Sprintf("Provider License Number State Code_%d", i), fmt.Sprintf("Healthcare Provider Primary Taxonomy Switch_%d", i))
	}
	for i := 1; i <= 50; i++ {
		h = append(h, fmt.Sprintf("Other Provider Identifier_%d", i), fmt.Sprintf("Other Provider Identifier Type Code_%d", i),
			fmt.Sprintf("Other Provider Identifier State_%d", i), fmt.Sprintf("Other Provider Identifier Issuer_%d", i))
	}
	h = append(h, "Is Sole Proprietor", "Is Organization Subpart", "Parent Organization LBN", "Parent Organization TIN",
		"Authorized Official Name Prefix Text", "Authorized Official Name Suffix Text", "Authorized Official Credential Text")
	for i := 1; i <= 15; i++ {
		h = append(h, fmt.Sprintf("Healthcare Provider Taxonomy Group_%d", i))
	}
	return append(h, "Certification Date")
}

// SampleRegistryCSV is a registry extract of invented providers: one with
// both faxes (the practice location's is taken), one whose practice
// location has none (the mailing one is), an organization, and one with no
// fax at all.
var SampleRegistryCSV = registryCSV([]map[string]string{
	{"NPI": "1000000001", "Entity Type Code": "1", "Provider Last Name (Legal Name)": "OKAFOR", "Provider First Name": "ADA",
		"Provider Name Prefix Text": "DR.", "Provider Credential Text": "M.D.",
		"Provider First Line Business Mailing Address": "PO BOX 120", "Provider Business Mailing Address City Name": "ALBANY",
		"Provider Business Mailing Address State Name": "NY", "Provider Business Mailing Address Postal Code": "122010120",
		"Provider Business Mailing Address Fax Number":           "5185550190",
		"Provider First Line Business Practice Location Address": "12 STATE ST",
		"Provider Business Practice Location Address City Name":  "ALBANY", "Provider Business Practice Location Address State Name": "NY",
		"Provider Business Practice Location Address Postal Code": "12207", "Provider Business Practice Location Address Telephone Number": "5185550100",
		"Provider Business Practice Location Address Fax Number": "5185550101", "Healthcare Provider Taxonomy Code_1": "207RC0000X"},
	{"NPI": "1000000002", "Entity Type Code": "1", "Provider Last Name (Legal Name)": "LINDQVIST", "Provider First Name": "MARTA",
		"Provider Credential Text": "D.O.", "Provider First Line Business Mailing Address": "40 RIVER RD",
		"Provider Business Mailing Address City Name": "TROY", "Provider Business Mailing Address State Name": "NY",
		"Provider Business Mailing Address Postal Code": "12180", "Provider Business Mailing Address Fax Number": "5185550202",
		"Provider First Line Business Practice Location Address": "7 MAIN ST",
		"Provider Business Practice Location Address City Name":  "COHOES", "Provider Business Practice Location Address State Name": "NY",
		"Provider Business Practice Location Address Postal Code": "12047"},
	{"NPI": "1000000003", "Entity Type Code": "2", "Provider Organization Name (Legal Business Name)": "HUDSON VALLEY IMAGING LLC",
		"Provider First Line Business Practice Location Address": "300 WOLF RD",
		"Provider Business Practice Location Address City Name":  "LATHAM", "Provider Business Practice Location Address State Name": "NY",
		"Provider Business Practice Location Address Postal Code": "12110", "Provider Business Practice Location Address Fax Number": "5185550303",
		"Authorized Official Last Name": "BAKER", "Authorized Official First Name": "JO"},
	{"NPI": "1000000004", "Entity Type Code": "1", "Provider Last Name (Legal Name)": "PETIT", "Provider First Name": "LOUIS",
		"Provider First Line Business Practice Location Address": "1 ELM ST",
		"Provider Business Practice Location Address City Name":  "SCHENECTADY"},
})

func registryCSV(rows []map[string]string) string {
	header := RegistryHeader()
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			// Every cell quoted, as the registry writes them.
			b.WriteString(`"` + strings.ReplaceAll(c, `"`, `""`) + `"`)
		}
		b.WriteString("\r\n")
	}
	line(header)
	for _, r := range rows {
		cells := make([]string, len(header))
		for i, h := range header {
			cells[i] = r[h]
		}
		line(cells)
	}
	return b.String()
}
