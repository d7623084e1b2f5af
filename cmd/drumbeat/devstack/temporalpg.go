package devstack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"google.golang.org/protobuf/types/known/durationpb"
	"gopkg.in/yaml.v3"
)

// The dev server (`temporal server start-dev`) keeps its state in SQLite, in
// memory or in a file. Production runs the Temporal server proper on a SQL
// store, which start-dev cannot do; this file runs that server on the
// stack's own PostgreSQL, so that a benchmark can tell what the store costs.

// Temporal stores a stack can run Temporal on (Options.TemporalStore).
const (
	// TemporalDev is the CLI's dev server on SQLite (the default).
	TemporalDev = "dev"
	// TemporalPostgres is the Temporal server on the stack's PostgreSQL.
	TemporalPostgres = "postgres"
)

// TemporalServerVersion is the pinned Temporal server release run on
// PostgreSQL; the CLI's dev server embeds the same release, so the two
// differ by their store only.
const TemporalServerVersion = "1.29.1"

// Databases the Temporal server keeps its state and its visibility in.
const (
	temporalDatabase   = "temporal"
	visibilityDatabase = "temporal_visibility"
)

// TemporalHistoryShards is the server's history shard count. Production
// sizes it to its hosts; 4 keeps a 2-core machine from spending its time
// on shard bookkeeping while still spreading workflows over more than one
// shard lock (the dev server runs 1). It cannot change once the database
// holds data.
const TemporalHistoryShards = 4

// FindTemporalServer returns the directory holding the Temporal server
// (temporal-server) and temporal-sql-tool: $TEMPORAL_SERVER_DIR, else the
// pinned build in CacheDir that `make temporal-server` installs.
func FindTemporalServer() (string, error) {
	dir := os.Getenv("TEMPORAL_SERVER_DIR")
	if dir == "" {
		dir = filepath.Join(CacheDir(), "temporal-server-"+TemporalServerVersion)
	}
	for _, bin := range []string{"temporal-server", "temporal-sql-tool"} {
		if _, err := os.Stat(filepath.Join(dir, bin)); err != nil {
			return "", fmt.Errorf("the Temporal server is not installed (%w): run `make temporal-server`", err)
		}
	}
	return dir, nil
}

// temporalSchemaDir returns the server's PostgreSQL schema folder
// (schema/postgresql/v12): $TEMPORAL_SCHEMA_DIR, else the server module in
// the Go module cache, where `make temporal-server` downloads it.
func temporalSchemaDir(ctx context.Context) (string, error) {
	dir := os.Getenv("TEMPORAL_SCHEMA_DIR")
	if dir == "" {
		out, err := exec.CommandContext(ctx, "go", "env", "GOMODCACHE").Output()
		if err != nil {
			return "", fmt.Errorf("find the Go module cache for the Temporal schema: %w", err)
		}
		dir = filepath.Join(strings.TrimSpace(string(out)), "go.temporal.io",
			"server@v"+TemporalServerVersion, "schema", "postgresql", "v12")
	}
	if _, err := os.Stat(filepath.Join(dir, "temporal", "versioned")); err != nil {
		return "", fmt.Errorf("the Temporal PostgreSQL schema is missing (%w): run `make temporal-server`", err)
	}
	return dir, nil
}

// pgEndpoint is where the server reaches PostgreSQL.
type pgEndpoint struct {
	host, port, user, password string
}

// endpointOf reads the server, port and user from a PostgreSQL URL.
func endpointOf(dbURL string) (pgEndpoint, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return pgEndpoint{}, err
	}
	ep := pgEndpoint{host: u.Hostname(), port: u.Port(), user: u.User.Username()}
	ep.password, _ = u.User.Password()
	if ep.port == "" {
		ep.port = "5432"
	}
	return ep, nil
}

