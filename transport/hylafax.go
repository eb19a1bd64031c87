package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"

	"frontdesk/model"
	"frontdesk/private"
)

// HylaFAX sends through a HylaFAX server's client commands: sendfax
// queues the documents and names the job, faxstat tells how it went.
type HylaFAX struct {
	SendFax string // the sendfax command ("sendfax" unless set)
	FaxStat string // the faxstat command ("faxstat" unless set)
	Host    string // the HylaFAX server (-h); the local one unless set
}

var _ Transport = HylaFAX{}

var jobID = regexp.MustCompile(`request id is (\d+)`)

// Send runs sendfax -n -d NUMBER FILE... and returns the job id it gives.
// The files are the documents' stored bytes, written for sendfax into a
// private folder that is removed once sendfax has taken them (it copies
// them to the HylaFAX server's queue).
func (h HylaFAX) Send(ctx context.Context, f model.Fax, _ string) (string, error) {
	dir, err := os.MkdirTemp("", "frontdesk-sendfax-*") // 0700
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	args := h.hostArgs()
	args = append(args, "-n", "-d", f.Number)
	for i, d := range f.Documents {
		path := filepath.Join(dir, fileName(i, d))
		if err := private.WriteFile(path, forSendFax(d)); err != nil {
			return "", fmt.Errorf("document %q: %w", d.Name, err)
		}
		args = append(args, path)
	}
	out, err := h.run(ctx, cmdOr(h.SendFax, "sendfax"), args...)
	if err != nil {
		return "", err
	}
	m := jobID.FindStringSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("sendfax gave no job id: %s", firstLine(out))
	}
	return m[1], nil
}

// forSendFax is what sendfax is given of d: the stored bytes, except that
// text (kept as UTF-8) is written in Windows-1252 when it can be, the
// Latin-1 that HylaFAX's textfmt typesets (UTF-8 would print "ZoÃ«").
func forSendFax(d model.Document) []byte {
	if d.Kind == model.DocText {
		if b, err := charmap.Windows1252.NewEncoder().Bytes(d.Data); err == nil {
			return b
		}
	}
	return d.Data
}

// Check finds the job in faxstat's list of jobs, done or not: D is sent,
// F failed with faxstat's status as the reason; any other state, or a job
// not listed yet, is still going.
func (h HylaFAX) Check(ctx context.Context, f model.Fax, handle string) (Outcome, error) {
	args := append(h.hostArgs(), "-s", "-d", "-O", "JobFmt: %j|%a|%s")
	out, err := h.run(ctx, cmdOr(h.FaxStat, "faxstat"), args...)
	if err != nil {
		return Outcome{}, err
	}
	for _, line := range strings.Split(out, "\n") {
		parts := strings.SplitN(line, "|", 3)
		if len(parts) != 3 || strings.TrimSpace(parts[0]) != handle {
			continue
		}
		switch strings.TrimSpace(parts[1]) {
		case "D":
			return Outcome{Done: true, Sent: true}, nil
		case "F":
			reason := strings.TrimSpace(parts[2])
			if reason == "" {
				reason = "HylaFAX gave no reason"
			}
			return Outcome{Done: true, Reason: reason}, nil
		}
		return Outcome{}, nil
	}
	// Not listed: not queued yet, or cleaned away by HylaFAX long after it
	// ended, when no one was here to see how.
	if !f.Updated.IsZero() && time.Since(f.Updated) > Forgotten {
		return Outcome{Done: true, Reason: fmt.Sprintf("HylaFAX no longer knows job %s: see its logs for how it went", handle)}, nil
	}
	return Outcome{}, nil
}

// Forgotten is how long a job HylaFAX does not list is waited for.
var Forgotten = 24 * time.Hour

func (h HylaFAX) hostArgs() []string {
	if h.Host == "" {
		return nil
	}
	return []string{"-h", h.Host}
}

// run runs a command and returns its output, or an error carrying what it
// said on stderr.
func (h HylaFAX) run(ctx context.Context, name string, args ...string) (string, error) {
	var out, errs bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && errs.Len() > 0 {
			return "", fmt.Errorf("%s: %s", name, firstLine(errs.String()))
		}
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return out.String(), nil
}

func cmdOr(cmd, def string) string {
	if strings.TrimSpace(cmd) == "" {
		return def
	}
	return cmd
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
