package transport

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// killed is what a worker stopped at a step panics with.
type killed string

// runKilled runs one SendNext of w, killed at step (a panic, as the
// process would end there); it reports whether the kill happened.
func runKilled(ctx context.Context, w *Worker, step string) (died bool) {
	w.crash = func(s string) {
		if s == step {
			panic(killed(s))
		}
	}
	defer func() {
		w.crash = nil
		if r := recover(); r != nil {
			if _, ok := r.(killed); !ok {
				panic(r)
			}
			died = true
		}
	}()
	w.SendNext(ctx)
	return false
}

// A sender killed at any step of the hand-over, and one whose recording
// of the hand-over fails, is followed by another (its lease over at once):
// the gateway sees the fax's job exactly once, and the fax ends sent.
func TestKilledAtEachStepSendsOnce(t *testing.T) {
	for _, step := range []string{"claimed", "intended", "sent", "handed", "handover fails"} {
		t.Run(step, func(t *testing.T) {
			st, w, dir, f := setup(t)
			ctx := store.WithActor(t.Context(), "worker")
			w.Lease = time.Nanosecond // taken for dead as soon as it stops
			if step == "handover fails" {
				// The hand-over's write times out: its context is over
				// after the job is written.
				tctx, cancel := context.WithCancel(ctx)
				w.Transport = afterSend{w.Transport, cancel}
				if _, err := w.SendNext(tctx); err == nil {
					t.Log("the hand-over was recorded after all")
				}
				w.Transport = w.Transport.(afterSend).Transport
			} else if !runKilled(ctx, w, step) {
				t.Fatalf("never reached %s", step)
			}
			// A fast gateway has sent what it was given before the next
			// sender starts.
			answered := false
			if js := jobs(t, dir); len(js) == 1 {
				writeResult(t, js[0], Result{Status: "sent"})
				answered = true
			}
			next := &Worker{Store: st, Transport: w.Transport, Lease: time.Minute}
			for range 3 {
				if _, err := next.Step(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if !answered {
				writeResult(t, job(t, dir), Result{Status: "sent"})
			}
			for range 2 {
				if _, err := next.Step(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if js := jobs(t, dir); len(js) != 1 {
				t.Errorf("the gateway saw %d jobs: %v", len(js), js)
			}
			if got := status(t, st, f.ID); got.Status != model.StatusSent {
				t.Errorf("after the restart: %s %q", got.Status, got.Reason)
			}
		})
	}
}

// afterSend ends the hand-over's context once the transport has the fax.
type afterSend struct {
	Transport
	cancel func()
}

func (a afterSend) Send(ctx context.Context, f model.Fax, job string) (string, error) {
	h, err := a.Transport.Send(ctx, f, job)
	a.cancel()
	return h, err
}

// recorder is a transport that cannot be asked about a job (email): it
// counts what it was given.
type recorder struct{ sent *int }

func (r recorder) Send(ctx context.Context, f model.Fax, job string) (string, error) {
	*r.sent++
	return fmt.Sprintf("message %d", *r.sent), nil
}

func (r recorder) Check(ctx context.Context, f model.Fax, handle string) (Outcome, error) {
	return Outcome{}, nil
}

// With a transport that cannot be asked, a sender killed after recording
// its intent leaves the fax failed as unknown, never sent again blindly;
// one killed before it leaves the fax to be sent.
func TestUnaskableTransportKilledIsUnknown(t *testing.T) {
	for _, c := range []struct {
		step  string
		sends int
		want  model.FaxStatus
	}{
		{"claimed", 1, model.StatusSending},
		{"intended", 0, model.StatusFailed},
		{"sent", 1, model.StatusFailed},
	} {
		t.Run(c.step, func(t *testing.T) {
			st, w, _, f := setup(t)
			ctx := store.WithActor(t.Context(), "worker")
			var n int
			w.Transport, w.Lease = recorder{&n}, time.Nanosecond
			runKilled(ctx, w, c.step)
			next := &Worker{Store: st, Transport: w.Transport, Lease: time.Minute}
			for range 2 {
				if _, err := next.SendNext(ctx); err != nil {
					t.Fatal(err)
				}
			}
			got := status(t, st, f.ID)
			if n != c.sends || got.Status != c.want {
				t.Fatalf("sent %d times, %s %q", n, got.Status, got.Reason)
			}
			if c.want == model.StatusFailed && got.Reason != ReasonUnknown {
				t.Errorf("reason %q", got.Reason)
			}
		})
	}
}

// Two databases sharing one spool folder each send their fax 1: each job
// has its own folder, and each database takes its own result.
func TestTwoDatabasesOneSpool(t *testing.T) {
	dir := t.TempDir()
	spool := Spool{Dir: filepath.Join(dir, "spool")}
	docs := capture(t, filepath.Join(dir, "letter.pdf"), letterPDF)
	ctx := store.WithActor(t.Context(), "worker")
	var ws []*Worker
	var sts []*store.Store
	for _, name := range []string{"a.db", "b.db"} {
		st, err := store.Open(t.Context(), filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if _, err := st.QueueFax(ctx, model.Fax{Kind: model.KindFax, Number: "+14165550101", Documents: docs}); err != nil {
			t.Fatal(err)
		}
		w := &Worker{Store: st, Transport: spool, Lease: time.Minute}
		if _, err := w.Step(ctx); err != nil {
			t.Fatal(err)
		}
		ws, sts = append(ws, w), append(sts, st)
	}
	js := jobs(t, dir)
	if len(js) != 2 {
		t.Fatalf("job folders: %v", js)
	}
	fs, hs, err := sts[0].AwaitingResult(ctx)
	if err != nil || len(fs) != 1 {
		t.Fatal(fs, err)
	}
	writeResult(t, hs[0], Result{Status: "failed", Reason: "busy"})
	for _, other := range js {
		if other != hs[0] {
			writeResult(t, other, Result{Status: "sent"})
		}
	}
	for i, w := range ws {
		if _, err := w.Step(ctx); err != nil {
			t.Fatal(err)
		}
		got := status(t, sts[i], 1)
		if want := []model.FaxStatus{model.StatusFailed, model.StatusSent}[i]; got.Status != want {
			t.Errorf("database %d: %s, want %s", i, got.Status, want)
		}
	}
}
