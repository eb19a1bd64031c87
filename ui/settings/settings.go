// Package settings is the Settings screen: the clinic's choices for
// sending faxes, kept in the database for every session.
package settings

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Screen edits the fax settings.
type Screen struct {
	components.FormHost
	env *screen.Env
}

var _ screen.Screen = (*Screen)(nil)

type (
	loadedMsg struct {
		owner *Screen
		fs    model.FaxSettings
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

func (s *Screen) build(fs model.FaxSettings) {
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
	form := components.NewForm(s.env.Styles, s.env.Keys, "Settings: sending faxes", specs)
	form.Validate = func(v map[string]string) map[string]string {
		region := strings.ToUpper(strings.TrimSpace(v[keyRegion]))
		_, problems := settingsOf(v).Clean(region)
		if !model.ValidRegion(region) {
			problems[keyRegion] = "a region is a two-letter country code such as US, CA or FR"
		}
		return problems
	}
	s.SetForm(form)
}

func settingsOf(v map[string]string) model.FaxSettings {
	var fs model.FaxSettings
	for _, k := range model.SettingKeys {
		*fs.Field(k) = v[k]
	}
	return fs
}

// Init loads the settings.
func (s *Screen) Init() tea.Cmd {
	owner, ctx, st := s, s.env.Ctx, s.env.Store
	return func() tea.Msg {
		fs, err := st.FaxSettings(ctx)
		return loadedMsg{owner, fs, err}
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
				s.build(msg.fs)
			}
		}
	case savedMsg:
		if msg.owner == s {
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
		submitted, cmd := s.Key(msg)
		if !submitted {
			return s, cmd
		}
		v := s.Form.Values()
		fs, region := settingsOf(v), strings.ToUpper(strings.TrimSpace(v[keyRegion]))
		s.Saving = true
		owner, ctx, st, old := s, s.env.Ctx, s.env.Store, s.env.Region()
		return s, func() tea.Msg {
			_, err := st.SetFaxSettings(ctx, fs)
			if err == nil && region != old {
				err = st.SetRegion(ctx, region)
			}
			return savedMsg{owner, region, err}
		}
	}
	return s, nil
}
