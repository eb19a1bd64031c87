package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"frontdesk/model"
	"frontdesk/private"
	"frontdesk/store"
)

// The settings as the command line names them: the region, the fax
// settings under fax.KEY, and sharing's under their own keys.
const (
	settingRegion = "region"
	faxPrefix     = "fax."
)

// settingKeys are every setting's key, in the order list prints them.
func settingKeys() []string {
	keys := []string{settingRegion}
	for _, k := range model.SettingKeys {
		keys = append(keys, faxPrefix+k)
	}
	return append(keys, model.ShareKeys...)
}

// settingJSON is one setting as `frontdesk settings list --json` prints
// it; a secret's value is "******" when it is set.
type settingJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value string `json:"value"`
	// FromFax marks the mail settings taken from the fax's (mail.same_as_fax).
	FromFax bool `json:"from_fax,omitempty"`
}

// settingsSession opens the database (never making one) for the OS user:
// a frontdesk user is held to their roles; the account that owns the
// database and is no active frontdesk user (the server's service account,
// setting the clinic up) acts with its authority, as the user commands do.
func settingsSession(path string, stderr io.Writer) (context.Context, *store.Store, bool) {
	ctx := actorContext()
	st, ok := openStore(ctx, path, false, stderr)
	if !ok {
		return ctx, nil, false
	}
	_, err := st.SignedIn(ctx)
	if errors.Is(err, store.ErrNoUser) {
		if mine, merr := private.Mine(st.Path()); merr == nil && mine {
			return store.AsOwner(ctx), st, true
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk: %v\n", err)
		st.Close()
		return ctx, nil, false
	}
	return ctx, st, true
}

func runSettingsList(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk settings list", stdout, stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	ctx, st, ok := settingsSession(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	out, err := listSettings(ctx, st)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk settings list: %v\n", err)
		return exitFail
	}
	if *asJSON {
		return printJSON(stdout, stderr, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tVALUE")
	for _, s := range out {
		note := ""
		if s.FromFax {
			note = "  (the fax's: mail.same_as_fax is on)"
		}
		fmt.Fprintf(tw, "%s\t%s%s\n", s.Key, model.Printable(s.Value), note)
	}
	tw.Flush()
	return exitOK
}

func listSettings(ctx context.Context, st *store.Store) ([]settingJSON, error) {
	region, err := st.Region(ctx)
	if err != nil {
		return nil, err
	}
	fax, err := st.FaxSettings(ctx)
	if err != nil {
		return nil, err
	}
	share, err := st.ShareSettings(ctx)
	if err != nil {
		return nil, err
	}
	shown := func(key, v string) string {
		if model.Secret(key) && v != "" {
			return "******"
		}
		return v
	}
	out := []settingJSON{{Key: settingRegion, Label: "Region", Value: region}}
	labels := faxLabels()
	for _, k := range model.SettingKeys {
		out = append(out, settingJSON{Key: faxPrefix + k, Label: labels[k], Value: shown(k, *fax.Field(k))})
	}
	for _, k := range model.ShareKeys {
		out = append(out, settingJSON{Key: k, Label: model.ShareLabel(k), Value: shown(k, share.Value(k)),
			FromFax: share.Mail.SameAsFax && model.ShareMailKey(k)})
	}
	return out, nil
}

// faxLabels are the fax settings' labels, as the audit log reads them.
func faxLabels() map[string]string {
	labels := map[string]string{}
	all := model.FaxSettings{}
	for _, k := range model.SettingKeys {
		*all.Field(k) = "x"
	}
	for _, f := range all.AuditFields() {
		labels[f.Key] = f.Label
	}
	return labels
}

func runSettingsSet(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk settings set", stdout, stderr)
	pos, code, ok := positional(fs, args, 2, "the KEY of a setting and its VALUE (frontdesk settings list shows the keys)")
	if !ok {
		return code
	}
	key, value := pos[0], pos[1]
	if !knownSetting(key) {
		fmt.Fprintf(stderr, "frontdesk settings set: no setting is named %q; the keys are %s\n", key, strings.Join(settingKeys(), ", "))
		return exitUsage
	}
	ctx, st, ok := settingsSession(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	if err := setSetting(ctx, st, key, value); err != nil {
		fmt.Fprintf(stderr, "frontdesk settings set: %s\n", settingRefusal(key, err))
		return exitFail
	}
	shown := value
	if model.Secret(key) {
		shown = "******"
	}
	fmt.Fprintf(stdout, "Set %s to %q.\n", key, model.Printable(shown))
	return exitOK
}

func knownSetting(key string) bool {
	for _, k := range settingKeys() {
		if k == key {
			return true
		}
	}
	return false
}

// setSetting changes one setting; the store checks who may.
func setSetting(ctx context.Context, st *store.Store, key, value string) error {
	if key == settingRegion {
		return st.SetRegion(ctx, value)
	}
	if k, ok := strings.CutPrefix(key, faxPrefix); ok {
		fs, err := st.FaxSettings(ctx)
		if err != nil {
			return err
		}
		*fs.Field(k) = value
		_, err = st.SetFaxSettings(ctx, fs)
		return err
	}
	return st.SetShareSetting(ctx, key, value)
}

// settingRefusal says why key was not set: the problem of each key, said
// with its name as the command line writes it.
func settingRefusal(key string, err error) string {
	var se *model.SettingsError
	if errors.As(err, &se) {
		return se.Error()
	}
	var de *model.DeniedError
	if errors.As(err, &de) {
		return err.Error()
	}
	if strings.HasPrefix(key, faxPrefix) {
		// The fax settings name their fields without the prefix.
		for _, k := range model.SettingKeys {
			if msg, ok := strings.CutPrefix(err.Error(), k+": "); ok {
				return faxPrefix + k + ": " + msg
			}
		}
	}
	return key + ": " + err.Error()
}
