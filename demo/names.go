package demo

// The pools below are read-only: both generators pick from them and never
// change them, so concurrent calls share them safely.

// place is a city with its telephone area codes and the start of its postal
// codes, so that an organization's numbers and address agree with each other.
type place struct {
	city, region, country string
	codes                 []string // NANP area codes
	postal                string   // Canadian FSA letters ("M5") or US ZIP prefix ("021")
	streets               []string
}

var places = []place{
	{"Toronto", "ON", "Canada", []string{"416", "647", "437"}, "M5", []string{"Queen St W", "University Ave", "Bloor St W", "Yonge St", "Bond St"}},
	{"Hamilton", "ON", "Canada", []string{"905", "289"}, "L8", []string{"Barton St E", "King St W", "Main St E"}},
	{"Ottawa", "ON", "Canada", []string{"613", "343"}, "K1", []string{"Carling Ave", "Bank St", "Smyth Rd"}},
	{"Smiths Falls", "ON", "Canada", []string{"613"}, "K7", []string{"Cornelia St W", "Beckwith St N"}},
	{"London", "ON", "Canada", []string{"519", "226"}, "N6", []string{"Commissioners Rd E", "Richmond St"}},
	{"Montréal", "QC", "Canada", []string{"514", "438"}, "H2", []string{"Rue Sherbrooke Est", "Boul. René-Lévesque", "Rue Saint-Denis", "Ch. de la Côte-Sainte-Catherine"}},
	{"Québec", "QC", "Canada", []string{"418", "581"}, "G1", []string{"Rue de l'Hôtel-Dieu", "Boul. Laurier", "Ch. Sainte-Foy"}},
	{"Vancouver", "BC", "Canada", []string{"604", "778"}, "V5", []string{"W 12th Ave", "Burrard St", "Granville St"}},
	{"Calgary", "AB", "Canada", []string{"403", "587"}, "T2", []string{"Hospital Dr NW", "17 Ave SW"}},
	{"Edmonton", "AB", "Canada", []string{"780"}, "T6", []string{"112 St NW", "Jasper Ave"}},
	{"Winnipeg", "MB", "Canada", []string{"204"}, "R3", []string{"William Ave", "Portage Ave"}},
	{"Halifax", "NS", "Canada", []string{"902", "782"}, "B3", []string{"South Park St", "Robie St"}},
	{"Boston", "MA", "United States", []string{"617", "857"}, "021", []string{"Fruit St", "Francis St", "Longwood Ave"}},
	{"New York", "NY", "United States", []string{"212", "646"}, "100", []string{"E 68th St", "Madison Ave", "1st Ave"}},
	{"Rochester", "MN", "United States", []string{"507"}, "559", []string{"1st St SW", "2nd St SW"}},
	{"Cleveland", "OH", "United States", []string{"216"}, "441", []string{"Euclid Ave", "Carnegie Ave"}},
	{"Chicago", "IL", "United States", []string{"312", "773"}, "606", []string{"N St Clair St", "W Harrison St"}},
	{"Seattle", "WA", "United States", []string{"206"}, "981", []string{"9th Ave", "Broadway"}},
	{"Buffalo", "NY", "United States", []string{"716"}, "142", []string{"Elm St", "Main St"}},
	{"Burlington", "VT", "United States", []string{"802"}, "054", []string{"Colchester Ave", "Pearl St"}},
	{"Detroit", "MI", "United States", []string{"313"}, "482", []string{"W Grand Blvd", "John R St"}},
}

// orgKind tells what an organization does, which decides who works there and
// how its shared fax lines are named.
type orgKind int

const (
	hospital orgKind = iota
	clinic
	lab
	imaging
	pharmacy
)

type org struct {
	name   string
	kind   orgKind
	place  int // index in places
	domain string
}

