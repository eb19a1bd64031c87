// Package settings is the Settings screen: the clinic's choices for
// sending faxes and for sharing documents, kept in the database for every
// session.
package settings

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Screen edits the fax and sharing settings.
type Screen struct {
	components.FormHost
	env *screen.Env
}

var _ screen.Screen = (*Screen)(nil)

type (
	loadedMsg struct {
		owner *Screen
		fs    model.FaxSettings
		ss    model.ShareSettings
		err   error
	}
	savedMsg struct {
		owner  *Screen
		region string
		err    error
	}
)

// New returns the Settings screen; Init loads the settings.
func New(env *screen.Env) *Screen {
	return &Screen{FormHost: components.NewFormHost(env, "the settings"), env: env}
}

// keyRegion is the form's field of the default region, kept apart from the
// fax settings: changing it rewrites every contact's list line.
const keyRegion = "region"

// The fields that say where the tests go: typed, never saved.
const (
	keyTestMail = "test.mail_to"
	keyTestSMS  = "test.sms_to"
)

// fields label the settings, in model.SettingKeys order.
var fields = map[string]components.FieldSpec{
	"transport":     {Label: "Send through", Hint: "spool (a folder a fax gateway watches), email or hylafax"},
	"spool_dir":     {Label: "Spool folder", Hint: "empty: the folder spool beside the database; read at start"},
	"smtp_host":     {Label: "Mail server", Hint: "email: the SMTP server, as mail.clinic.example"},
	"smtp_port":     {Label: "Mail port", Hint: "email: 587 when empty"},
	"smtp_user":     {Label: "Mail user", Hint: "email: empty when the server asks for no login"},
	"smtp_password": {Label: "Mail password", Secret: true},
	"smtp_tls":      {Label: "Mail TLS", Hint: "starttls (when empty), required or none"},
	"mail_from":     {Label: "Mail from", Hint: "email: the clinic's address the gateway knows"},
	"mail_to":       {Label: "Gateway address", Hint: "email: {number} is the fax number, as {number}@fax.example.com"},
	"sendfax":       {Label: "sendfax command", Hint: "hylafax: sendfax when empty"},
	"faxstat":       {Label: "faxstat command", Hint: "hylafax: faxstat when empty"},
	"hylafax_host":  {Label: "HylaFAX server", Hint: "hylafax: the local one when empty"},
	"clinic_name":   {Label: "Clinic name", Hint: "on cover pages"},
	"clinic_fax":    {Label: "Clinic fax", Hint: "on cover pages"},
}

// shareFields explain the sharing settings (labelled by model.ShareLabel),
// in the order shown: the tests' fields follow what they try.
var shareFields = []components.FieldSpec{
	{Key: "sharing.enabled", Heading: "Sharing documents with outside contacts",
		Hint: "on or off: documents go to contacts as a mail with a link to the portal"},
	{Key: "sharing.level", Hint: "link (the link alone) or sms (the link, then a 6-digit code by SMS to the contact's mobile)"},
	{Key: "sharing.public_url", Hint: "the portal as contacts reach it, as https://share.clinic.example"},
	{Key: "mail.same_as_fax", Hint: "on: mail through the fax gateway's server (Mail server… above); off: the fields below"},
	{Key: "mail.host", Hint: "the SMTP server that mails the links, as mail.clinic.example"},
	{Key: "mail.port", Hint: "587 when empty, 465 for tls"},
	{Key: "mail.tls", Hint: "starttls (when empty; refused by a server without it), tls (from the start) or none"},
	{Key: "mail.user", Hint: "empty when the server asks for no login"},
	{Key: "mail.password", Secret: true},
	{Key: "mail.from", Hint: "the address contacts see, as Lakeside Clinic <desk@clinic.example>"},
	{Key: keyTestMail, Label: "Test mail to", Hint: "ctrl+t mails a test here (to the from address when empty); not saved"},
	{Key: "sms.url", Hint: "a gateway that speaks Twilio's API: https://api.twilio.com for Twilio"},
	{Key: "sms.account", Hint: "the account's SID, as AC0123…"},
	{Key: "sms.token", Secret: true, Hint: "the account's auth token"},
	{Key: "sms.from", Hint: "the number the codes come from, with its country code, as +14165550100"},
	{Key: keyTestSMS, Label: "Test SMS to", Hint: "ctrl+g texts a test to this mobile number; not saved"},
}

