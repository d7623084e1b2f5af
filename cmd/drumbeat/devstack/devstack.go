// Package devstack starts and stops the real parts Drumbeat runs on, on this
// machine and without Docker: a PostgreSQL cluster, a Temporal dev server (or
// the Temporal server on that PostgreSQL) and an SMTP server with a web inbox. The `drumbeat dev` and `drumbeat stack`
// commands and the integration tests use it.
package devstack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// Options configures a stack. A zero port means "pick a free port".
type Options struct {
	// DataDir holds the PostgreSQL cluster (DataDir/pg), the Temporal
	// database (DataDir/temporal.db) and the child processes' logs
	// (DataDir/logs). It defaults to ".drumbeat". With Ephemeral, data goes
	// to a temporary folder instead and only the logs are kept in DataDir
	// when it is set.
	DataDir string
	// Ephemeral keeps everything in temporary folders (PostgreSQL without
	// fsync, Temporal in memory) that Stop removes.
	Ephemeral bool
	// PostgresPort is the PostgreSQL port on 127.0.0.1.
	PostgresPort int
	// TemporalPort is the Temporal frontend gRPC port on 127.0.0.1.
	TemporalPort int
	// TemporalUIPort is the Temporal Web UI port; unused when Headless.
	TemporalUIPort int
	// SMTPPort is the SMTP port of the mail sink.
	SMTPPort int
	// InboxPort is the port of the mail sink's web inbox.
	InboxPort int
	// Headless runs Temporal without its Web UI.
	Headless bool
	// UseMaildev runs maildev (installed once with npm) for its web inbox;
	// when that is not possible the built-in sink is used instead.
	UseMaildev bool
	// NoMail starts no SMTP server: the caller runs its own (Env.SMTPURL
	// and Env.InboxURL stay empty).
	NoMail bool
	// TemporalConfig sets dynamic configuration values of the Temporal
	// server, each "key=JSON value" (the dev server's --dynamic-config-value).
	TemporalConfig []string
	// TemporalStore is what Temporal runs on: TemporalDev ("" too), the
	// CLI's dev server on SQLite, or TemporalPostgres, the Temporal server
	// on the stack's PostgreSQL (databases temporal and
	// temporal_visibility), as production runs it.
	TemporalStore string
	// Log receives progress messages; nil means slog.Default().
	Log *slog.Logger
}

// Env tells clients where the parts of a running stack are.
type Env struct {
	// DatabaseURL is the PostgreSQL URL of the drumbeat database.
	DatabaseURL string
	// TemporalAddress is the host:port of the Temporal frontend.
	TemporalAddress string
	// TemporalWebURL is the Temporal Web UI URL, empty when headless.
	TemporalWebURL string
	// SMTPURL is the SMTP server, as smtp://127.0.0.1:PORT.
	SMTPURL string
	// InboxURL is the base URL of the web inbox of the SMTP server.
	InboxURL string
}

// Environ returns the environment variables a Drumbeat process or test
// reads to find the stack: DATABASE_URL, TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, SMTP_URL, INBOX_URL and TEMPORAL_WEB_URL. Empty
// values are left out.
func (e Env) Environ() []string {
	pairs := [][2]string{
		{"DATABASE_URL", e.DatabaseURL},
		{"TEMPORAL_ADDRESS", e.TemporalAddress},
		{"TEMPORAL_NAMESPACE", TemporalNamespace},
		{"SMTP_URL", e.SMTPURL},
		{"INBOX_URL", e.InboxURL},
		{"TEMPORAL_WEB_URL", e.TemporalWebURL},
	}
	out := make([]string, 0, len(pairs))
	for _, p := range pairs {
		if p[1] != "" {
			out = append(out, p[0]+"="+p[1])
		}
	}
	return out
}

// Stack is a running set of local parts.
type Stack struct {
	env      Env
	log      *slog.Logger
	pg       *postgres // nil when $DATABASE_URL names the server
	temporal *temporal
	stops    []func() error
	tempDir  string
	stopOnce sync.Once
	stopErr  error
}