// startTemporalPostgres prepares the two databases on the PostgreSQL dbURL
// names, writes the server's configuration into dataDir and starts the
// server with its frontend on port; it returns once namespace default and
// Drumbeat's search attributes can be used. dynamic holds "key=JSON value"
// settings, as for the dev server.
func startTemporalPostgres(ctx context.Context, log *slog.Logger, dbURL, dataDir, logDir string, port int, dynamic []string) (*temporal, error) {
	bins, err := FindTemporalServer()
	if err != nil {
		return nil, err
	}
	schema, err := temporalSchemaDir(ctx)
	if err != nil {
		return nil, err
	}
	ep, err := endpointOf(dbURL)
	if err != nil {
		return nil, err
	}
	// temporal-sql-tool reads SQL_* and the server TEMPORAL_* variables as
	// settings; neither may pick up the caller's.
	env := filterEnv(os.Environ(), "TEMPORAL_", "SQL_")
	setupLog := filepath.Join(logDir, "temporal-schema.log")
	for _, db := range []struct{ name, schema string }{{temporalDatabase, "temporal"}, {visibilityDatabase, "visibility"}} {
		if err := setupTemporalDatabase(ctx, env, setupLog, filepath.Join(bins, "temporal-sql-tool"), ep, dbURL, db.name,
			filepath.Join(schema, db.schema, "versioned")); err != nil {
			return nil, fmt.Errorf("prepare database %s: %w", db.name, err)
		}
	}
	confDir := filepath.Join(dataDir, "temporal-server")
	if err := writeServerConfig(confDir, ep, port, dynamic); err != nil {
		return nil, err
	}
	// v1.29 reads <root>/<config>/<env>.yaml; it has no single-file flag.
	args := []string{filepath.Join(bins, "temporal-server"), "--root", confDir, "--config", ".", "--env", "drumbeat",
		"--allow-no-auth", "start"}
	logPath := filepath.Join(logDir, "temporal.log")
	proc, err := startChild(log, "temporal", logPath, env, nil, args...)
	if err != nil {
		return nil, err
	}
	t := &temporal{proc: proc, address: "127.0.0.1:" + strconv.Itoa(port), argv: args, env: env, logPath: logPath, log: log,
		namespace: true}
	if err := t.ready(ctx, log); err != nil {
		t.stop()
		return nil, err
	}
	return t, nil
}

// setupTemporalDatabase creates a database with temporal-sql-tool when it
// is missing and sets up its schema, then updates the schema to the
// release's latest version (which does nothing when it is there already).
func setupTemporalDatabase(ctx context.Context, env []string, logPath, tool string, ep pgEndpoint, dbURL, name, versioned string) error {
	base := []string{tool, "--plugin", "postgres12", "--endpoint", ep.host, "--port", ep.port, "--user", ep.user,
		"--password", ep.password, "--database", name}
	exists, err := databaseExists(ctx, dbURL, name)
	if err != nil {
		return err
	}
	if !exists {
		if err := runCommand(ctx, logPath, env, nil, append(base, "create-database")...); err != nil {
			return err
		}
		if err := runCommand(ctx, logPath, env, nil, append(base, "setup-schema", "-v", "0.0")...); err != nil {
			return err
		}
	}
	return runCommand(ctx, logPath, env, nil, append(base, "update-schema", "-d", versioned)...)
}

// databaseExists reports whether the server dbURL names has database name.
func databaseExists(ctx context.Context, dbURL, name string) (bool, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return false, err
	}
	u.Path = "/postgres"
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var exists bool
	err = conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists)
	return exists, err
}

// writeServerConfig writes the server's static configuration and its
// dynamic configuration file into dir.
func writeServerConfig(dir string, ep pgEndpoint, frontendPort int, dynamic []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Each service needs a gRPC port and a membership port of its own. The
	// SQL store records membership ports in a smallint column, so those
	// must be below 32768, where the kernel never hands out free ports.
	ports := make([]int, 8)
	ports[0] = frontendPort
	for i := 1; i < len(ports); i++ {
		var err error
		if i%2 == 1 {
			ports[i], err = freeLowPort(ports[:i])
		} else {
			ports[i], err = freePort()
		}
		if err != nil {
			return err
		}
	}
	store := func(db string, conns int) map[string]any {
		return map[string]any{"sql": map[string]any{
			"pluginName": "postgres12", "databaseName": db, "connectAddr": ep.host + ":" + ep.port,
			"connectProtocol": "tcp", "user": ep.user, "password": ep.password,
			// Four services each open a pool per store; with Drumbeat's own
			// pools they stay below the stack's max_connections (200).
			"maxConns": conns, "maxIdleConns": conns, "maxConnLifetime": "1h",
		}}
	}
	service := func(grpc, membership int) map[string]any {
		return map[string]any{"rpc": map[string]any{"grpcPort": grpc, "membershipPort": membership, "bindOnLocalHost": true}}
	}
	frontendAddr := "127.0.0.1:" + strconv.Itoa(frontendPort)
	conf := map[string]any{
		"log": map[string]any{"stdout": true, "level": "warn"},
		"persistence": map[string]any{
			"defaultStore": "postgres-default", "visibilityStore": "postgres-visibility",
			"numHistoryShards": TemporalHistoryShards,
			"datastores": map[string]any{
				"postgres-default":    store(temporalDatabase, 16),
				"postgres-visibility": store(visibilityDatabase, 4),
			},
		},
		// One host: the services find each other on the loopback address.
		"global": map[string]any{"membership": map[string]any{"maxJoinDuration": "30s", "broadcastAddress": "127.0.0.1"}},
		"services": map[string]any{
			"frontend": service(ports[0], ports[1]),
			"history":  service(ports[2], ports[3]),
			"matching": service(ports[4], ports[5]),
			"worker":   service(ports[6], ports[7]),
		},
		"clusterMetadata": map[string]any{
			"enableGlobalNamespace": false, "failoverVersionIncrement": 10,
			"masterClusterName": "active", "currentClusterName": "active",
			"clusterInformation": map[string]any{"active": map[string]any{
				"enabled": true, "initialFailoverVersion": 1, "rpcName": "frontend", "rpcAddress": frontendAddr,
			}},
		},
		"dcRedirectionPolicy": map[string]any{"policy": "noop"},
		"dynamicConfigClient": map[string]any{"filepath": filepath.Join(dir, "dynamic.yaml"), "pollInterval": "10s"},
	}
	if err := writeYAML(filepath.Join(dir, "drumbeat.yaml"), conf); err != nil {
		return err
	}
	dyn, err := dynamicConfig(dynamic)
	if err != nil {
		return err
	}
	return writeYAML(filepath.Join(dir, "dynamic.yaml"), dyn)
}

