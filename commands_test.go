package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// every lists the words of every command of the tree under c.
func every(c command, words []string) [][]string {
	all := [][]string{words}
	for _, s := range c.subs {
		all = append(all, every(s, append(append([]string{}, words...), s.name))...)
	}
	return all
}

// Every command and subcommand answers --help, -h and `frontdesk help`
// with its usage on standard output and exit 0, without opening (or
// creating) a database; a wrong flag exits 2 with the usage on standard
// error.
func TestEveryCommandAnswersHelp(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	cmds := every(commandLine(), nil)
	if len(cmds) < 12 {
		t.Fatalf("only %d commands in the tree: %v", len(cmds), cmds)
	}
	for _, words := range cmds {
		name := strings.Join(append([]string{"frontdesk"}, words...), " ")
		t.Run(name, func(t *testing.T) {
			var want string
			for i, args := range [][]string{
				append(append([]string{}, words...), "--help"),
				append(append([]string{}, words...), "-h"),
				append([]string{"help"}, words...),
			} {
				code, out, errs := runCmd(t, args...)
				if code != 0 || errs != "" {
					t.Fatalf("%q: exit %d, stderr %q", args, code, errs)
				}
				if !strings.HasPrefix(out, "Usage:") || !strings.Contains(out, name+" ") {
					t.Fatalf("%q does not say how to use %s:\n%s", args, name, out)
				}
				if i == 0 {
					want = out
				} else if out != want {
					t.Errorf("%q says otherwise than --help:\n%s", args, out)
				}
			}
			c, _ := commandLine().find(words)
			if c.run == nil || len(words) > 0 && words[0] == "help" {
				return // groups and help take no flags
			}
			if !strings.Contains(want, "-db") {
				t.Errorf("the usage lists no flags:\n%s", want)
			}
			args := append(append([]string{}, words...), "--no-such-flag")
			code, out, errs := runCmd(t, args...)
			if code != 2 || out != "" || !strings.Contains(errs, name+": flag provided but not defined: -no-such-flag") ||
				!strings.Contains(errs, "Usage:") {
				t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and the usage on stderr", args, code, out, errs)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "frontdesk")); err == nil {
		t.Error("asking for help created the default database")
	}
}

// The root's usage lists every command; a group's lists its subcommands;
// a group without one, or with an unknown one, is bad usage.
func TestUsageListsTheCommands(t *testing.T) {
	_, out, _ := runCmd(t, "--help")
	for _, words := range every(commandLine(), nil) {
		c, _ := commandLine().find(words)
		if c.run == nil {
			continue
		}
		if line := strings.Join(append([]string{"  frontdesk"}, words...), " ") + " "; !strings.Contains(out, line) {
			t.Errorf("frontdesk --help lacks %q:\n%s", line, out)
		}
	}
	_, out, _ = runCmd(t, "fax", "--help")
	for _, sub := range []string{"send", "list", "receive"} {
		if !strings.Contains(out, "\n  "+sub+" ") {
			t.Errorf("fax --help lacks %s:\n%s", sub, out)
		}
	}
	for _, args := range [][]string{{"fax"}, {"fax", "sned"}, {"message"}, {"message", "--db", "x.db"}, {"help", "nope"}} {
		code, out, errs := runCmd(t, args...)
		if code != 2 || out != "" || !strings.Contains(errs, "Usage:") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and the usage on stderr", args, code, out, errs)
		}
	}
}
