package devstack

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"gopkg.in/yaml.v3"
)

func TestDynamicConfigTakesTheCallersValues(t *testing.T) {
	dyn, err := dynamicConfig([]string{`matching.TaskQueueInfoByBuildIdTTL="1ms"`, "history.persistenceMaxQPS=500"})
	require.NoError(t, err)
	assert.Equal(t, []map[string]any{{"value": "1ms"}}, dyn["matching.TaskQueueInfoByBuildIdTTL"])
	assert.Equal(t, []map[string]any{{"value": float64(500)}}, dyn["history.persistenceMaxQPS"], "the caller's value wins")
	assert.Contains(t, dyn, "frontend.persistenceMaxQPS", "the dev server's own settings")
	assert.NotContains(t, dyn, "system.forceSearchAttributesCacheRefreshOnRead")

	_, err = dynamicConfig([]string{"no-value"})
	assert.ErrorContains(t, err, "want key=JSON value")
	_, err = dynamicConfig([]string{"k={"})
	assert.ErrorContains(t, err, `dynamic config "k={"`)
}

func TestServerConfigUsesThePostgresOfTheURL(t *testing.T) {
	ep, err := endpointOf("postgres://postgres@127.0.0.1:55999/drumbeat?sslmode=disable")
	require.NoError(t, err)
	assert.Equal(t, pgEndpoint{host: "127.0.0.1", port: "55999", user: "postgres"}, ep)
	dir := t.TempDir()
	require.NoError(t, writeServerConfig(dir, ep, 7999, nil))
	b, err := os.ReadFile(filepath.Join(dir, "drumbeat.yaml"))
	require.NoError(t, err)
	var conf struct {
		Persistence struct {
			NumHistoryShards int `yaml:"numHistoryShards"`
			Datastores       map[string]struct {
				SQL struct {
					PluginName   string `yaml:"pluginName"`
					DatabaseName string `yaml:"databaseName"`
					ConnectAddr  string `yaml:"connectAddr"`
				} `yaml:"sql"`
			} `yaml:"datastores"`
		} `yaml:"persistence"`
		Services map[string]struct {
			RPC struct {
				GRPCPort       int `yaml:"grpcPort"`
				MembershipPort int `yaml:"membershipPort"`
			} `yaml:"rpc"`
		} `yaml:"services"`
	}
	require.NoError(t, yaml.Unmarshal(b, &conf))
	assert.Equal(t, TemporalHistoryShards, conf.Persistence.NumHistoryShards)
	for store, db := range map[string]string{"postgres-default": "temporal", "postgres-visibility": "temporal_visibility"} {
		sql := conf.Persistence.Datastores[store].SQL
		assert.Equal(t, []string{"postgres12", db, "127.0.0.1:55999"}, []string{sql.PluginName, sql.DatabaseName, sql.ConnectAddr})
	}
	assert.Len(t, conf.Services, 4)
	assert.Equal(t, 7999, conf.Services["frontend"].RPC.GRPCPort)
	for name, s := range conf.Services {
		assert.Less(t, s.RPC.MembershipPort, 32768, "%s: the store keeps membership ports in a smallint", name)
	}
}

// TestEphemeralStackTemporalPostgres runs the Temporal server on the
// stack's PostgreSQL, when `make temporal-server` has installed it.
func TestEphemeralStackTemporalPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a stack with the Temporal server")
	}
	if _, err := FindTemporalServer(); err != nil {
		t.Skip(err)
	}
	t.Setenv("DATABASE_URL", "")
	os.Unsetenv("DATABASE_URL")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	begin := time.Now()
	st, err := Start(ctx, Options{Ephemeral: true, Headless: true, NoMail: true, TemporalStore: TemporalPostgres, Log: testLogger(t)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Stop() })
	t.Logf("stack started in %s", time.Since(begin))
	env := st.Env()

	conn, err := pgx.Connect(ctx, env.DatabaseURL)
	require.NoError(t, err)
	var n int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname IN ('temporal', 'temporal_visibility')").Scan(&n))
	assert.Equal(t, 2, n, "Temporal's databases are on the stack's PostgreSQL")
	require.NoError(t, conn.Close(ctx))

	c, err := client.Dial(client.Options{HostPort: env.TemporalAddress, Namespace: TemporalNamespace,
		Logger: sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))})
	require.NoError(t, err)
	defer c.Close()
	sa, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: TemporalNamespace})
	require.NoError(t, err)
	for _, name := range SearchAttributes {
		assert.Contains(t, sa.GetCustomAttributes(), name)
	}
	require.NoError(t, st.Stop())
	assert.False(t, portOpen(env.TemporalAddress), "the server stopped")
}