func (s *Screen) build(fs model.FaxSettings, ss model.ShareSettings) {
	specs := []components.FieldSpec{{Key: keyRegion, Label: "Region", Value: s.env.Region(), CharLimit: 2,
		Hint: "the country numbers without a country code are read in: US, CA, FR…"}}
	for _, k := range model.SettingKeys {
		spec := fields[k]
		spec.Key, spec.Value, spec.CharLimit = k, *fs.Field(k), 200
		if k == "clinic_fax" && fs.ClinicFax != "" {
			spec.Value = model.FormatFax(fs.ClinicFax, s.env.Region())
		}
		specs = append(specs, spec)
	}
	for _, spec := range shareFields {
		if spec.Label == "" {
			spec.Label, spec.Value = model.ShareLabel(spec.Key), ss.Value(spec.Key)
		}
		if spec.Key == "sms.from" && ss.SMS.From != "" {
			spec.Value = model.FormatFax(ss.SMS.From, "") // international: it is typed with its country code
		}
		spec.CharLimit = 200
		specs = append(specs, spec)
	}
	form := components.NewForm(s.env.Styles, s.env.Keys, "Settings: faxes and sharing", specs)
	form.Validate = func(v map[string]string) map[string]string {
		region := strings.ToUpper(strings.TrimSpace(v[keyRegion]))
		_, problems := settingsOf(v).Clean(region)
		if !model.ValidRegion(region) {
			problems[keyRegion] = "a region is a two-letter country code such as US, CA or FR"
		}
		for k, p := range shareProblems(v, region) {
			if problems[k] == "" {
				problems[k] = p
			}
		}
		return problems
	}
	s.SetForm(form)
	s.hideMail()
}

func settingsOf(v map[string]string) model.FaxSettings {
	var fs model.FaxSettings
	for _, k := range model.SettingKeys {
		*fs.Field(k) = v[k]
	}
	return fs
}

// shareOf reads the sharing settings as typed, with the mail of the fax
// settings as typed when mail.same_as_fax asks for it.
func shareOf(v map[string]string, region string) (model.ShareSettings, map[string]string) {
	ss, problems := model.ParseShareSettings(v)
	fax, _ := settingsOf(v).Clean(region)
	return ss.WithFax(fax), problems
}

// shareProblems are the problems of the sharing fields and of the tests'.
func shareProblems(v map[string]string, region string) map[string]string {
	ss, problems := shareOf(v, region)
	for k, p := range ss.Check() {
		if problems[k] == "" {
			problems[k] = p
		}
	}
	if to := strings.TrimSpace(v[keyTestMail]); to != "" {
		if p := model.CheckShareSetting("mail.from", to); p != "" {
			problems[keyTestMail] = "write an address, as you@clinic.example"
		}
	}
	if to := strings.TrimSpace(v[keyTestSMS]); to != "" {
		if _, err := model.ParseFax(to, region); err != nil {
			problems[keyTestSMS] = "the number " + err.Error()
		}
	}
	return problems
}

// hideMail hides the mail fields of sharing while they are the fax's.
func (s *Screen) hideMail() {
	var ss model.ShareSettings
	same := ss.Set("mail.same_as_fax", s.Form.Value("mail.same_as_fax")) == nil && ss.Mail.SameAsFax
	for _, k := range model.ShareKeys {
		if model.ShareMailKey(k) {
			s.Form.SetHidden(k, same)
		}
	}
}

