// Command drumbeat is Drumbeat's single binary. Subcommands:
//
//	drumbeat dev      the whole system locally, with demo data (make run)
//	drumbeat api      the HTTP API
//	drumbeat worker   a Temporal worker (run as many as needed)
//	drumbeat migrate  apply pending database migrations
//	drumbeat seed     load the demo data
//	drumbeat user create --name N --email E --privileges P,Q [--password-stdin]
//	drumbeat token create --email E [--label L] [--expires 720h]
//	drumbeat stack -- CMD...  run CMD against a throw-away local stack (make test)
//	drumbeat help COMMAND     what a command does and the variables it reads
//	drumbeat --version        the version of this binary
//
// Configuration comes from environment variables; see config.go.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	// Time zones of contacts, leads and DEFAULT_TIME_ZONE resolve even on
	// a machine or image without a zone database.
	_ "time/tzdata"
)

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	// Help and the version need no configuration, so they work even when
	// the environment holds a refused value.
	if len(os.Args) > 2 && os.Args[1] != "stack" && (os.Args[2] == "-h" || os.Args[2] == "--help") {
		os.Exit(runHelp(os.Args[1:2]))
	}
	switch os.Args[1] {
	case "help", "-h", "--help":
		os.Exit(runHelp(os.Args[2:]))
	case "version", "--version", "-v":
		printVersion()
		return
	}
	cfg, err := loadConfig()
	if err != nil {
		configFailed(err)
	}
	if os.Args[1] == "api" || os.Args[1] == "worker" {
		if err := cfg.requireSecrets(); err != nil {
			configFailed(err)
		}
	}
	slog.SetDefault(cfg.logger())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch os.Args[1] {
	case "dev":
		err = runDev(ctx, cfg)
	case "api":
		err = runAPI(ctx, cfg)
	case "worker":
		err = runWorker(ctx, cfg)
	case "migrate":
		err = runMigrate(ctx, cfg)
	case "seed":
		err = runSeed(ctx, cfg)
	case "user":
		err = runUser(ctx, cfg, os.Args[2:])
	case "token":
		err = runToken(ctx, cfg, os.Args[2:])
	case "stack":
		stop()
		os.Exit(runStack(os.Args[2:]))
	default:
		usage()
		os.Exit(2)
	}
	if err != nil {
		slog.Error(os.Args[1]+" failed", "error", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage: drumbeat <command>

commands:
  dev       run the whole system locally with demo data
  api       serve the HTTP API
  worker    run a Temporal worker
  migrate   apply pending database migrations
  seed      load the demo data
  user create --name N --email E --privileges admin,campaigns [--password-stdin]
            create a user (the first administrator, say); prints it as JSON
  token create --email E [--label L] [--expires 720h]
            give a user a new API token; prints only the token
  stack -- CMD [ARGS...]
            run CMD against a throw-away PostgreSQL, Temporal and SMTP sink
  help COMMAND
            what a command does and the variables it reads
  --version the version of this binary`)
}
