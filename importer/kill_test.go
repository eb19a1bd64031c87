package importer

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// The child side of TestKillMidImport: imports the file into the database
// and prints its progress until it is killed.
func importChild(db, file string) {
	ctx := store.WithActor(context.Background(), "child")
	st, err := store.Open(ctx, db)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	known, _ := LoadKnown(ctx, st)
	p, err := NewPlan(ctx, file, Settings{Mapping: genHeader, Region: "US"}, known, nil)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	p.Write(ctx, st, func(done, total int) { fmt.Println("progress", done, total) })
	fmt.Println("finished")
	os.Exit(0)
}

// A kill in the middle of an import leaves the database exactly as it was:
// a child process imports a large file and is killed half-way.
func TestKillMidImport(t *testing.T) {
	if db := os.Getenv("FRONTDESK_IMPORT_CHILD_DB"); db != "" {
		importChild(db, os.Getenv("FRONTDESK_IMPORT_CHILD_FILE"))
		return
	}
	if testing.Short() {
		t.Skip("imports a large file")
	}
	dir := t.TempDir()
	db, file := filepath.Join(dir, "fd.db"), filepath.Join(dir, "big.csv")
	writeCSV(t, file, 60_000)
	st := openStoreAt(t, db)
	ctx := store.WithActor(t.Context(), "tester")
	if _, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Already here"}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKillMidImport$")
	cmd.Env = append(os.Environ(), "FRONTDESK_IMPORT_CHILD_DB="+db, "FRONTDESK_IMPORT_CHILD_FILE="+file)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		line := sc.Text()
		var done, total int
		if n, _ := fmt.Sscanf(line, "progress %d %d", &done, &total); n == 2 && done > 0 && done < total {
			cmd.Process.Kill()
			killed = true
			break
		}
		if strings.HasPrefix(line, "finished") || strings.HasPrefix(line, "error") {
			t.Fatalf("the child ended before it could be killed: %s", line)
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatal("the child reported no progress")
	}

	st = openStoreAt(t, db)
	if n, err := st.CountContacts(t.Context()); err != nil || n != 1 {
		t.Fatalf("after the kill: %d contacts, %v; want only the one that was there", n, err)
	}
	if bs, _ := st.ImportBatches(t.Context(), "contacts"); len(bs) != 0 {
		t.Errorf("after the kill: %d import batches recorded", len(bs))
	}
	var names []string
	st.EachContact(t.Context(), func(c model.Contact) error { names = append(names, c.DisplayName()); return nil })
	if len(names) != 1 || names[0] != "Already here" {
		t.Errorf("contacts after the kill: %v", names)
	}
}

func openStoreAt(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
