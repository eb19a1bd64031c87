package app_test

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/charmbracelet/x/vt"
)

// terminal draws what a test program writes, as a user's terminal would:
// the renderer writes only the lines that changed, so a text still on the
// screen may not be among the bytes written since the last wait.
type terminal struct {
	mu  sync.Mutex
	emu *vt.Emulator
}

var terminals sync.Map // *teatest.TestModel → *terminal

func terminalOf(tm *teatest.TestModel) *terminal {
	if t, ok := terminals.Load(tm); ok {
		return t.(*terminal)
	}
	t := &terminal{emu: vt.NewEmulator(80, 24)}
	if old, loaded := terminals.LoadOrStore(tm, t); loaded {
		return old.(*terminal)
	}
	go io.Copy(io.Discard, t.emu) // the emulator's answers to queries
	return t
}

// readOutput reads what tm wrote since the last read, and draws it.
func readOutput(tm *teatest.TestModel) []byte {
	b, _ := io.ReadAll(tm.Output())
	term := terminalOf(tm)
	term.mu.Lock()
	term.emu.Write(b)
	term.mu.Unlock()
	return b
}

// screenOf is what tm's terminal shows now.
func screenOf(tm *teatest.TestModel) string {
	term := terminalOf(tm)
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.emu.String()
}

// waitFor waits until each of texts is on the screen or has been shown
// since the last wait.
func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	var shown bytes.Buffer
	for start := time.Now(); ; time.Sleep(10 * time.Millisecond) {
		shown.Write(readOutput(tm))
		screen := screenOf(tm)
		missing := ""
		for _, s := range texts {
			if !bytes.Contains(shown.Bytes(), []byte(s)) && !strings.Contains(screen, s) {
				missing = s
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("%q not shown after 5s; the screen:\n%s", missing, screen)
		}
	}
}

// waitForOutput waits until what tm wrote since the last wait satisfies ok.
func waitForOutput(t *testing.T, tm *teatest.TestModel, ok func([]byte) bool) {
	t.Helper()
	var shown bytes.Buffer
	for start := time.Now(); !ok(shown.Bytes()); time.Sleep(10 * time.Millisecond) {
		if time.Since(start) > 5*time.Second {
			t.Fatalf("not shown after 5s; the screen:\n%s", screenOf(tm))
		}
		shown.Write(readOutput(tm))
	}
}