var orgs = []org{
	{"St. Michael's Hospital", hospital, 0, "stmichaels.example"},
	{"Toronto General Hospital", hospital, 0, "tgh.example"},
	{"Mount Sinai Hospital", hospital, 0, "sinaihealth.example"},
	{"Sunnybrook Health Sciences Centre", hospital, 0, "sunnybrook.example"},
	{"The Hospital for Sick Children", hospital, 0, "sickkids.example"},
	{"Women's College Hospital", hospital, 0, "wch.example"},
	{"Hamilton General Hospital", hospital, 1, "hhsc.example"},
	{"St. Joseph's Healthcare Hamilton", hospital, 1, "stjoes.example"},
	{"The Ottawa Hospital", hospital, 2, "toh.example"},
	{"Smiths Falls Community Hospital", hospital, 3, "smithsfallshospital.example"},
	{"Victoria Hospital", hospital, 4, "lhsc.example"},
	{"Hôpital Notre-Dame", hospital, 5, "chum.example"},
	{"Hôpital Maisonneuve-Rosemont", hospital, 5, "hmr.example"},
	{"Jewish General Hospital", hospital, 5, "jgh.example"},
	{"CHU Sainte-Justine", hospital, 5, "chusj.example"},
	{"Hôtel-Dieu de Québec", hospital, 6, "chudequebec.example"},
	{"Vancouver General Hospital", hospital, 7, "vch.example"},
	{"Foothills Medical Centre", hospital, 8, "ahs.example"},
	{"University of Alberta Hospital", hospital, 9, "ualberta-hospital.example"},
	{"Health Sciences Centre Winnipeg", hospital, 10, "hscwinnipeg.example"},
	{"QEII Health Sciences Centre", hospital, 11, "nshealth.example"},
	{"Massachusetts General Hospital", hospital, 12, "mgh.example"},
	{"Brigham and Women's Hospital", hospital, 12, "bwh.example"},
	{"NewYork-Presbyterian Hospital", hospital, 13, "nyp.example"},
	{"Mayo Clinic", hospital, 14, "mayo.example"},
	{"Cleveland Clinic", hospital, 15, "ccf.example"},
	{"Northwestern Memorial Hospital", hospital, 16, "nm.example"},
	{"Harborview Medical Center", hospital, 17, "harborview.example"},
	{"Roswell Park Comprehensive Cancer Center", hospital, 18, "roswellpark.example"},
	{"University of Vermont Medical Center", hospital, 19, "uvmhealth.example"},
	{"Henry Ford Hospital", hospital, 20, "henryford.example"},
	{"Bloor West Family Health Team", clinic, 0, "bloorwestfht.example"},
	{"Smithfield Medical Clinic", clinic, 1, "smithfieldclinic.example"},
	{"Clinique médicale du Plateau", clinic, 5, "cliniqueplateau.example"},
	{"Clinique Santé Limoilou", clinic, 6, "santelimoilou.example"},
	{"Glebe Family Practice", clinic, 2, "glebefp.example"},
	{"Kitsilano Medical Clinic", clinic, 7, "kitsmed.example"},
	{"Back Bay Primary Care", clinic, 12, "backbaypc.example"},
	{"Riverdale Physiotherapy", clinic, 0, "riverdalephysio.example"},
	{"LifeLabs", lab, 0, "lifelabs.example"},
	{"Dynacare", lab, 2, "dynacare.example"},
	{"Biron Groupe Santé", lab, 5, "biron.example"},
	{"Quest Diagnostics", lab, 13, "questdiagnostics.example"},
	{"Labcorp", lab, 16, "labcorp.example"},
	{"True North Imaging", imaging, 0, "truenorthimaging.example"},
	{"Radiologie Laënnec", imaging, 5, "laennec.example"},
	{"Mayfair Diagnostics", imaging, 8, "mayfair.example"},
	{"Shoppers Drug Mart", pharmacy, 0, "shoppers.example"},
	{"Pharmaprix", pharmacy, 5, "pharmaprix.example"},
	{"Jean Coutu", pharmacy, 6, "jeancoutu.example"},
	{"CVS Pharmacy", pharmacy, 12, "cvs.example"},
}

var specialties = []string{
	"Allergy & Immunology", "Cardiology", "Dermatology", "Endocrinology", "Gastroenterology",
	"General Surgery", "Geriatrics", "Hematology", "Infectious Diseases", "Internal Medicine",
	"Nephrology", "Neurology", "Obstetrics & Gynecology", "Oncology", "Ophthalmology",
	"Orthopedic Surgery", "Otolaryngology", "Pediatrics", "Physical Medicine & Rehabilitation",
	"Plastic Surgery", "Psychiatry", "Pulmonology", "Radiology", "Rheumatology", "Sleep Medicine",
	"Sports Medicine", "Urology", "Vascular Surgery",
}

