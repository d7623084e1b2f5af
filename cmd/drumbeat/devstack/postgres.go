package devstack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultPostgresBinDir is where the PostgreSQL 15 server binaries are looked
// for first; $POSTGRES_BIN_DIR overrides it, and PATH is the last resort.
const DefaultPostgresBinDir = "/usr/lib/postgresql/15/bin"

// databaseName is the database created for Drumbeat in a local cluster.
const databaseName = "drumbeat"

// maxSocketPath keeps the unix socket path below the kernel's limit.
const maxSocketPath = 100

// postgres is a local PostgreSQL cluster run by the stack.
type postgres struct {
	binDir string
	dir    string
	port   int
	cred   *syscall.Credential
	proc   *child
	logDir string
	log    *slog.Logger
	// restarted is set once pg_ctl restarted the server: the running
	// postmaster is then pg_ctl's, not proc.
	restarted bool
}

// postgresBinDir returns the directory holding the PostgreSQL programs.
func postgresBinDir() (string, error) {
	for _, dir := range []string{os.Getenv("POSTGRES_BIN_DIR"), DefaultPostgresBinDir} {
		if dir == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("PostgreSQL 15 is not installed: no initdb in $POSTGRES_BIN_DIR, %s or PATH "+
		"(install postgresql-15, or set DATABASE_URL to use an existing server)", DefaultPostgresBinDir)
}

// postgresCredential returns the credential PostgreSQL must run with: nil
// for a normal user, the postgres user when running as root, since initdb
// and postgres refuse to run as root.
func postgresCredential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, PostgreSQL must run as user postgres, which does not exist: %w", err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("postgres uid %q: %w", u.Uid, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("postgres gid %q: %w", u.Gid, err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// startPostgres initialises dir as a cluster when it is not one yet, starts
// the server on 127.0.0.1:port, waits for it and creates the drumbeat
// database.
func startPostgres(ctx context.Context, log *slog.Logger, dir, logDir string, port int, ephemeral bool) (*postgres, error) {
	binDir, err := postgresBinDir()
	if err != nil {
		return nil, err
	}
	cred, err := postgresCredential()
	if err != nil {
		return nil, err
	}
	if dir, err = reachableDir(log, dir, cred); err != nil {
		return nil, err
	}
	pg := &postgres{binDir: binDir, dir: dir, port: port, cred: cred, logDir: logDir, log: log}
	if err := pg.prepareDir(); err != nil {
		return nil, err
	}
	logPath := filepath.Join(logDir, "postgres.log")
	env := postgresEnv()
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err != nil {
		log.Info("initialising PostgreSQL cluster", "dir", dir)
		args := []string{filepath.Join(binDir, "initdb"), "-D", dir, "--auth=trust", "-U", "postgres",
			"--encoding=UTF8", "--locale=C"}
		if ephemeral {
			args = append(args, "--no-sync")
		}
		if err := runCommand(ctx, logPath, env, cred, args...); err != nil {
			return nil, fmt.Errorf("initdb: %w", err)
		}
	}
	pg.stopLeftover(ctx)

	socketDir := dir
	if len(filepath.Join(socketDir, ".s.PGSQL.")+strconv.Itoa(port)) > maxSocketPath {
		socketDir = "" // too long for a unix socket: TCP only
	}
	args := []string{filepath.Join(binDir, "postgres"), "-D", dir, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=" + socketDir,
		"-c", "max_connections=200",
	}
	if ephemeral {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	pg.proc, err = startChild(log, "postgres", logPath, env, cred, args...)
	if err != nil {
		return nil, err
	}
	if err := pg.ready(ctx); err != nil {
		pg.stop()
		return nil, err
	}
	return pg, nil
}

// postgresEnv is the environment PostgreSQL's programs run with: none of
// the caller's PG* or locale variables, and the C locale.
func postgresEnv() []string {
	return append(filterEnv(os.Environ(), "PG", "LC_", "LANG="), "LANG=C")
}

// prepareDir creates the cluster directory, owned by the user PostgreSQL
// runs as, and checks that user can reach it.
func (pg *postgres) prepareDir() error {
	if err := os.MkdirAll(pg.dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", pg.dir, err)
	}
	if pg.cred == nil {
		return os.Chmod(pg.dir, 0o700)
	}
	if err := os.Chown(pg.dir, int(pg.cred.Uid), int(pg.cred.Gid)); err != nil {
		return fmt.Errorf("chown %s to postgres: %w", pg.dir, err)
	}
	for d := filepath.Dir(pg.dir); ; d = filepath.Dir(d) {
		if !searchable(d, pg.cred) {
			return fmt.Errorf("PostgreSQL runs as user postgres, which cannot enter %s (needed for %s); "+
				"use a data directory it can reach, or set DATABASE_URL", d, pg.dir)
		}
		if d == filepath.Dir(d) {
			return nil
		}
	}
}

// relocationRoot holds clusters whose data directory the postgres user
// cannot reach (a clone under /root, say).
const relocationRoot = "/var/lib/drumbeat"

// reachableDir returns dir when the postgres user can enter every folder
// above it. Otherwise it returns a folder under relocationRoot named after
// dir, and notes that location in dir+".location" so the data can be found
// (and removed) from the project.
func reachableDir(log *slog.Logger, dir string, cred *syscall.Credential) (string, error) {
	if cred == nil {
		return dir, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	reachable := true
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil && !searchable(d, cred) {
			reachable = false
			break
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	if reachable {
		return dir, nil
	}
	sum := sha256.Sum256([]byte(abs))
	moved := filepath.Join(relocationRoot, hex.EncodeToString(sum[:6]), filepath.Base(abs))
	if err := os.MkdirAll(filepath.Dir(moved), 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", filepath.Dir(moved), err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(abs+".location", []byte(moved+"\n"), 0o644); err != nil {
		return "", err
	}
	log.Info("the postgres user cannot reach the data folder; keeping the cluster elsewhere", "wanted", abs, "dir", moved)
	return moved, nil
}

// searchable reports whether the user in cred may enter dir.
func searchable(dir string, cred *syscall.Credential) bool {
	fi, err := os.Stat(dir)
	if err != nil {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	mode := fi.Mode().Perm()
	switch {
	case st.Uid == cred.Uid:
		return mode&0o100 != 0
	case st.Gid == cred.Gid:
		return mode&0o010 != 0
	default:
		return mode&0o001 != 0
	}
}

// stopLeftover stops a server left running on this cluster by an earlier
// run that was killed before it could stop it.
func (pg *postgres) stopLeftover(ctx context.Context) {
	b, err := os.ReadFile(filepath.Join(pg.dir, "postmaster.pid"))
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pid <= 0 || syscall.Kill(pid, 0) != nil {
		return // stale file: postgres removes it itself
	}
	pg.log.Warn("stopping a PostgreSQL server left running by an earlier run", "pid", pid, "dir", pg.dir)
	_ = pg.ctlStop(ctx)
}

// ready waits until the server accepts connections, then creates the
// drumbeat database when it is missing.
func (pg *postgres) ready(ctx context.Context) error {
	adminURL := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=2", pg.port)
	var conn *pgx.Conn
	watched := pg.proc
	if pg.restarted {
		watched = nil // the postmaster pg_ctl started is not our child
	}
	err := poll(ctx, 30*time.Second, 100*time.Millisecond, watched, func(ctx context.Context) error {
		c, err := pgx.Connect(ctx, adminURL)
		if err != nil {
			return err
		}
		conn = c
		return nil
	})
	if err != nil {
		return fmt.Errorf("PostgreSQL did not accept connections on port %d: %w", pg.port, err)
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", databaseName).Scan(&exists); err != nil {
		return fmt.Errorf("look for database %s: %w", databaseName, err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{databaseName}.Sanitize()); err != nil {
			return fmt.Errorf("create database %s: %w", databaseName, err)
		}
		pg.log.Info("created database", "name", databaseName)
	}
	return nil
}

// url returns the connection URL of the drumbeat database.
func (pg *postgres) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", pg.port, databaseName)
}

// ctlStop asks pg_ctl for a fast shutdown of the cluster.
func (pg *postgres) ctlStop(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 40*time.Second)
	defer cancel()
	env := filterEnv(os.Environ(), "PG")
	return runCommand(ctx, filepath.Join(pg.logDir, "postgres.log"), env, pg.cred,
		filepath.Join(pg.binDir, "pg_ctl"), "stop", "-D", pg.dir, "-m", "fast", "-w", "-t", "30")
}

// stop shuts the server down with pg_ctl stop -m fast, falling back to
// signals when that fails.
func (pg *postgres) stop() {
	if pg.proc == nil {
		return
	}
	if pg.proc.exited() && !pg.restarted {
		pg.proc.stop(0)
		return
	}
	if err := pg.ctlStop(context.Background()); err != nil {
		pg.log.Warn("pg_ctl stop failed; signalling PostgreSQL", "err", err)
	}
	if !pg.proc.wait(10 * time.Second) {
		pg.log.Warn("PostgreSQL still running after pg_ctl stop")
	}
	pg.proc.stop(5 * time.Second)
}
