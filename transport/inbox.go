package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"frontdesk/document"
	"frontdesk/model"
	"frontdesk/private"
	"frontdesk/store"
)

// Inbox takes in the faxes a gateway drops into Dir/inbox: a PDF or a
// TIFF, with an optional sidecar of the same name ending in .json that the
// gateway writes first:
//
//	{"from": "+14165550101", "time": "2026-11-22T09:30:00Z", "pages": 2}
//
// Each fax is moved to Dir/received and recorded in the history, matched
// to a contact by its number. A file that is not a fax, or whose sidecar
// cannot be read, is moved to Dir/rejected beside a .reason.txt saying
// why: nothing dropped in is ever deleted.
type Inbox struct {
	Dir    string
	Region string // how numbers without a country code are read
	// Settle is how long a file must have been left alone before it is
	// taken: one younger may still be being written.
	Settle time.Duration
}

// Sidecar is what a gateway may say of a received fax.
type Sidecar struct {
	From  string    `json:"from"`
	Time  time.Time `json:"time"`
	Pages int       `json:"pages"`
}

// Rejected is a file of the inbox that was not taken in, and why.
type Rejected struct {
	File   string // where it is now, in Dir/rejected
	Reason string
}

func (r Rejected) String() string { return r.File + ": " + r.Reason }

// Collect takes in every fax waiting in the inbox. err is for the database
// or the folders failing; a file that cannot be taken in is rejected.
func (in Inbox) Collect(ctx context.Context, st *store.Store) (got []model.Fax, rejected []Rejected, err error) {
	dir := filepath.Join(in.Dir, "inbox")
	if err := private.MkdirAll(dir); err != nil {
		return nil, nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || strings.EqualFold(filepath.Ext(name), ".json") {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < in.Settle {
			continue
		}
		f, reason, err := in.take(ctx, st, dir, name, info.ModTime())
		if err != nil {
			return got, rejected, err
		}
		if reason != "" {
			r, err := in.reject(dir, name, reason)
			if err != nil {
				return got, rejected, err
			}
			rejected = append(rejected, r)
			continue
		}
		got = append(got, f)
	}
	return got, rejected, nil
}

// take records one fax of the inbox; reason says why it could not be.
func (in Inbox) take(ctx context.Context, st *store.Store, dir, name string, mod time.Time) (model.Fax, string, error) {
	path := filepath.Join(dir, name)
	doc, err := document.ReadFile(path)
	var bad *document.Error
	if errors.As(err, &bad) {
		return model.Fax{}, bad.Problem, nil
	} else if err != nil {
		return model.Fax{}, err.Error(), nil
	}
	if doc.Kind == model.DocText {
		return model.Fax{}, "is not a PDF or a TIFF", nil
	}
	pages := doc.Pages
	side := Sidecar{Time: mod}
	sidePath := strings.TrimSuffix(path, filepath.Ext(path)) + ".json"
	if sb, err := os.ReadFile(sidePath); err == nil {
		if err := json.Unmarshal(sb, &side); err != nil {
			return model.Fax{}, fmt.Sprintf("its sidecar %s cannot be read: %v", filepath.Base(sidePath), err), nil
		}
		if side.Time.IsZero() {
			side.Time = mod
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return model.Fax{}, err.Error(), nil
	}
	if side.Pages > 0 {
		pages = side.Pages
	}
	number := strings.TrimSpace(side.From)
	if n, err := model.ParseFax(number, in.Region); err == nil {
		number = n
	} // a number that cannot be read is kept as the gateway gave it

	keep, err := place(filepath.Join(in.Dir, "received"), side.Time, name)
	if err != nil {
		return model.Fax{}, "", err
	}
	if err := os.Rename(path, keep); err != nil {
		return model.Fax{}, "", err
	}
	// The gateway may have written it for all to read: it is a patient's.
	os.Chmod(keep, private.File)
	f, err := st.ReceiveFax(ctx, number, pages, []model.Document{doc}, side.Time)
	if err != nil {
		os.Rename(keep, path) // left in the inbox for the next round
		return model.Fax{}, "", err
	}
	if side := strings.TrimSuffix(keep, filepath.Ext(keep)) + ".json"; os.Rename(sidePath, side) == nil {
		os.Chmod(side, private.File)
	}
	return f, "", nil
}

func (in Inbox) reject(dir, name, reason string) (Rejected, error) {
	to, err := place(filepath.Join(in.Dir, "rejected"), time.Now(), name)
	if err != nil {
		return Rejected{}, err
	}
	if err := os.Rename(filepath.Join(dir, name), to); err != nil {
		return Rejected{}, err
	}
	os.Chmod(to, private.File)
	side := filepath.Join(dir, strings.TrimSuffix(name, filepath.Ext(name))+".json")
	if kept := strings.TrimSuffix(to, filepath.Ext(to)) + ".json"; os.Rename(side, kept) == nil {
		os.Chmod(kept, private.File)
	}
	r := Rejected{File: to, Reason: reason}
	return r, private.WriteFile(to+".reason.txt", []byte(reason+"\n"))
}

// place returns a path in dir, free, for a file named name that came at t.
func place(dir string, t time.Time, name string) (string, error) {
	if err := private.MkdirAll(dir); err != nil {
		return "", err
	}
	base := t.Local().Format("20060102-150405") + "-" + name
	ext := filepath.Ext(base)
	for i := 1; ; i++ {
		p := filepath.Join(dir, base)
		if i > 1 {
			p = filepath.Join(dir, fmt.Sprintf("%s-%d%s", strings.TrimSuffix(base, ext), i, ext))
		}
		_, err := os.Lstat(p)
		if errors.Is(err, os.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", err
		}
	}
}
