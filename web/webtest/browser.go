package webtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// step bounds one browser call; a page of this product answers in far less.
const step = 30 * time.Second

// Browser is a headless Chromium with a profile of its own (no cookies
// shared with any other test), opened on a server.
type Browser struct {
	t    *testing.T
	ctx  context.Context
	Base string
}

// chromium is the browser binary: $CHROMIUM, else Debian's.
func chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// NewBrowser starts Chromium at 1280 x 900. When the test ends it saves a
// screenshot of the last page in the test's artifact directory (kept with
// go test -artifacts) and logs its path.
func NewBrowser(t *testing.T, base string) *Browser {
	t.Helper()
	exe := chromium()
	if _, err := os.Stat(exe); err != nil {
		t.Fatalf("no browser at %s: run the tests with `make test`, which installs Debian's chromium (or set CHROMIUM)", exe)
	}
	profile, err := os.MkdirTemp("", "drumbeat-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 900),
		chromedp.DisableGPU, chromedp.NoFirstRun,
		// Without these Chromium calls home, and this machine's closed
		// network refuses its connections.
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium's sandbox refuses to run as root
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	b := &Browser{t: t, ctx: ctx, Base: base}
	// Asked for now, so that the directory is removed only after the
	// screenshot below is written.
	t.ArtifactDir()
	last := "last-page"
	if n := browsersOf(t); n > 1 {
		last = fmt.Sprintf("last-page-%d", n) // a second browser of the same test
	}
	t.Cleanup(func() {
		b.Screenshot(last)
		cancel()
		cancelAlloc()
		for range 50 { // Chromium's helpers may still write for a moment
			if os.RemoveAll(profile) == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	// The first call starts the browser: it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

var (
	countMu  sync.Mutex
	browsers = map[*testing.T]int{}
)

// browsersOf counts the browsers a test has opened, this one included.
func browsersOf(t *testing.T) int {
	countMu.Lock()
	defer countMu.Unlock()
	browsers[t]++
	return browsers[t]
}

// run runs a within the step timeout, failing the test on error.
func run[T any](b *Browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %s: %v", what, err)
	}
	return v
}

// Do runs actions in order.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	run(b, "actions", chromedp.Steps(actions...))
}

// Open loads a path of the server and returns the HTTP status of the page
// the browser ends on (after redirects).
func (b *Browser) Open(path string) int64 {
	b.t.Helper()
	return run(b, "open "+path, chromedp.NavigateResponse(b.Base+path)).Status
}

// Navigate runs an action that loads a page (a click on a link or a submit
// button, a form.submit()) and returns the status of the page it ends on.
func (b *Browser) Navigate(what string, a chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %s: %v", what, err)
	}
	return resp.Status
}

// Click clicks the element a CSS selector names and waits for the page it loads.
func (b *Browser) Click(css string) int64 {
	b.t.Helper()
	return b.Navigate("click "+css, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
}

// Fill sets the value of the form fields named by CSS selectors.
func (b *Browser) Fill(values map[string]string) {
	b.t.Helper()
	for css, v := range values {
		q, _ := json.Marshal(css)
		val, _ := json.Marshal(v)
		if !Eval[bool](b, `(() => { const e = document.querySelector(`+string(q)+`); if (!e) return false;
			e.value = `+string(val)+`; e.dispatchEvent(new Event("input", {bubbles: true})); return true })()`) {
			b.t.Fatalf("browser: fill %s: no such field", css)
		}
	}
}

// Eval evaluates a JavaScript expression in the page and returns its value.
func Eval[T any](b *Browser, js string) T {
	b.t.Helper()
	return run(b, "evaluate "+js, chromedp.Evaluate[T](js))
}

// Text is the trimmed text of the first element a CSS selector names ("" if none).
func (b *Browser) Text(css string) string {
	b.t.Helper()
	q, _ := json.Marshal(css)
	return Eval[string](b, `(document.querySelector(`+string(q)+`)?.innerText ?? "").trim()`)
}

// Texts are the trimmed texts of every element a CSS selector names.
func (b *Browser) Texts(css string) []string {
	b.t.Helper()
	q, _ := json.Marshal(css)
	return Eval[[]string](b, `Array.from(document.querySelectorAll(`+string(q)+`), e => e.innerText.trim())`)
}

// Path is the current page's path and query.
func (b *Browser) Path() string {
	b.t.Helper()
	loc := run(b, "location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("location %q: %v", loc, err)
	}
	return u.RequestURI()
}

// Width emulates a screen of this many CSS pixels (a phone at 390), with
// mobile layout rules, until the next call.
func (b *Browser) Width(px int64) {
	b.t.Helper()
	run(b, "resize", chromedp.EmulateViewport(px, 900, chromedp.EmulateMobile))
}

// Cookie is the value of the browser's cookie for the server ("" when unset),
// HttpOnly ones included.
func (b *Browser) Cookie(name string) string {
	b.t.Helper()
	res := run(b, "cookies", chromedp.Action[network.GetCookiesResult](func(ctx context.Context, t *chromedp.Target) (network.GetCookiesResult, error) {
		return cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{URLs: []string{b.Base}})
	}))
	for _, c := range res.Cookies {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// SetCookie puts a cookie back into the browser, as someone holding a copy would.
func (b *Browser) SetCookie(name, value string) {
	b.t.Helper()
	b.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		httpOnly := true
		_, err := cdp.Call(ctx, t, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: b.Base, HTTPOnly: &httpOnly})
		return err
	}))
}

// Screenshot saves the whole page as name.png in the test's artifact
// directory and logs its path.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	path := filepath.Join(b.t.ArtifactDir(), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Errorf("save screenshot: %v", err)
		return ""
	}
	b.t.Logf("screenshot: %s", path)
	return path
}
