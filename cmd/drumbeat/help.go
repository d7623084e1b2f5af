package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"
)

// commandHelp is what `drumbeat help COMMAND` prints for each command.
var commandHelp = map[string]string{
	"dev": `usage: drumbeat dev

Runs the whole system on this machine with demo data (what make run does):
PostgreSQL under DRUMBEAT_DATA (default .drumbeat, or DATABASE_URL when set),
the Temporal dev server with Temporal Web, an SMTP inbox, the migrations, the
demo data, a worker and the API. Ctrl-C stops everything; data is kept.

Reads: DRUMBEAT_DATA, POSTGRES_PORT, TEMPORAL_PORT, TEMPORAL_UI_PORT,
SMTP_PORT, INBOX_PORT, DRUMBEAT_BUILTIN_SINK, DEMO_TOKEN, HTTP_ADDR,
METRICS_ADDR and the worker's variables. Without UNSUBSCRIBE_SECRET it makes
one and keeps it in DRUMBEAT_DATA; PUBLIC_URL defaults to HTTP_ADDR's URL.`,
	"user": `usage: drumbeat user create --name N --email E --privileges P,Q [--password-stdin]

Creates a user (the first administrator, say) and prints it as JSON.
Privileges: admin, campaigns, ilm:EnableIntegratedLeadManagement, marketing.
With --password-stdin, a password read from standard input is stored as a
bcrypt hash for signing in to the web pages. After the first administrator,
users are managed through the API (/api/v1/users).

Reads: DATABASE_URL.`,
	"token": `usage: drumbeat token create --email E [--label L] [--expires 720h]

Gives the user with that email a new API token and prints only the token, so
a script can capture it. Only its hash is stored: it cannot be shown again.

Reads: DATABASE_URL.`,
	"api": `usage: drumbeat api

Serves the HTTP API under /api/v1 on HTTP_ADDR, with /healthz, /readyz and
/metrics (Prometheus, no token) beside it, and the unsubscribe pages at
/u/{token}. Refuses to start while a database migration is pending, or
without UNSUBSCRIBE_SECRET.

Reads: DATABASE_URL, HTTP_ADDR, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
TEMPORAL_TASK_QUEUE, TEMPORAL_TLS*, TEMPORAL_API_KEY, MAX_PARTICIPANTS,
UNSUBSCRIBE_SECRET, LOG_LEVEL, LOG_FORMAT.`,
	"worker": `usage: drumbeat worker

Runs a Temporal worker on TEMPORAL_TASK_QUEUE: every workflow and activity.
Run as many as needed; they share the work. It creates Drumbeat's search
attributes when the namespace lacks them, and serves /metrics, /healthz and
/readyz on METRICS_ADDR. On SIGTERM it stops taking work, lets running
activities finish for up to WORKER_STOP_TIMEOUT and hands the long ones
(the bulk passes, which resume from their last page) back to Temporal.
Every email carries an unsubscribe link under PUBLIC_URL, signed with
UNSUBSCRIBE_SECRET (the same as the api's); it refuses to start without it.

Reads: DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
TEMPORAL_TASK_QUEUE, TEMPORAL_TLS*, TEMPORAL_API_KEY, SMTP_URL, SMTP_POOL,
MAIL_FROM, PUBLIC_URL, UNSUBSCRIBE_SECRET, EMAIL_RATE, FREQUENCY_CAP,
DEFAULT_TIME_ZONE, PAGE_SIZE, WORKER_MAX_ACTIVITIES, WORKER_STOP_TIMEOUT,
METRICS_ADDR, PPROF, LOG_LEVEL, LOG_FORMAT.`,
	"migrate": `usage: drumbeat migrate

Applies pending database migrations to DATABASE_URL and creates Drumbeat's
custom search attributes on the Temporal namespace when they are missing.
Running it again changes nothing.

Reads: DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS*,
TEMPORAL_API_KEY.`,
	"seed": `usage: drumbeat seed

Loads the demo users, contacts and campaign into DATABASE_URL; the demo
administrator's API token is DEMO_TOKEN. Seeding twice changes nothing.

Reads: DATABASE_URL, DEMO_TOKEN.`,
	"stack": `usage: drumbeat stack [-logs DIR] [-- command args...]

Starts a throw-away PostgreSQL, Temporal dev server and SMTP sink on free
ports, runs the command with DATABASE_URL, TEMPORAL_ADDRESS, SMTP_URL and
INBOX_URL set to them (and a throw-away UNSUBSCRIBE_SECRET unless one is
set), and stops them whatever happens (make test).`,
	"help": `usage: drumbeat help [COMMAND]

Lists the commands, or tells what one does and which variables it reads.`,
	"version": `usage: drumbeat --version

Prints the version of this binary.`,
}

// runHelp prints the command list or one command's help; an unknown
// command is a usage error (exit code 2).
func runHelp(args []string) int {
	if len(args) == 0 {
		usage()
		return 0
	}
	text, ok := commandHelp[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "drumbeat: unknown command %q\n", args[0])
		usage()
		return 2
	}
	fmt.Println(text)
	return 0
}

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = ""

// versionString is the version from the build flags, else from the module
// information Go records in the binary (a tagged module version, or the
// commit it was built from).
func versionString() string {
	info, ok := debug.ReadBuildInfo()
	v := version
	if v == "" && ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	var details []string
	if ok {
		var commit, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if commit != "" {
			if len(commit) > 12 {
				commit = commit[:12]
			}
			if modified == "true" {
				commit += "+changes"
			}
			details = append(details, "commit "+commit)
			if v == "" {
				v = "devel-" + commit
			}
		}
		details = append(details, info.GoVersion)
	}
	if v == "" {
		v = "devel"
	}
	return fmt.Sprintf("drumbeat %s (%s)", v, strings.Join(details, ", "))
}

func printVersion() { fmt.Println(versionString()) }
