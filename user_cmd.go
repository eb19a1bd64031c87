package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"frontdesk/model"
	"frontdesk/private"
	"frontdesk/store"
)

// roleFlags collects repeated --role flags.
type roleFlags []model.Role

func (r *roleFlags) String() string { return fmt.Sprint(*r) }
func (r *roleFlags) Set(s string) error {
	role, err := model.ParseRole(s)
	if err == nil {
		*r = append(*r, role)
	}
	return err
}

// ownerSession opens the database with the authority of its owner,
// refusing when this process's account does not own the file. Only
// create makes a database where there is none: a new server's first
// step is to add its first admin.
func ownerSession(path string, create bool, stderr io.Writer) (context.Context, *store.Store, bool) {
	ctx := actorContext()
	st, ok := openStore(ctx, path, create, stderr)
	if !ok {
		return ctx, nil, false
	}
	mine, err := private.Mine(st.Path())
	if err != nil || !mine {
		fmt.Fprintf(stderr, "frontdesk: %s belongs to another account: run this command as the account that owns it (the clinic server's)\n", st.Path())
		st.Close()
		return ctx, nil, false
	}
	return store.AsOwner(ctx), st, true
}

// positional parses fs over args and returns the n positional arguments
// the command takes, which may come before or after the flags. ok false
// means the command ends at once, with code.
func positional(fs *flagSet, args []string, n int, what string) (pos []string, code int, ok bool) {
	pos, code, ok = fs.parseArgs(args)
	if ok && len(pos) != n {
		fmt.Fprintf(fs.stderr, "%s: say %s\n\n", fs.path, what)
		fs.usage(fs.stderr)
		return nil, exitUsage, false
	}
	return pos, code, ok
}

func runUserAdd(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk user add", stdout, stderr)
	name := fs.String("name", "", "the user's full name, as the clinic writes it")
	var roles roleFlags
	fs.Var(&roles, "role", "a role (admin, clinician, secretary, frontdesk); repeat for several")
	provider := fs.Bool("provider", false, "the user is a provider (has patients)")
	pos, code, ok := positional(fs, args, 1, "the LOGIN of the new user")
	if !ok {
		return code
	}
	if strings.TrimSpace(*name) == "" {
		fmt.Fprintln(stderr, `frontdesk user add: say the user's full name with --name "FULL NAME"`)
		return exitUsage
	}
	ctx, st, ok := ownerSession(*db, true, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	u := model.User{Name: *name, Username: pos[0], Kind: model.KindStaff, Active: true, Roles: roles}
	if *provider {
		u.Kind = model.KindProvider
	}
	u, err := st.CreateUser(ctx, u)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk user add: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "Added %s (%s), %s, roles %s. Give them a key: frontdesk user key add %s FILE\n",
		u.Username, u.Name, u.Kind, roleNames(u.Roles), u.Username)
	return exitOK
}

func roleNames(rs []model.Role) string {
	if len(rs) == 0 {
		return "none"
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

type userJSON struct {
	Login  string   `json:"login"`
	Name   string   `json:"name"`
	Kind   string   `json:"kind"`
	Active bool     `json:"active"`
	Roles  []string `json:"roles"`
	Keys   int      `json:"keys"`
}

func runUserList(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk user list", stdout, stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	ctx, st, ok := ownerSession(*db, false, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	users, err := st.Users(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk user list: %v\n", err)
		return exitFail
	}
	keys, err := st.UserKeys(ctx, 0)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk user list: %v\n", err)
		return exitFail
	}
	count := map[int64]int{}
	for _, k := range keys {
		count[k.UserID]++
	}
	out := []userJSON{}
	for _, u := range users {
		roles := []string{}
		for _, r := range u.Roles {
			roles = append(roles, string(r))
		}
		out = append(out, userJSON{u.Username, model.Printable(u.Name), string(u.Kind), u.Active, roles, count[u.ID]})
	}
	if *asJSON {
		return printJSON(stdout, stderr, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LOGIN\tNAME\tKIND\tACTIVE\tROLES\tKEYS")
	for _, u := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", u.Login, u.Name, u.Kind, yesNo(u.Active), strings.Join(u.Roles, ","), u.Keys)
	}
	tw.Flush()
	return exitOK
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func printJSON(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "frontdesk: %v\n", err)
		return exitFail
	}
	return exitOK
}

