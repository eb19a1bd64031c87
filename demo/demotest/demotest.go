// Package demotest gives benchmarks a database of many generated
// contacts, made once and kept in the temporary folder between runs
// (making 100k contacts takes a while).
package demotest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"frontdesk/demo"
	"frontdesk/store"
)

// ContactsDB returns the path of a database of n generated contacts,
// shared by every benchmark that asks for n. Benchmarks that change it
// copy it first.
func ContactsDB(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("frontdesk-bench-%d.db", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	ctx := store.WithActor(context.Background(), "bench")
	tmp := path + ".part"
	os.Remove(tmp)
	st, err := store.Open(ctx, tmp)
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.CreateContacts(ctx, demo.Generate(n, 1)); err != nil {
		tb.Fatal(err)
	}
	st.Close()
	os.Remove(tmp + "-wal")
	os.Remove(tmp + "-shm")
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	return path
}
