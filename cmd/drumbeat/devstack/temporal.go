package devstack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/drumbeat-crm/drumbeat/worker"
)

// TemporalCLIVersion is the pinned version of the Temporal CLI whose dev
// server the stack runs.
const TemporalCLIVersion = "1.5.1"

// TemporalNamespace is the namespace Drumbeat uses on the dev server.
const TemporalNamespace = "default"

// SearchAttributes names the custom search attributes Drumbeat sets on its
// workflows (workflows.SearchAttributes), all of type Keyword.
var SearchAttributes = worker.SearchAttributeNames()

// CacheDir returns the folder where Drumbeat keeps tools it installs once:
// $DRUMBEAT_CACHE, else $XDG_CACHE_HOME/drumbeat, else ~/.cache/drumbeat.
func CacheDir() string {
	if d := os.Getenv("DRUMBEAT_CACHE"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "drumbeat")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "drumbeat-cache")
	}
	return filepath.Join(home, ".cache", "drumbeat")
}

// FindTemporalCLI returns the path of the Temporal CLI: $TEMPORAL_CLI, else
// the pinned build in CacheDir, else temporal on PATH.
func FindTemporalCLI() (string, error) {
	if p := os.Getenv("TEMPORAL_CLI"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("TEMPORAL_CLI=%s: %w", p, err)
		}
		return p, nil
	}
	cached := filepath.Join(CacheDir(), "temporal-"+TemporalCLIVersion, "temporal")
	if _, err := os.Stat(cached); err == nil {
		return cached, nil
	}
	if p, err := exec.LookPath("temporal"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("the Temporal CLI is not installed (looked at $TEMPORAL_CLI, %s and PATH): run `make temporal`", cached)
}

// temporal is a Temporal server run by the stack: the CLI's dev server, or
// the server proper on PostgreSQL (temporalpg.go).
type temporal struct {
	proc    *child
	address string
	webURL  string
	// namespace is set when the server does not create namespace default
	// itself, as the dev server does: ready then registers it.
	namespace bool
	// argv, env and logPath start it again on restart.
	argv    []string
	env     []string
	logPath string
	log     *slog.Logger
}

// startTemporal starts the dev server and waits until it is healthy and has
// Drumbeat's search attributes. dbFile "" keeps its state in memory; uiPort
// 0 runs it headless; dynamic holds "key=JSON value" settings.
func startTemporal(ctx context.Context, log *slog.Logger, dbFile, logDir string, port, uiPort int, dynamic []string) (*temporal, error) {
	cli, err := FindTemporalCLI()
	if err != nil {
		return nil, err
	}
	args := []string{cli, "server", "start-dev", "--ip", "127.0.0.1", "--port", strconv.Itoa(port), "--log-level", "warn"}
	if dbFile != "" {
		args = append(args, "--db-filename", dbFile)
	}
	if uiPort == 0 {
		args = append(args, "--headless")
	} else {
		args = append(args, "--ui-port", strconv.Itoa(uiPort))
	}
	for _, name := range SearchAttributes {
		args = append(args, "--search-attribute", name+"=Keyword")
	}
	for _, kv := range dynamic {
		args = append(args, "--dynamic-config-value", kv)
	}
	// The CLI reads TEMPORAL_* variables as client settings; the server it
	// starts must not pick up those meant for Drumbeat.
	env := filterEnv(os.Environ(), "TEMPORAL_")
	logPath := filepath.Join(logDir, "temporal.log")
	proc, err := startChild(log, "temporal", logPath, env, nil, args...)
	if err != nil {
		return nil, err
	}
	t := &temporal{proc: proc, address: "127.0.0.1:" + strconv.Itoa(port), argv: args, env: env, logPath: logPath, log: log}
	if uiPort != 0 {
		t.webURL = "http://127.0.0.1:" + strconv.Itoa(uiPort)
	}
	if err := t.ready(ctx, log); err != nil {
		t.stop()
		return nil, err
	}
	return t, nil
}

// ready waits for the frontend to pass a health check, makes sure every
// search attribute exists and waits for the Web UI when there is one.
func (t *temporal) ready(ctx context.Context, log *slog.Logger) error {
	quiet := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	var c client.Client
	err := poll(ctx, 30*time.Second, 200*time.Millisecond, t.proc, func(ctx context.Context) error {
		cl, err := client.DialContext(ctx, client.Options{HostPort: t.address, Namespace: TemporalNamespace, Logger: quiet})
		if err != nil {
			return err
		}
		if _, err := cl.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
			cl.Close()
			return err
		}
		c = cl
		return nil
	})
	if err != nil {
		return fmt.Errorf("Temporal server did not become healthy on %s: %w", t.address, err)
	}
	defer c.Close()
	if t.namespace {
		if err := ensureNamespace(ctx, log, t.address, t.proc); err != nil {
			return fmt.Errorf("Temporal namespace %s: %w", TemporalNamespace, err)
		}
		return searchAttributesVisible(ctx, log, c, t.proc)
	}
	if err := ensureSearchAttributes(ctx, log, c); err != nil {
		return err
	}
	if t.webURL != "" {
		uiAddr := t.webURL[len("http://"):]
		err := poll(ctx, 30*time.Second, 100*time.Millisecond, t.proc, func(context.Context) error {
			if portOpen(uiAddr) {
				return nil
			}
			return errors.New("web UI port closed")
		})
		if err != nil {
			return fmt.Errorf("Temporal Web UI did not start on %s: %w", uiAddr, err)
		}
	}
	return nil
}

// ensureSearchAttributes registers missing search attributes. The dev
// server applies --search-attribute only when it creates its namespaces, so
// a database file from an earlier run silently lacks any attribute added
// since; this fills the gap, and refuses an attribute of another type.
func ensureSearchAttributes(ctx context.Context, log *slog.Logger, c client.Client) error {
	added, err := worker.EnsureSearchAttributes(ctx, c.OperatorService(), TemporalNamespace)
	if len(added) > 0 {
		log.Info("registered Temporal search attributes the namespace lacked", "names", added)
	}
	return err
}

// stop ends the dev server.
func (t *temporal) stop() {
	t.proc.stop(10 * time.Second)
}
