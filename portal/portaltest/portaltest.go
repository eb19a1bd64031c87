// Package portaltest drives Debian's chromium against the portal, for its
// tests and its pictures: a browser of its own for each caller, with its
// own profile (its own cookies), trusting the test server's certificate.
package portaltest

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// ErrNoChromium is Browser's error when chromium is not installed.
var ErrNoChromium = errors.New("chromium is not installed (apt-get install chromium)")

// Browser starts chromium with its profile in dir and returns a context
// to drive it and what stops it.
func Browser(dir string) (context.Context, func(), error) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		return nil, nil, ErrNoChromium
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.UserDataDir(dir), chromedp.Flag("ignore-certificate-errors", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	stop := func() { cancel(); cancelAlloc() }
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no deadline of its own
		stop()
		return nil, nil, fmt.Errorf("starting chromium: %w", err)
	}
	return ctx, stop, nil
}

// Chrome is Browser for a test, stopped at its end; the test is skipped
// when chromium is not installed (.ci/run installs it).
func Chrome(t testing.TB) context.Context {
	t.Helper()
	ctx, stop, err := Browser(t.TempDir())
	if errors.Is(err, ErrNoChromium) {
		t.Skip("chromium is not installed (.ci/run installs it): the portal's browser tests need it")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return ctx
}