// Init loads the settings.
func (s *Screen) Init() tea.Cmd {
	owner, ctx, st := s, s.env.Ctx, s.env.Store
	return func() tea.Msg {
		fs, err := st.FaxSettings(ctx)
		if err != nil {
			return loadedMsg{owner: owner, err: err}
		}
		ss, err := st.ShareSettings(ctx)
		return loadedMsg{owner, fs, ss, err}
	}
}

// Title names the screen.
func (s *Screen) Title() string { return "Settings" }

// Update handles a message.
func (s *Screen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.owner == s {
			if s.Failed = msg.err; s.Failed == nil {
				s.build(msg.fs, msg.ss)
			}
		}
	case triedMsg:
		if msg.owner == s {
			return s, s.tried(msg)
		}
	case savedMsg:
		if msg.owner == s {
			var se *model.SettingsError
			if errors.As(msg.err, &se) {
				s.Saving = false
				s.Form.SetProblems(se.Problems)
				s.Form.Notice, s.Form.NoticeErr = "Not saved: "+se.Error()+".", true
				return s, nil
			}
			saved := s.Saved(msg.err, "Settings saved.", 0)
			if msg.err != nil {
				return s, saved
			}
			// This session reads numbers the new way at once; the others
			// when they see the change.
			now := s.env.Session()
			now.Region = msg.region
			return s, tea.Batch(saved, func() tea.Msg { return screen.SessionMsg{Session: now} })
		}
	case tea.KeyMsg:
		if s.Form != nil && s.Form.Discarding() == nil && !s.Form.Browsing() {
			switch {
			case key.Matches(msg, s.env.Keys.TestMail):
				return s, s.testMail()
			case key.Matches(msg, s.env.Keys.TestSMS):
				return s, s.testSMS()
			}
		}
		submitted, cmd := s.Key(msg)
		if s.Form != nil {
			s.hideMail()
		}
		if !submitted {
			return s, cmd
		}
		return s, s.save()
	}
	return s, nil
}

// save saves the fax settings, the region and, when a field of theirs
// changed, the sharing settings (after the fax's: they may borrow its
// mail server).
func (s *Screen) save() tea.Cmd {
	v := s.Form.Values()
	fs, region := settingsOf(v), strings.ToUpper(strings.TrimSpace(v[keyRegion]))
	ss, _ := model.ParseShareSettings(v)
	share := false
	for _, k := range model.ShareKeys {
		share = share || s.Form.Changed(k)
	}
	s.Saving = true
	owner, ctx, st, old := s, s.env.Ctx, s.env.Store, s.env.Region()
	return func() tea.Msg {
		_, err := st.SetFaxSettings(ctx, fs)
		if err == nil && share {
			_, err = st.SetShareSettings(ctx, ss)
		}
		if err == nil && region != old {
			err = st.SetRegion(ctx, region)
		}
		return savedMsg{owner, region, err}
	}
}

// ShortHelp is the help bar's content: the tests' keys beside the form's.
func (s *Screen) ShortHelp() []key.Binding {
	k := s.env.Keys
	if s.Form == nil || s.Form.Discarding() != nil || s.Form.Browsing() {
		return s.FormHost.ShortHelp()
	}
	return []key.Binding{k.Save, k.TestMail, k.TestSMS, k.NextField, k.Cancel}
}

// FullHelp is the help screen's content.
func (s *Screen) FullHelp() [][]key.Binding {
	k := s.env.Keys
	return [][]key.Binding{{k.Save, k.NextField, k.PrevField, k.Cancel}, {k.TestMail, k.TestSMS}}
}

// Actions are the screen's commands for the palette.
func (s *Screen) Actions() []screen.Action {
	k := s.env.Keys
	return append(s.FormHost.Actions(), screen.Action{Name: "Send a test mail (sharing's mail settings as typed)", Key: k.TestMail},
		screen.Action{Name: "Send a test SMS (sharing's SMS settings as typed)", Key: k.TestSMS})
}
