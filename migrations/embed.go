// Package migrations holds Drumbeat's numbered SQL schema migrations,
// embedded in the binary. File names are NNNN_name.sql; each file runs in one
// transaction and is recorded in schema_migrations once applied.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
