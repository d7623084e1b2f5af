package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/drumbeat-crm/drumbeat/cmd/drumbeat/devstack"
)

// runDev starts the whole system locally: PostgreSQL under ./.drumbeat (or
// DATABASE_URL), the Temporal dev server with Temporal Web, an SMTP sink with
// a web inbox, the migrations, the demo data, a worker and the API. Ctrl-C
// stops everything it started; the next run reuses the data.
func runDev(ctx context.Context, cfg config) error {
	stack, err := devstack.Start(ctx, devstack.Options{
		DataDir:        env("DRUMBEAT_DATA", ".drumbeat"),
		TemporalPort:   envInt("TEMPORAL_PORT", 7233),
		TemporalUIPort: envInt("TEMPORAL_UI_PORT", 8233),
		SMTPPort:       envInt("SMTP_PORT", 1025),
		InboxPort:      envInt("INBOX_PORT", 1080),
		PostgresPort:   envInt("POSTGRES_PORT", 55432),
		UseMaildev:     os.Getenv("DRUMBEAT_BUILTIN_SINK") == "",
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
	tc, err := dialTemporal(cfg)
	if err != nil {
		return err
	}
	defer tc.Close()

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return serveWorker(gctx, cfg, st, tc) })
	g.Go(func() error { return serveAPI(gctx, cfg, st, tc) })
	printBanner(cfg, e)
	return g.Wait()
}

func printBanner(cfg config, e devstack.Env) {
	apiURL := "http://" + strings.Replace(cfg.HTTPAddr, "0.0.0.0", "127.0.0.1", 1)
	fmt.Printf(`
Drumbeat is running. Ctrl-C stops everything.

  Web UI         %s/   (sign in as admin@drumbeat.local, password %s)
  API            %s/api/v1   (health: %s/readyz)
  Temporal Web   %s
  Inbox          %s
  Demo token     %s
  Demo campaign  %s

  Try:
    curl -H 'Authorization: Bearer %s' %s/api/v1/campaigns/%s
    curl -X POST -H 'Authorization: Bearer %s' %s/api/v1/campaigns/%s/start

`, apiURL, cfg.DemoPassword, apiURL, apiURL, e.TemporalWebURL, e.InboxURL, cfg.DemoToken, demoCampaignID,
		cfg.DemoToken, apiURL, demoCampaignID, cfg.DemoToken, apiURL, demoCampaignID)
}
