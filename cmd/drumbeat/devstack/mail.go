package devstack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/drumbeat-crm/drumbeat/cmd/drumbeat/sink"
)

// MaildevVersion is the pinned maildev release used for the web inbox.
const MaildevVersion = "2.2.1"

// mailServer is the SMTP server the stack runs: maildev as a child
// process, or the built-in sink in this process.
type mailServer struct {
	proc     *child
	sink     *sink.Sink
	smtpAddr string
	inboxURL string
}

// startMail starts maildev when asked to and possible, and otherwise, or
// when maildev fails, the built-in sink.
func startMail(ctx context.Context, log *slog.Logger, useMaildev bool, logDir string, smtpPort, webPort int) (*mailServer, error) {
	if useMaildev {
		m, err := startMaildev(ctx, log, logDir, smtpPort, webPort)
		if err == nil {
			return m, nil
		}
		if ctx.Err() != nil {
			return nil, err
		}
		log.Warn("maildev unavailable; using the built-in SMTP sink", "err", err)
	}
	s, err := sink.Start(addr(smtpPort), addr(webPort))
	if err != nil {
		return nil, err
	}
	return &mailServer{sink: s, smtpAddr: s.SMTPAddr(), inboxURL: s.HTTPURL()}, nil
}

// addr returns 127.0.0.1:port.
func addr(port int) string { return "127.0.0.1:" + strconv.Itoa(port) }

// startMaildev installs maildev into the cache once with npm and runs it.
func startMaildev(ctx context.Context, log *slog.Logger, logDir string, smtpPort, webPort int) (*mailServer, error) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return nil, errors.New("npm is not installed")
	}
	dir := filepath.Join(CacheDir(), "maildev")
	bin := filepath.Join(dir, "node_modules", ".bin", "maildev")
	if _, err := os.Stat(bin); err != nil {
		log.Info("installing maildev with npm (once)", "version", MaildevVersion, "dir", dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		installCtx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		defer cancel()
		err := runCommand(installCtx, filepath.Join(logDir, "npm-install.log"), os.Environ(), nil,
			npm, "install", "--prefix", dir, "--no-audit", "--no-fund", "maildev@"+MaildevVersion)
		if err != nil {
			return nil, fmt.Errorf("install maildev: %w", err)
		}
		if _, err := os.Stat(bin); err != nil {
			return nil, fmt.Errorf("install maildev: %s missing after npm install", bin)
		}
	}
	for _, p := range []int{smtpPort, webPort} {
		if portOpen(addr(p)) {
			return nil, fmt.Errorf("port %d is already in use", p)
		}
	}
	proc, err := startChild(log, "maildev", filepath.Join(logDir, "maildev.log"), os.Environ(), nil,
		bin, "--smtp", strconv.Itoa(smtpPort), "--web", strconv.Itoa(webPort), "--ip", "127.0.0.1")
	if err != nil {
		return nil, err
	}
	err = poll(ctx, 30*time.Second, 100*time.Millisecond, proc, func(context.Context) error {
		if portOpen(addr(smtpPort)) && portOpen(addr(webPort)) {
			return nil
		}
		return errors.New("maildev ports not open yet")
	})
	if err != nil {
		proc.stop(3 * time.Second)
		return nil, fmt.Errorf("maildev did not start: %w", err)
	}
	return &mailServer{proc: proc, smtpAddr: addr(smtpPort), inboxURL: "http://" + addr(webPort)}, nil
}

// stop ends maildev or closes the sink.
func (m *mailServer) stop() error {
	if m.proc != nil {
		m.proc.stop(3 * time.Second)
	}
	if m.sink != nil {
		return m.sink.Close()
	}
	return nil
}
