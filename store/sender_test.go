package store

import (
	"path/filepath"
	"testing"
	"time"
)

// One sender at a time: a second is refused while the first's lease runs,
// takes over once it has expired or been given up, and a holder renews its
// own place.
func TestHoldSender(t *testing.T) {
	ctx := t.Context()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hold := func(holder string, lease time.Duration) (bool, string) {
		t.Helper()
		ok, other, err := st.HoldSender(ctx, holder, lease)
		if err != nil {
			t.Fatal(err)
		}
		return ok, other
	}
	if ok, _ := hold("a", 200*time.Millisecond); !ok {
		t.Fatal("the first sender was refused")
	}
	if ok, other := hold("b", time.Minute); ok || other != "a" {
		t.Fatalf("second sender: ok=%v other=%q, want refused by a", ok, other)
	}
	v, _ := st.DataVersion(ctx)
	if ok, _ := hold("a", 200*time.Millisecond); !ok {
		t.Fatal("the holder could not renew")
	}
	if v2, _ := st.DataVersion(ctx); v2 != v {
		t.Error("a renewal with most of the lease left wrote to the database")
	}
	time.Sleep(250 * time.Millisecond)
	if ok, _ := hold("b", time.Minute); !ok {
		t.Fatal("an expired lease was not taken over")
	}
	if err := st.ReleaseSender(ctx, "a"); err != nil { // not a's any more
		t.Fatal(err)
	}
	if ok, other := hold("c", time.Minute); ok || other != "b" {
		t.Fatalf("a's release freed b's place: ok=%v other=%q", ok, other)
	}
	if err := st.ReleaseSender(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := hold("c", time.Minute); !ok {
		t.Fatal("a released place was not taken")
	}
}
