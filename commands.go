package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// A command is one word of the command line and what it runs: a command
// that takes flags (run), or a group such as fax whose words are its
// subcommands (subs). The root, frontdesk itself, runs the terminal
// interface. Usage, --help and `frontdesk help` all come from this tree,
// so that a new command cannot be left out of them.
type command struct {
	name     string
	synopsis string // the arguments after the command's words
	summary  string // what it does, one sentence
	run      func(args []string, std stdio) int
	subs     []command
	// positional: a command with subcommands that also takes words of its
	// own (share DOCUMENT_ID), which are not typos of its subcommands.
	positional bool
}

// stdio is what a command reads and writes.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// commandLine is every command of frontdesk.
func commandLine() command {
	return command{
		name:     "frontdesk",
		synopsis: "[--db PATH] [--ascii] [--spool DIR]",
		summary:  "The terminal interface; it sends faxes while no serve runs.",
		run:      func(args []string, std stdio) int { return runTUI(args, std.out, std.err) },
		subs: []command{
			{name: "demo", synopsis: "[--db PATH]",
				summary: "Fill an empty database with demo contacts, patients, employers, staff and messages.",
				run:     func(args []string, std stdio) int { return runDemo(args, std.out, std.err) }},
			{name: "export", synopsis: "[--db PATH] [--format csv|json|vcard] [--kind contacts|patients]",
				summary: "Write every contact (or patient) to standard output.",
				run:     func(args []string, std stdio) int { return runExport(args, std.out, std.err) }},
			{name: "import", synopsis: "FILE [--db PATH] [--map 'Header=field,...'] [--dry-run] [--json] [--delimiter C]\n" +
				"    [--encoding NAME] [--import-duplicates] [--kind contacts|patients] [--date-order day|month]\n" +
				"    [--group-by organization]",
				summary: "Import contacts (or patients) from a CSV or vCard file.",
				run:     func(args []string, std stdio) int { return runImport(args, std.out, std.err) }},
			{name: "fax", summary: "Send, list and take in faxes.", subs: []command{
				{name: "send", synopsis: "--to NUMBER|CONTACT_ID [--patient CHART] [--kind fax|referral] [--note TEXT]\n" +
					"    [--reason TEXT] [--specialty TEXT] [--no-cover] [--db PATH] FILE...",
					summary: "Queue a fax of the files (PDF, TIFF or text) for the sender; prints its id.",
					run:     func(args []string, std stdio) int { return runFaxSend(args, std.out, std.err) }},
				{name: "list", synopsis: "[--contact ID] [--patient CHART] [--status S] [--limit N] [--json] [--db PATH]",
					summary: "List the faxes sent and received, newest first.",
					run:     func(args []string, std stdio) int { return runFaxList(args, std.out, std.err) }},
				{name: "receive", synopsis: "FILE --from NUMBER [--db PATH]",
					summary: "Take a received fax in, as the gateway's inbox folder would.",
					run:     func(args []string, std stdio) int { return runFaxReceive(args, std.out, std.err) }},
			}},
			{name: "document", summary: "Add documents to patients' charts and list them.", subs: []command{
				{name: "add", synopsis: "--patient CHART --kind KIND [--title T] [--date YYYY-MM-DD] [--db PATH] FILE",
					summary: "Add the file (PDF, TIFF, PNG, JPEG or text) to the patient's chart, kept with its PDF;\n" +
						"kinds: letter, prescription, document, lab_result, invoice. Prints its id.",
					run: func(args []string, std stdio) int { return runDocumentAdd(args, std.out, std.err) }},
				{name: "list", synopsis: "--patient CHART [--archived] [--json] [--db PATH]",
					summary: "List the documents of the patient's chart, the newest first.",
					run:     func(args []string, std stdio) int { return runDocumentList(args, std.out, std.err) }},
			}},
			{name: "message", summary: "Take patients' messages in.", subs: []command{
				{name: "ingest", synopsis: "[--db PATH] [FILE]",
					summary: "Take patients' messages in from JSON lines (standard input without FILE) and route them;\n" +
						"prints each message's id and who it went to.",
					run: func(args []string, std stdio) int { return runMessageIngest(args, std.in, std.out, std.err) }},
			}},
			{name: "inbox", synopsis: "[--db PATH] [--user USERNAME] [--json]",
				summary: "List a user's messages (yours by default).",
				run:     func(args []string, std stdio) int { return runInbox(args, std.out, std.err) }},
			{name: "audit", synopsis: "[--db PATH] [--record R] [--user U] [--since DATE] [--until DATE] [--limit N] [--json]",
				summary: "Who changed what, newest first, with each change's fields before and after (admins).",
				run:     func(args []string, std stdio) int { return runAudit(args, std.out, std.err) }},
			{name: "share", synopsis: "DOCUMENT_ID --contact ID [--person ID] [--db PATH]",
				summary: "Share a patient's document with a contact: mail them a link to the portal; prints the\n" +
					"share's id.",
				run:        func(args []string, std stdio) int { return runShare(args, std.out, std.err) },
				positional: true,
				subs: []command{
					{name: "list", synopsis: "[--state S] [--limit N] [--json] [--db PATH]",
						summary: "List the shares, newest first, with their states.",
						run:     func(args []string, std stdio) int { return runShareList(args, std.out, std.err) }},
					{name: "revoke", synopsis: "ID [--db PATH]",
						summary: "End a share: its link stops opening at once.",
						run:     func(args []string, std stdio) int { return runShareChange("revoke", args, std.out, std.err) }},
					{name: "resend", synopsis: "ID [--db PATH]",
						summary: "Mail a share again with a new link; the old one stops opening at once.",
						run:     func(args []string, std stdio) int { return runShareChange("resend", args, std.out, std.err) }},
				}},
			{name: "settings", summary: "The clinic's settings (faxes, sharing, its mail and SMS), for scripted set-up.", subs: []command{
				{name: "list", synopsis: "[--json] [--db PATH]",
					summary: "Every setting and its value; passwords and tokens show as ****** when set.",
					run:     func(args []string, std stdio) int { return runSettingsList(args, std.out, std.err) }},
				{name: "set", synopsis: "KEY VALUE [--db PATH]",
					summary: "Change one setting (admins); KEY as list prints it: region, fax.KEY, sharing.*,\n" +
						"mail.* or sms.*. A value refused changes nothing.",
					run: func(args []string, std stdio) int { return runSettingsSet(args, std.out, std.err) }},
			}},
			{name: "user", summary: "Manage the staff and their SSH keys, on the clinic server, as the account that owns\n" +
				"the database: its authority, whoever the roles name (the first admin is made so).", subs: []command{
				{name: "add", synopsis: "LOGIN --name \"FULL NAME\" [--role ROLE]... [--provider] [--db PATH]",
					summary: "Add a user; roles: admin, clinician, secretary, frontdesk.",
					run:     func(args []string, std stdio) int { return runUserAdd(args, std.out, std.err) }},
				{name: "list", synopsis: "[--json] [--db PATH]",
					summary: "List the users, their roles and how many keys they hold.",
					run:     func(args []string, std stdio) int { return runUserList(args, std.out, std.err) }},
				{name: "key", summary: "Give users SSH keys to sign in with, list them, take them away.", subs: []command{
					{name: "add", synopsis: "LOGIN FILE|- [--db PATH]",
						summary: "Give LOGIN the public key in FILE (a .pub or authorized_keys line; - reads standard input).",
						run:     func(args []string, std stdio) int { return runKeyAdd(args, std.in, std.out, std.err) }},
					{name: "list", synopsis: "[LOGIN] [--json] [--db PATH]",
						summary: "List the keys (of LOGIN), with their fingerprints and last use.",
						run:     func(args []string, std stdio) int { return runKeyList(args, std.out, std.err) }},
					{name: "remove", synopsis: "FINGERPRINT [--db PATH]",
						summary: "Take the key with FINGERPRINT away: it signs nobody in any more.",
						run:     func(args []string, std stdio) int { return runKeyRemove(args, std.out, std.err) }},
				}},
			}},
			{name: "serve", synopsis: "[--db PATH] [--ssh ADDR|off] [--portal ADDR|off] [--portal-cert FILE --portal-key FILE]\n" +
				"    [--portal-proxy ADDRS] [--idle 30m] [--grace 10s] [--spool DIR] [--every 2s]",
				summary: "The clinic server, until stopped: staff over SSH (:2222), the sharing portal (with\n" +
					"--portal), and the sender of the outbox and taker-in of the inbox.",
				run: func(args []string, std stdio) int {
					ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
					defer stop()
					return runServe(ctx, args, std.out, std.err)
				}},
			{name: "help", synopsis: "[COMMAND...]",
				summary: "Say how to use frontdesk, or one of its commands.",
				run:     runHelp},
		},
	}
}

