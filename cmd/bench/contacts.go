package main

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// insertContacts writes n contacts with COPY, in the shape the store's
// upsert_contact writes them (the seed's path), and returns their ids. The
// API's contact creation would also evaluate every triggered drip campaign
// for each contact, in a workflow of its own: 10,000 workflows on the
// server before the benchmark begins, and minutes of setup.
func insertContacts(ctx context.Context, db *pgxpool.Pool, n int) ([]string, error) {
	ids := make([]string, n)
	rows := make([][]any, n)
	for i := range n {
		ids[i] = uuid.NewString()
		rows[i] = []any{ids[i], fmt.Sprintf("P%06d", i), "Bench", fmt.Sprintf("b%06d@bench.example", i), "", "Other"}
	}
	_, err := db.CopyFrom(ctx, pgx.Identifier{"contacts"}, []string{"id", "first_name", "last_name", "email", "phone", "status"},
		pgx.CopyFromRows(rows))
	if err != nil {
		return nil, fmt.Errorf("insert contacts: %w", err)
	}
	return ids, nil
}