// Start starts PostgreSQL (unless $DATABASE_URL is set), the Temporal dev
// server and an SMTP sink, and returns once all of them answer. When a part
// fails, whatever was already started is stopped again.
func Start(ctx context.Context, opts Options) (st *Stack, err error) {
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	st = &Stack{log: log}
	defer func() {
		if err != nil {
			_ = st.Stop()
			st = nil
		}
	}()

	root, logDir, err := st.dirs(opts)
	if err != nil {
		return st, err
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}

	if url := os.Getenv("DATABASE_URL"); url != "" {
		log.Info("using PostgreSQL from DATABASE_URL")
		st.env.DatabaseURL = url
	} else {
		port, err := portOrFree(opts.PostgresPort)
		if err != nil {
			return st, err
		}
		pg, err := startPostgres(ctx, log, filepath.Join(root, "pg"), logDir, port, opts.Ephemeral)
		if err != nil {
			return st, fmt.Errorf("start PostgreSQL: %w", err)
		}
		st.pg = pg
		st.onStop(func() error { pg.stop(); return nil })
		st.env.DatabaseURL = pg.url()
		log.Info("PostgreSQL ready", "url", st.env.DatabaseURL)
	}

	tPort, err := portOrFree(opts.TemporalPort)
	if err != nil {
		return st, err
	}
	uiPort := 0
	if !opts.Headless {
		if uiPort, err = portOrFree(opts.TemporalUIPort); err != nil {
			return st, err
		}
	}
	var tmp *temporal
	switch opts.TemporalStore {
	case "", TemporalDev:
		dbFile := ""
		if !opts.Ephemeral {
			dbFile = filepath.Join(root, "temporal.db")
		}
		tmp, err = startTemporal(ctx, log, dbFile, logDir, tPort, uiPort, opts.TemporalConfig)
	case TemporalPostgres:
		// The server proper has no Web UI of its own.
		tmp, err = startTemporalPostgres(ctx, log, st.env.DatabaseURL, root, logDir, tPort, opts.TemporalConfig)
	default:
		err = fmt.Errorf("unknown Temporal store %q (want %s or %s)", opts.TemporalStore, TemporalDev, TemporalPostgres)
	}
	if err != nil {
		return st, fmt.Errorf("start Temporal: %w", err)
	}
	st.temporal = tmp
	st.onStop(func() error { tmp.stop(); return nil })
	st.env.TemporalAddress = tmp.address
	st.env.TemporalWebURL = tmp.webURL
	log.Info("Temporal ready", "address", tmp.address, "web", tmp.webURL)
	if opts.NoMail {
		return st, nil
	}

	smtpPort, err := portOrFree(opts.SMTPPort)
	if err != nil {
		return st, err
	}
	inboxPort, err := portOrFree(opts.InboxPort)
	if err != nil {
		return st, err
	}
	mail, err := startMail(ctx, log, opts.UseMaildev, logDir, smtpPort, inboxPort)
	if err != nil {
		return st, fmt.Errorf("start SMTP sink: %w", err)
	}
	st.onStop(mail.stop)
	st.env.SMTPURL = "smtp://" + mail.smtpAddr
	st.env.InboxURL = mail.inboxURL
	log.Info("SMTP sink ready", "smtp", st.env.SMTPURL, "inbox", st.env.InboxURL)
	return st, nil
}

// dirs creates the data and log folders and returns them.
func (st *Stack) dirs(opts Options) (root, logDir string, err error) {
	dataDir := opts.DataDir
	if opts.Ephemeral {
		tmp, err := os.MkdirTemp("", "drumbeat-stack-")
		if err != nil {
			return "", "", err
		}
		st.tempDir = tmp
		// PostgreSQL may run as another user, which must be able to enter it.
		if err := os.Chmod(tmp, 0o755); err != nil {
			return "", "", err
		}
		root, logDir = tmp, filepath.Join(tmp, "logs")
		if dataDir != "" {
			logDir = filepath.Join(dataDir, "logs")
		}
	} else {
		if dataDir == "" {
			dataDir = ".drumbeat"
		}
		root, logDir = dataDir, filepath.Join(dataDir, "logs")
	}
	if root, err = filepath.Abs(root); err != nil {
		return "", "", err
	}
	if logDir, err = filepath.Abs(logDir); err != nil {
		return "", "", err
	}
	for _, d := range []string{root, logDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", "", fmt.Errorf("create %s: %w", d, err)
		}
	}
	return root, logDir, nil
}

// onStop records how to stop a part that has started.
func (st *Stack) onStop(f func() error) { st.stops = append(st.stops, f) }

// Env returns where the parts of the stack are.
func (st *Stack) Env() Env { return st.env }

// Stop stops every part in the reverse order of starting and, for an
// ephemeral stack, removes its temporary folder. It is safe to call more
// than once; later calls return the first result.
func (st *Stack) Stop() error {
	st.stopOnce.Do(func() {
		var errs []error
		for i := len(st.stops) - 1; i >= 0; i-- {
			if err := st.stops[i](); err != nil {
				errs = append(errs, err)
			}
		}
		st.stops = nil
		if st.tempDir != "" {
			if err := os.RemoveAll(st.tempDir); err != nil {
				errs = append(errs, err)
			}
		}
		st.stopErr = errors.Join(errs...)
		st.log.Debug("stack stopped", "err", st.stopErr)
	})
	return st.stopErr
}