// find is the command that words name under c, if any.
func (c command) find(words []string) (command, bool) {
	for _, w := range words {
		sub, ok := c.sub(w)
		if !ok {
			return command{}, false
		}
		c = sub
	}
	return c, true
}

func (c command) sub(name string) (command, bool) {
	for _, s := range c.subs {
		if s.name == name {
			return s, true
		}
	}
	return command{}, false
}

// exec runs the command that args name under c; path is c's words.
func (c command) exec(path string, args []string, std stdio) int {
	if len(args) > 0 {
		if sub, ok := c.sub(args[0]); ok {
			return sub.exec(path+" "+sub.name, args[1:], std)
		}
	}
	if c.run != nil {
		// A word that is no command is a typo (not an argument of the
		// terminal interface), unless the command takes words.
		if len(c.subs) > 0 && !c.positional && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(std.err, "%s: unknown command %q\n\n", path, args[0])
			c.usage(std.err, path)
			return exitUsage
		}
		return c.run(args, std)
	}
	switch {
	case len(args) == 0:
		fmt.Fprintf(std.err, "%s: say %s\n\n", path, c.subNames())
		c.usage(std.err, path)
		return exitUsage
	case isHelp(args[0]):
		c.usage(std.out, path)
		return exitOK
	}
	fmt.Fprintf(std.err, "%s: unknown command %q: say %s\n\n", path, args[0], c.subNames())
	c.usage(std.err, path)
	return exitUsage
}

