# Drumbeat developer tasks. Everything runs on this machine without Docker:
# `make run` starts PostgreSQL, the Temporal dev server, an SMTP inbox, the
# worker and the API with demo data; `make test` runs every test against a
# throw-away copy of the same stack.

export GOTOOLCHAIN := local

TEMPORAL_VERSION := 1.5.1
# Tools installed once, outside the repository, and reused by every run.
DRUMBEAT_CACHE ?= $(or $(XDG_CACHE_HOME),$(or $(HOME),/tmp)/.cache)/drumbeat
export DRUMBEAT_CACHE
TEMPORAL_BIN := $(DRUMBEAT_CACHE)/temporal-$(TEMPORAL_VERSION)/temporal
# The Temporal server proper (not the CLI's dev server), for `make bench
# TEMPORAL=postgres`: production runs it on a SQL store, which start-dev cannot.
TEMPORAL_SERVER_VERSION := 1.29.1
TEMPORAL_SERVER_DIR := $(DRUMBEAT_CACHE)/temporal-server-$(TEMPORAL_SERVER_VERSION)
TEMPORAL_SERVER_BIN := $(TEMPORAL_SERVER_DIR)/temporal-server
# Evaluated only when a recipe uses it (recursive =), so `go env` runs only then.
TEMPORAL_SCHEMA_DIR = $(shell go env GOMODCACHE)/go.temporal.io/server@v$(TEMPORAL_SERVER_VERSION)/schema/postgresql/v12

POSTGRES_BIN_DIR ?= /usr/lib/postgresql/15/bin
export POSTGRES_BIN_DIR
DEV_DATABASE_URL := postgres://postgres@127.0.0.1:$(or $(POSTGRES_PORT),55432)/drumbeat?sslmode=disable

# Extra `go test` flags for `make test`, e.g. TESTFLAGS='-run Campaign -v'.
TESTFLAGS ?=

.PHONY: run test fuzz bench bench-pages chaos build migrate clean temporal temporal-server postgres chromium

## run: the whole system locally with demo data (data kept in ./.drumbeat)
run: temporal postgres build
	exec ./bin/drumbeat dev

## test: go vet, then every test (browser tests included) against a throw-away local stack, then short fuzz runs
test: temporal postgres chromium
	go vet ./...
	go run ./cmd/drumbeat stack -- go test -count=1 -timeout 20m $(TESTFLAGS) ./...
	$(MAKE) --no-print-directory fuzz

# Fuzz targets as package:target:executions; go test fuzzes one target per
# run. Their seed corpora are in each package's testdata/fuzz; a failing input
# is written there too, to be kept as a regression seed once fixed. Each runs
# for a count of inputs (about 10 s here), not a duration: with a duration Go
# 1.26's fuzz coordinator can report "context deadline exceeded" as a
# failure when a busy worker misses the deadline (golang/go#75804, fixed in
# Go 1.27), with no failing input at all. FUZZTIME (e.g. 10s or 5000x) sets
# one budget for every target instead.
FUZZ_TARGETS := ./domain:FuzzMerge:50000 ./domain:FuzzNormalizePhone:50000 ./domain:FuzzDecodeCampaignCursor:50000 \
	./domain:FuzzWorkflowDefinition:50000 ./api:FuzzLeadImportCSV:80 ./api:FuzzListCursors:40
FUZZTIME ?=

## fuzz: each fuzz target for its count of inputs (or FUZZTIME), on a throw-away stack (the API targets need one)
fuzz: temporal postgres
	go run ./cmd/drumbeat stack -- sh -c 'set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; budget=$(or $(FUZZTIME),$${rest#*:}x); \
		echo "fuzz $$name ($$budget)"; \
		go test -run "^$$" -fuzz "^$$name$$" -fuzztime "$$budget" "$$pkg"; done'

## bench: Drumbeat at scale against bare Temporal on the same server, and the API at a million leads (BENCH_N, default 10000; BENCH_RUNS, default 3; BENCH_LEADS, default 1000000; TEMPORAL=postgres measures every scenario but (f) again on the Temporal server on PostgreSQL); see docs/performance.md
TEMPORAL ?= dev
bench: temporal postgres build $(if $(filter postgres,$(TEMPORAL)),temporal-server)
	DRUMBEAT_BIN=bin/drumbeat TEMPORAL="$(TEMPORAL)" TEMPORAL_SERVER_DIR="$(TEMPORAL_SERVER_DIR)" \
		TEMPORAL_SCHEMA_DIR="$(TEMPORAL_SCHEMA_DIR)" go run ./cmd/bench

