// Package storetest gives each test its own freshly migrated PostgreSQL
// database on the server named by DATABASE_URL (set by `make test`).
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/store"
)

// URL returns DATABASE_URL, failing the test when it is not set.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("DATABASE_URL")
	if u == "" {
		t.Fatal("DATABASE_URL is not set: run the tests with `make test`, which starts PostgreSQL, Temporal and an SMTP sink")
	}
	return u
}

// New creates an empty database, applies every migration and returns a store
// on it; the database is dropped when the test ends.
func New(t testing.TB) *store.Store {
	t.Helper()
	st := NewEmpty(t)
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return st
}

// NewEmpty is New without the migrations.
func NewEmpty(t testing.TB) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	base := URL(t)
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		t.Fatalf("DATABASE_URL: %v", err)
	}
	admin, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	defer admin.Close(ctx)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	st, err := store.Open(ctx, WithDatabase(base, name))
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		st.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.ConnectConfig(ctx, mustParse(base))
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return st
}

// WithDatabase returns the connection string u pointing at database name.
func WithDatabase(u, name string) string {
	if parsed, err := url.Parse(u); err == nil && (parsed.Scheme == "postgres" || parsed.Scheme == "postgresql") {
		parsed.Path = "/" + name
		return parsed.String()
	}
	return u + " dbname=" + name
}

func mustParse(u string) *pgx.ConnConfig {
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		panic(err)
	}
	return cfg
}