// isHelp reports whether arg asks for help the way the flag package
// understands it.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// subNames lists the subcommands as a sentence: "send, list or receive".
func (c command) subNames() string {
	names := make([]string, len(c.subs))
	for i, s := range c.subs {
		names[i] = s.name
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// usage writes how to call c, named path. The root lists every command;
// a group lists its subcommands; the flags of a command that has them are
// written by its flag set (see flagSet.usage).
func (c command) usage(w io.Writer, path string) {
	if c.run == nil {
		fmt.Fprintf(w, "Usage: %s COMMAND [flags]\n\n%s\n\nCommands:\n", path, c.summary)
		for _, s := range c.subs {
			fmt.Fprintf(w, "  %-9s %s\n", s.name, firstLine(s.summary))
		}
		fmt.Fprintf(w, "\nRun '%s COMMAND --help' for a command's flags.\n", path)
		return
	}
	if len(c.subs) == 0 {
		fmt.Fprintf(w, "Usage: %s %s\n\n%s\n", path, c.synopsis, c.summary)
		return
	}
	fmt.Fprintln(w, "Usage:")
	c.list(w, path)
	fmt.Fprintf(w, "\nThe default database is $XDG_DATA_HOME/frontdesk/frontdesk.db.\n"+
		"Run '%s COMMAND --help' (or '%s help COMMAND') for a command's flags.\n", path, path)
}

// list writes c and every command under it, one synopsis each.
func (c command) list(w io.Writer, path string) {
	if c.run != nil {
		fmt.Fprintf(w, "  %s %s\n", path, c.synopsis)
		for _, line := range strings.Split(c.summary, "\n") {
			fmt.Fprintf(w, "      %s\n", line)
		}
	}
	for _, s := range c.subs {
		s.list(w, path+" "+s.name)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSuffix(line, ";")
}

// runHelp is `frontdesk help [COMMAND...]`: the usage of the command
// named, as its --help writes it.
func runHelp(args []string, std stdio) int {
	root := commandLine()
	for _, a := range args {
		if isHelp(a) {
			help, _ := root.sub("help")
			help.usage(std.out, "frontdesk help")
			return exitOK
		}
	}
	if _, ok := root.find(args); !ok {
		fmt.Fprintf(std.err, "frontdesk help: no command %q\n\n", strings.Join(args, " "))
		root.usage(std.err, root.name)
		return exitUsage
	}
	return root.exec(root.name, append(append([]string{}, args...), "--help"), std)
}

// flagSet is the flags of one command. Parsing them answers --help with
// the command's usage on standard output (exit 0), and a wrong flag with
// the mistake and the usage on standard error (exit 2), for every
// command alike.
type flagSet struct {
	*flag.FlagSet
	path           string // the command's words: "frontdesk fax send"
	stdout, stderr io.Writer
}

// flags returns the flag set of the command named path, with --db.
func flags(path string, stdout, stderr io.Writer) (*flagSet, *string) {
	fs := &flagSet{FlagSet: flag.NewFlagSet(path, flag.ContinueOnError), path: path, stdout: stdout, stderr: stderr}
	// parse says what is wrong, naming the command, and writes the usage
	// to the stream that fits.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	db := fs.String("db", "", "the database file (default $XDG_DATA_HOME/frontdesk/frontdesk.db)")
	return fs, db
}

// parse parses args, which hold flags only. ok is false when the command
// is to end at once, with code: after --help, or after a mistake.
func (fs *flagSet) parse(args []string) (code int, ok bool) {
	pos, code, ok := fs.parseArgs(args)
	if ok && len(pos) > 0 {
		fmt.Fprintf(fs.stderr, "%s: unexpected argument %q\n\n", fs.path, pos[0])
		fs.usage(fs.stderr)
		return exitUsage, false
	}
	return code, ok
}

// parseArgs parses flags that may come before or after the positional
// arguments ("import FILE --dry-run" as well as "import --dry-run FILE")
// and returns the positional ones; ok and code are as for parse.
func (fs *flagSet) parseArgs(args []string) (pos []string, code int, ok bool) {
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			fs.usage(fs.stdout)
			return nil, exitOK, false
		case err != nil:
			fmt.Fprintf(fs.stderr, "%s: %v\n\n", fs.path, err)
			fs.usage(fs.stderr)
			return nil, exitUsage, false
		case fs.NArg() == 0:
			return pos, exitOK, true
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// usage writes the command's usage (from commandLine) and its flags.
func (fs *flagSet) usage(w io.Writer) {
	words := strings.Fields(fs.path)
	if c, ok := commandLine().find(words[1:]); ok {
		c.usage(w, fs.path)
	} else {
		fmt.Fprintf(w, "Usage: %s [flags]\n", fs.path)
	}
	if len(words) == 1 {
		fmt.Fprintln(w, "\nFlags of the terminal interface:")
	} else {
		fmt.Fprintln(w, "\nFlags:")
	}
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// namingPath is err said with the path it is about, once: the os
// package's errors already name it ("read x: is a directory").
func namingPath(path string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path {
		return err.Error()
	}
	return path + ": " + err.Error()
}
