package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"

	"go.temporal.io/sdk/contrib/envconfig"
	"golang.org/x/sync/errgroup"

	"github.com/drumbeat-crm/drumbeat/cmd/drumbeat/devstack"
	"github.com/drumbeat-crm/drumbeat/metrics"
)

// runDev starts the whole system locally: PostgreSQL under ./.drumbeat (or
// DATABASE_URL), the Temporal dev server with Temporal Web, an SMTP sink with
// a web inbox, the migrations, the demo data, a worker and the API. Ctrl-C
// stops everything it started; the next run reuses the data.
func runDev(ctx context.Context, cfg config) error {
	stack, err := devstack.Start(ctx, devstack.Options{
		DataDir:        cfg.Dev.DataDir,
		TemporalPort:   cfg.Dev.TemporalPort,
		TemporalUIPort: cfg.Dev.TemporalUIPort,
		SMTPPort:       cfg.Dev.SMTPPort,
		InboxPort:      cfg.Dev.InboxPort,
		PostgresPort:   cfg.Dev.PostgresPort,
		UseMaildev:     !cfg.Dev.BuiltinSink,
	})
	if err != nil {
		return err
	}
	defer func() {
		_ = stack.Stop()
		slog.Info("everything stopped; data kept for the next run")
	}()
	e := stack.Env()
	cfg.DatabaseURL, cfg.TemporalAddress, cfg.SMTPURL = e.DatabaseURL, e.TemporalAddress, e.SMTPURL
	// The local dev server speaks plain gRPC in the default namespace,
	// whatever TLS or API key the environment holds for another cluster.
	cfg.Temporal, cfg.TemporalNamespace = envconfig.ClientConfigProfile{}, devstack.TemporalNamespace
	if cfg.UnsubscribeSecret == "" {
		if cfg.UnsubscribeSecret, err = devSecret(cfg.Dev.DataDir); err != nil {
			return err
		}
	}
	if os.Getenv("PUBLIC_URL") == "" {
		cfg.PublicURL = localURL(cfg.HTTPAddr) // where the links in the inbox can be opened
	}

	if err := runMigrate(ctx, cfg); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := seedDemo(ctx, st, cfg.DemoToken, cfg.DemoPassword); err != nil {
		return err
	}
	wm := metrics.NewWorker(st.OutboxPending, slog.Default())
	defer wm.Close()
	tc, err := dialTemporal(cfg, wm.Temporal)
	if err != nil {
		return err
	}
	defer tc.Close()

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return serveWorker(gctx, cfg, st, tc, wm) })
	g.Go(func() error { return serveAPI(gctx, cfg, st, tc) })
	printBanner(cfg, e)
	return g.Wait()
}

func printBanner(cfg config, e devstack.Env) {
	apiURL := localURL(cfg.HTTPAddr)
	fmt.Printf(`
Drumbeat is running. Ctrl-C stops everything.

  Web UI         %s/   (sign in as admin@drumbeat.local, password %s)
  API            %s/api/v1   (health: %s/readyz)
  API metrics    %s/metrics
  Worker metrics %s/metrics   (health: %s/healthz)
  Temporal Web   %s
  Inbox          %s
  Demo token     %s
  Demo campaign  %s

  Try:
    curl -H 'Authorization: Bearer %s' %s/api/v1/campaigns/%s
    curl -X POST -H 'Authorization: Bearer %s' %s/api/v1/campaigns/%s/start

`, apiURL, cfg.DemoPassword, apiURL, apiURL, apiURL, localURL(cfg.MetricsAddr), localURL(cfg.MetricsAddr), e.TemporalWebURL, e.InboxURL, cfg.DemoToken, demoCampaignID,
		cfg.DemoToken, apiURL, demoCampaignID, cfg.DemoToken, apiURL, demoCampaignID)
}

// localURL is the http URL of a listen address, with a wildcard or empty
// host replaced by 127.0.0.1 so it can be opened from this machine.
func localURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// devSecret returns the local stack's UNSUBSCRIBE_SECRET, made once and
// kept in the data folder so the links in the inbox keep working across
// runs.
func devSecret(dataDir string) (string, error) {
	path := filepath.Join(dataDir, "unsubscribe-secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= minSecretLength {
		return strings.TrimSpace(string(b)), nil
	}
	secret := randomSecret()
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return "", err
	}
	return secret, os.WriteFile(path, []byte(secret+"\n"), 0o600)
}

// randomSecret is 32 random bytes in hex.
func randomSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
