package webtest

import (
	"context"
	"os"
	"path/filepath"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// Download clicks the element a CSS selector names, a link or a button that
// downloads a file, lets the browser save the file and returns its bytes.
func (b *Browser) Download(css string) []byte {
	b.t.Helper()
	dir := b.t.TempDir()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	events := true
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events})
			return err
		}),
		chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("browser: download with %s: %v", css, err)
	}
	for ev, err := range progress {
		if err != nil {
			b.t.Fatalf("browser: download with %s: %v", css, err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				b.t.Fatalf("browser: read the download: %v", err)
			}
			return data
		case browser.DownloadProgressStateCanceled:
			b.t.Fatalf("browser: the download with %s was cancelled", css)
		}
	}
	b.t.Fatalf("browser: no download with %s", css)
	return nil
}

// Upload sets the files of a file input that a CSS selector names.
func (b *Browser) Upload(css string, paths ...string) {
	b.t.Helper()
	b.Do(chromedp.SetUploadFiles(chromedp.CSS(css), paths))
}