func runKeyAdd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk user key add", stdout, stderr)
	pos, code, ok := positional(fs, args, 2, "the LOGIN and the FILE of the key (- for standard input)")
	if !ok {
		return code
	}
	login, file := pos[0], pos[1]
	var b []byte
	var err error
	if file == "-" {
		b, err = io.ReadAll(io.LimitReader(stdin, 64<<10))
	} else {
		b, err = os.ReadFile(file)
	}
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk user key add: %v\n", err)
		return exitFail
	}
	ctx, st, ok := ownerSession(*db, false, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	u, err := st.UserByUsername(ctx, login)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "frontdesk user key add: %q is not a frontdesk user (frontdesk user list shows them)\n", login)
		return exitFail
	}
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk user key add: %v\n", err)
		return exitFail
	}
	k, err := st.AddUserKey(ctx, u.ID, string(b))
	if err != nil {
		if file != "-" {
			fmt.Fprintf(stderr, "frontdesk user key add: %s: %v\n", file, err)
		} else {
			fmt.Fprintf(stderr, "frontdesk user key add: %v\n", err)
		}
		return exitFail
	}
	fmt.Fprintf(stdout, "Added the key %s %s to %s (%s).\n", k.Fingerprint, k.Comment, u.Username, u.Name)
	return exitOK
}

type keyJSON struct {
	Login       string `json:"login"`
	Fingerprint string `json:"fingerprint"`
	Type        string `json:"type"`
	Comment     string `json:"comment"`
	AddedBy     string `json:"added_by"`
	AddedAt     string `json:"added_at"`
	LastUsed    string `json:"last_used,omitempty"`
}

func runKeyList(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk user key list", stdout, stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, code, ok := fs.parseArgs(args)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		fmt.Fprintln(stderr, "frontdesk user key list: one LOGIN at most")
		return exitUsage
	}
	ctx, st, ok := ownerSession(*db, false, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	var id int64
	if len(pos) == 1 {
		u, err := st.UserByUsername(ctx, pos[0])
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk user key list: %q is not a frontdesk user\n", pos[0])
			return exitFail
		}
		id = u.ID
	}
	keys, err := st.UserKeys(ctx, id)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk user key list: %v\n", err)
		return exitFail
	}
	out := []keyJSON{}
	for _, k := range keys {
		j := keyJSON{k.Username, k.Fingerprint, k.Type, k.Comment, k.AddedBy, k.AddedAt.Local().Format(time.RFC3339), ""}
		if !k.LastUsed.IsZero() {
			j.LastUsed = k.LastUsed.Local().Format(time.RFC3339)
		}
		out = append(out, j)
	}
	if *asJSON {
		return printJSON(stdout, stderr, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LOGIN\tFINGERPRINT\tTYPE\tCOMMENT\tADDED\tLAST USED")
	for _, k := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s by %s\t%s\n", k.Login, k.Fingerprint, k.Type, k.Comment, k.AddedAt[:10], k.AddedBy, orNever(k.LastUsed))
	}
	tw.Flush()
	return exitOK
}

func orNever(s string) string {
	if s == "" {
		return "never"
	}
	return strings.Replace(s[:16], "T", " ", 1)
}

func runKeyRemove(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk user key remove", stdout, stderr)
	pos, code, ok := positional(fs, args, 1, "the FINGERPRINT of the key (frontdesk user key list shows them)")
	if !ok {
		return code
	}
	ctx, st, ok := ownerSession(*db, false, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	k, err := st.RemoveUserKey(ctx, pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk user key remove: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "Removed the key %s from %s: it signs nobody in any more.\n", k.Fingerprint, k.Username)
	return exitOK
}