## bench-pages: the Leads web pages at a million leads (BENCH_LEADS, default 1000000)
bench-pages: temporal postgres
	go run ./cmd/drumbeat stack -- go test -count=1 -timeout 60m -run '^$$' -bench BenchmarkLeadsPage -benchtime 20x ./web/

## chaos: a campaign of CHAOS_N participants (default 10000) under faults (CHAOS_FAULTS=worker,pg,smtp,temporal; default all)
chaos: temporal postgres build
	DRUMBEAT_BIN=bin/drumbeat go run ./cmd/chaos

## build: the drumbeat binary in bin/ (`bin/drumbeat --version` names the commit)
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
build:
	go build -ldflags "-X main.version=$(VERSION)" -o bin/drumbeat ./cmd/drumbeat

## migrate: apply migrations to $$DATABASE_URL, else to the database of `make run`
migrate:
	DATABASE_URL="$${DATABASE_URL:-$(DEV_DATABASE_URL)}" go run ./cmd/drumbeat migrate

## clean: remove local data and build output
clean:
	if [ -f .drumbeat/pg.location ]; then rm -rf "$$(cat .drumbeat/pg.location)"; fi
	rm -rf .drumbeat bin

## temporal: install the pinned Temporal CLI (dev server) once
temporal: $(TEMPORAL_BIN)

$(TEMPORAL_BIN):
	@echo "Installing Temporal CLI v$(TEMPORAL_VERSION) into $(@D) (once; takes a few minutes)"
	rm -rf "$(@D).tmp"
	GOBIN="$(@D).tmp" go install github.com/temporalio/cli/cmd/temporal@v$(TEMPORAL_VERSION)
	mkdir -p "$(@D)"
	mv "$(@D).tmp/temporal" "$@"
	rm -rf "$(@D).tmp"

## temporal-server: install the pinned Temporal server and its temporal-sql-tool once (for TEMPORAL=postgres)
temporal-server: $(TEMPORAL_SERVER_BIN)

# Both binaries land in one directory, renamed from the go install names
# (server, sql) so they say what they are. The schema they apply is read from
# the module cache; `go mod download` fetches it there without touching
# Drumbeat's go.mod.
$(TEMPORAL_SERVER_BIN):
	@echo "Installing Temporal server v$(TEMPORAL_SERVER_VERSION) and temporal-sql-tool into $(@D) (once; takes several minutes)"
	rm -rf "$(@D).tmp"
	GOBIN="$(@D).tmp" go install go.temporal.io/server/cmd/server@v$(TEMPORAL_SERVER_VERSION)
	GOBIN="$(@D).tmp" go install go.temporal.io/server/cmd/tools/sql@v$(TEMPORAL_SERVER_VERSION)
	cd / && go mod download go.temporal.io/server@v$(TEMPORAL_SERVER_VERSION)
	mkdir -p "$(@D)"
	mv "$(@D).tmp/sql" "$(@D)/temporal-sql-tool"
	mv "$(@D).tmp/server" "$@"
	rm -rf "$(@D).tmp"

## postgres: make sure PostgreSQL 15 is available (not needed with DATABASE_URL)
postgres:
	@if [ -n "$$DATABASE_URL" ] || [ -x "$(POSTGRES_BIN_DIR)/initdb" ] || command -v initdb >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing postgresql-15 with apt-get"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq </dev/null && apt-get install -y -qq postgresql-15 </dev/null || exit 1; \
		[ -x "$(POSTGRES_BIN_DIR)/initdb" ] || { echo "postgresql-15 installed but $(POSTGRES_BIN_DIR)/initdb is missing" >&2; exit 1; }; \
	else \
		echo "PostgreSQL 15 is required: $(POSTGRES_BIN_DIR)/initdb not found." >&2; \
		echo "Install it (e.g. 'sudo apt-get install postgresql-15'), set POSTGRES_BIN_DIR to its bin folder," >&2; \
		echo "or set DATABASE_URL to an existing PostgreSQL database." >&2; \
		exit 1; \
	fi

## chromium: make sure Debian's chromium is there for the browser tests (web/)
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing chromium with apt-get"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq </dev/null && apt-get install -y -qq chromium </dev/null || exit 1; \
		[ -x "$(CHROMIUM)" ] || { echo "chromium installed but $(CHROMIUM) is missing" >&2; exit 1; }; \
	else \
		echo "Chromium is required for the browser tests: $(CHROMIUM) not found." >&2; \
		echo "Install it (e.g. 'sudo apt-get install chromium') or set CHROMIUM to its binary." >&2; \
		exit 1; \
	fi
