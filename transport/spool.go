package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"frontdesk/model"
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
	Documents []string `json:"documents"` // file names in the folder, in order
}

// Result is the JSON a gateway writes in a job folder when it is done.
type Result struct {
	Status string `json:"status"` // "sent" or "failed"
	Reason string `json:"reason"`
}

func (s Spool) folder(id int64) string {
	return filepath.Join(s.Dir, "outbox", fmt.Sprintf("fax-%d", id))
}

// Send writes the fax's job folder. A folder already there without a
// result is the same job handed over before a crash: it is left as it is
// (the fax is not sent twice). One with a failed result is a retry: the old
// job is kept aside and a new one written.
func (s Spool) Send(ctx context.Context, f model.Fax) (string, error) {
	dir := s.folder(f.ID)
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil {
		res, err := readResult(dir)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		if err != nil { // no result yet: the job is with the gateway
			return dir, nil
		}
		aside := fmt.Sprintf("%s.%s-%d", dir, res.Status, time.Now().UnixNano())
		if err := os.Rename(dir, aside); err != nil {
			return "", err
		}
	}
	// Written in a folder of its own, then renamed: a gateway never sees a
	// job half written.
	tmp := dir + ".part"
	os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return "", err
	}
	m := Manifest{ID: f.ID, Number: f.Number, Name: f.Name, Kind: string(f.Kind), Note: f.Note, Pages: f.Pages}
	for i, doc := range f.Documents {
		name := fmt.Sprintf("%02d-%s", i+1, filepath.Base(doc))
		if err := copyFile(doc, filepath.Join(tmp, name)); err != nil {
			os.RemoveAll(tmp)
			return "", fmt.Errorf("document %s: %w", doc, err)
		}
		m.Documents = append(m.Documents, name)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(tmp, "manifest.json"), b, 0o644); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return dir, nil
}

// Check reads the gateway's result.json, if there is one yet.
func (s Spool) Check(ctx context.Context, f model.Fax, handle string) (Outcome, error) {
	res, err := readResult(handle)
	if errors.Is(err, os.ErrNotExist) {
		return Outcome{}, nil
	}
	if err != nil {
		return Outcome{}, err
	}
	switch res.Status {
	case "sent":
		return Outcome{Done: true, Sent: true}, nil
	case "failed":
		reason := res.Reason
		if reason == "" {
			reason = "the gateway gave no reason"
		}
		return Outcome{Done: true, Reason: reason}, nil
	}
	return Outcome{}, fmt.Errorf("%s: status %q is neither sent nor failed", filepath.Join(handle, "result.json"), res.Status)
}

func readResult(dir string) (Result, error) {
	var r Result
	b, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("%s: %w", filepath.Join(dir, "result.json"), err)
	}
	return r, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