// clinicSpecialties are what the people of a community clinic practise.
var clinicSpecialties = []string{"Family Medicine", "Family Medicine", "Family Medicine", "Sports Medicine", "Physiotherapy", "Nurse Practitioner"}

// departments answer a shared fax line of an organization of each kind.
var departments = [...][]string{
	hospital: {"Referral Intake", "Health Records", "Booking Office", "Pre-Admission Clinic", "Discharge Planning", "Clinic Nurse", "Medical Secretary"},
	clinic:   {"Reception", "Referral Coordinator", "Medical Records", "Clinic Nurse"},
	lab:      {"Requisitions", "Client Services", "Patient Service Centre", "Results Inquiries"},
	imaging:  {"Booking", "Reports", "Ultrasound", "MRI Scheduling", "Mammography"},
	pharmacy: {"Pharmacy", "Prescription Refills", "Compounding", "Pharmacist on Duty"},
}

// groupSuffix names a lab's, an imaging centre's or a pharmacy's shared fax
// line ("LifeLabs Requisitions"); hospitals and clinics use a specialty.
var groupSuffix = [...]string{
	lab:      " Requisitions",
	imaging:  " — Booking",
	pharmacy: " — Pharmacy",
}

var firstNames = []string{
	"Hélène", "François", "Zoë", "Noël", "Émilie", "José", "Chloé", "Jérôme", "Benoît", "Geneviève",
	"Stéphane", "Sébastien", "Frédéric", "Mélanie", "Gaëlle", "Joëlle", "Renée", "André", "Raphaël",
	"Anaïs", "Léa", "Béatrice", "Céline", "Inés", "Ramón", "Sofía", "Jürgen", "Søren", "Björn",
	"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
	"Elizabeth", "William", "Susan", "Richard", "Sarah", "Thomas", "Karen", "Daniel", "Nancy",
	"Matthew", "Emily", "Andrew", "Olivia", "Priya", "Raj", "Wei", "Mei", "Ahmed", "Fatima", "Omar",
	"Aisha", "Hiroshi", "Yuki", "Min-jun", "Seo-yeon", "Liam", "Emma", "Noah", "Ava", "Ethan",
	"Sophia", "Lucas", "Isabelle", "Marc", "Julie", "Pierre", "Nathalie", "Sean", "Siobhan",
	"Niamh", "Connor", "Grace", "Anna", "Ingrid", "Lars", "Samuel", "Samira", "Chidi", "Adaeze",
}

// lastNames repeats the "Smi…" names so that a search for "smi" finds a
// crowd, as it does in any large North-American fax book.
var lastNames = []string{
	"Tremblay", "Bélanger", "Côté", "Núñez", "Gagnon", "Roy", "Bouchard", "Gauthier", "Morin",
	"Lavoie", "Fortin", "Gagné", "Ouellet", "Pelletier", "Lévesque", "Bergeron", "Leblanc",
	"Paquette", "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier",
	"Fournier", "Lapointe", "Leclerc", "Lefebvre", "Thibault", "St-Pierre", "Nadeau", "Landry",
	"Smith", "Smith", "Smith", "Smithson", "Smithers", "Smits", "Smiley", "Smirnov", "Smythe",
	"Goldsmith", "Brown", "Wilson", "Johnson", "Williams", "Jones", "Miller", "Davis", "García",
	"Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Nguyen", "Tran",
	"Patel", "Singh", "Sharma", "Gupta", "Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Chan", "Kim",
	"Lee", "Park", "Choi", "Müller", "Schäfer", "Østergaard", "O'Brien", "O'Connor", "MacDonald",
	"McLeod", "Campbell", "Stewart", "Anderson", "Thompson", "White", "Harris", "Clark", "Lewis",
	"Robinson", "Walker", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
	"Hill", "Cohen", "Goldberg", "Rosen", "Katz", "Haddad", "Khoury", "Ali", "Khan", "Hussain",
	"Okafor", "Adeyemi", "Mensah", "Kowalski", "Nowak", "Ivanov", "Kaur", "Yamamoto", "Tanaka",
}

// nonDoctorTitle is the title of people who work in a pharmacy or a
// clinic without being physicians.
var nonDoctorTitle = map[string]string{
	"Physiotherapy":      "PT",
	"Nurse Practitioner": "NP",
}