// dynamicConfig is the server's dynamic configuration: what the dev server
// sets by itself, except the search attribute cache refresh on every read
// (a store read each time, which production does not pay), then the
// caller's "key=JSON value" settings.
func dynamicConfig(settings []string) (map[string]any, error) {
	values := map[string]any{
		"history.hostLevelCacheMaxSize":    8096,
		"frontend.namespaceRPS.visibility": 100,
		"frontend.persistenceMaxQPS":       10000,
		"history.persistenceMaxQPS":        45000,
	}
	for _, kv := range settings {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("dynamic config %q: want key=JSON value", kv)
		}
		var parsed any
		if err := json.Unmarshal([]byte(v), &parsed); err != nil {
			return nil, fmt.Errorf("dynamic config %q: %w", kv, err)
		}
		values[k] = parsed
	}
	out := make(map[string]any, len(values))
	for k, v := range values {
		out[k] = []map[string]any{{"value": v}}
	}
	return out, nil
}

// freeLowPort returns a free port on 127.0.0.1 between 20000 and 32767
// that is not in taken.
func freeLowPort(taken []int) (int, error) {
	for range 200 {
		p := 20000 + rand.IntN(12768)
		if slices.Contains(taken, p) {
			continue
		}
		if l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p)); err == nil {
			_ = l.Close()
			return p, nil
		}
	}
	return 0, errors.New("no free port between 20000 and 32767")
}

// writeYAML writes v to path as YAML.
func writeYAML(path string, v any) error {
	b, err := yaml.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// ensureNamespace registers namespace default on a server that lacks it
// (the dev server creates it itself) and waits until the frontend knows
// it: a new namespace reaches each service's cache on its next refresh.
func ensureNamespace(ctx context.Context, log *slog.Logger, address string, proc *child) error {
	quiet := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	nc, err := client.NewNamespaceClient(client.Options{HostPort: address, Logger: quiet})
	if err != nil {
		return err
	}
	defer nc.Close()
	return poll(ctx, 60*time.Second, 500*time.Millisecond, proc, func(ctx context.Context) error {
		if _, err := nc.Describe(ctx, TemporalNamespace); err == nil {
			return nil
		}
		err := nc.Register(ctx, &workflowservice.RegisterNamespaceRequest{
			Namespace: TemporalNamespace, WorkflowExecutionRetentionPeriod: durationpb.New(24 * time.Hour)})
		var exists *serviceerror.NamespaceAlreadyExists
		if err == nil {
			log.Info("registered Temporal namespace", "name", TemporalNamespace)
		} else if !errors.As(err, &exists) {
			return err
		}
		return errors.New("namespace registered, not visible yet")
	})
}

// namespaceRefresh is how often each service of the server reloads its
// namespace cache (system.namespaceCacheRefreshInterval, left at 2 s).
const namespaceRefresh = 2 * time.Second

// searchAttributesVisible adds Drumbeat's search attributes to a namespace
// that was just registered and waits until they can be used. On a SQL
// store they are aliases in the namespace's record, which each service
// sees on its next cache refresh: until then adding them may fail and a
// query naming them is refused. So it retries until the frontend accepts a
// query on every one, then waits two refreshes more for the history and
// matching services, which refresh on their own clocks.
func searchAttributesVisible(ctx context.Context, log *slog.Logger, c client.Client, proc *child) error {
	parts := make([]string, len(SearchAttributes))
	for i, name := range SearchAttributes {
		parts[i] = name + " = 'x'"
	}
	query := strings.Join(parts, " AND ")
	err := poll(ctx, 60*time.Second, time.Second, proc, func(ctx context.Context) error {
		if err := ensureSearchAttributes(ctx, log, c); err != nil {
			return err
		}
		_, err := c.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: TemporalNamespace, Query: query})
		return err
	})
	if err != nil {
		return fmt.Errorf("Temporal search attributes not usable: %w", err)
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(2 * namespaceRefresh):
		return nil
	}
}
