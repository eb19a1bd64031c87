package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"frontdesk/model"
	"frontdesk/private"
)

// Spool is the spool-folder transport: each fax becomes a folder in
// Dir/outbox holding its documents and a manifest.json; the fax gateway
// watching the folder writes result.json ({"status": "sent"} or
// {"status": "failed", "reason": "..."}) when it is done.
type Spool struct{ Dir string }

var _ Transport = Spool{}

// Manifest is the JSON a gateway reads in a job folder.
type Manifest struct {
	ID        int64    `json:"id"`
	Number    string   `json:"number"` // E.164
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`
	Note      string   `json:"note"`
	Pages     int      `json:"pages"`
	Documents []string `json:"documents"` // file names in the folder, in order; text ones are UTF-8
}

// Result is the JSON a gateway writes in a job folder when it is done.
type Result struct {
	Status string `json:"status"` // "sent" or "failed"
	Reason string `json:"reason"`
}

func (s Spool) folder(job string) string { return filepath.Join(s.Dir, "outbox", job) }

// Resumes is true: a job folder is found by its name.
func (Spool) Resumes() bool { return true }

// Send writes the fax's job folder, named by job. A folder already there
// is this very job, handed over before its sender stopped: it is left as
// it is, whatever its result (the fax is not sent twice). A retry is
// another job, in another folder.
func (s Spool) Send(ctx context.Context, f model.Fax, job string) (string, error) {
	dir := s.folder(job)
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil {
		return dir, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	// Written in a folder of its own, then renamed: a gateway never sees a
	// job half written.
	tmp := dir + ".part"
	os.RemoveAll(tmp)
	if err := private.MkdirAll(tmp); err != nil {
		return "", err
	}
	m := Manifest{ID: f.ID, Number: f.Number, Name: f.Name, Kind: string(f.Kind), Note: f.Note, Pages: f.Pages}
	// The documents' stored bytes, as they were queued: never a file of
	// the user's, read again now.
	for i, doc := range f.Documents {
		name := fileName(i, doc)
		if err := private.WriteFile(filepath.Join(tmp, name), doc.Data); err != nil {
			os.RemoveAll(tmp)
			return "", fmt.Errorf("document %q: %w", doc.Name, err)
		}
		m.Documents = append(m.Documents, name)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := private.WriteFile(filepath.Join(tmp, "manifest.json"), b); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return dir, nil
}

// resultGrace is how long a result.json may stay unreadable before it is
// reported: until then the gateway may still be writing it.
const resultGrace = time.Minute

// Check reads the gateway's result.json, if there is one yet. One that
// does not read as a result (half written, or being written) is not there
// yet; it is reported only once it has stayed so for resultGrace since it
// was last written.
func (s Spool) Check(ctx context.Context, f model.Fax, handle string) (Outcome, error) {
	path := filepath.Join(handle, "result.json")
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Outcome{}, nil
	}
	if err != nil {
		return Outcome{}, err
	}
	var res Result
	bad := json.Unmarshal(b, &res)
	switch {
	case bad != nil:
	case res.Status == "sent":
		return Outcome{Done: true, Sent: true}, nil
	case res.Status == "failed":
		reason := res.Reason
		if reason == "" {
			reason = "the gateway gave no reason"
		}
		return Outcome{Done: true, Reason: reason}, nil
	default:
		bad = fmt.Errorf("status %q is neither sent nor failed", res.Status)
	}
	if fi, err := os.Stat(path); err == nil && time.Since(fi.ModTime()) < resultGrace {
		return Outcome{}, nil
	}
	return Outcome{}, fmt.Errorf("%s: %w", path, bad)
}
