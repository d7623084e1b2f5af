// Package benchdata loads the data sets Drumbeat's benchmarks measure on,
// with COPY, in the shape the store writes them: the Leads page benchmark
// (web) and the API at a million leads (cmd/bench).
package benchdata

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Values the benchmark's leads are made of.
var (
	firstNames  = []string{"Ann", "Anna", "Mark", "Maria", "Marta", "James", "John", "Joanne", "Hannah", "Omar", "Li", "Wei", "Sofia", "Lucas", "Emma", "Noah", "Olivia", "Liam", "Ava", "Mia", "Ethan", "Amir", "Fatima", "Yuki", "Kenji", "Priya", "Ravi", "Chloe", "Leo", "Zoe"}
	lastNames   = []string{"Smith", "Smithers", "Johnson", "Brown", "Martin", "Marquez", "Garcia", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Torres", "Parker"}
	sourceTypes = []string{"Conference", "Event Marketing", "Vendor List", "Web", "Referral", "Trade Show", "Partner", "Cold Call"}
	segments    = []string{"Starting Out", "Pre-Retirement", "Retirement", ""}
	concepts    = []string{"General Interest", "Retirement Income", "Mortgage Needs"}
	statuses    = []string{"New", "New", "New", "New", "Qualifying", "Qualifying", "Qualifying", "Qualified", "Qualified", "Archived"}
)

// LoadLeads COPYs n leads into the table as the store writes them (the
// columns of insert_lead, the score, the status and times a life cycle
// leaves), spread over two years and the owners, then analyzes the table.
// As a bulk load does, it drops the table's indexes first and builds them
// again afterwards from their own definitions (so the schema ends as the
// migrations made it): building an index once is many times faster than
// keeping it up to date row by row.
func LoadLeads(ctx context.Context, db *pgxpool.Pool, n int, owners []string) error {
	rows, err := db.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'leads'
		AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'leads'::regclass)`)
	if err != nil {
		return err
	}
	defs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Name, Def string }])
	if err != nil {
		return err
	}
	for _, d := range defs {
		if _, err := db.Exec(ctx, "DROP INDEX "+pgx.Identifier{d.Name}.Sanitize()); err != nil {
			return err
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now()
	i := 0
	cols := []string{"first_name", "last_name", "company", "position", "email", "phone", "phone_country", "market_segment",
		"sales_concept", "source", "source_type", "consent_to_contact", "address_city", "status", "score", "owner_id",
		"created_by", "converted_at", "created_at", "updated_at", "phone_display"}
	_, err = db.CopyFrom(ctx, pgx.Identifier{"leads"}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
		created := now.Add(-time.Duration(rng.Int64N(int64(730 * 24 * time.Hour))))
		updated := created.Add(time.Duration(rng.Int64N(int64(now.Sub(created)) + 1)))
		status := statuses[rng.IntN(len(statuses))]
		var converted *time.Time
		if status == "Qualified" {
			converted = &updated
		}
		phone, country := "", ""
		if rng.IntN(10) < 6 {
			phone, country = fmt.Sprintf("+1201555%04d", rng.IntN(10000)), "US"
		}
		owner := owners[rng.IntN(len(owners))]
		return []any{first, last, "Company " + strconv.Itoa(rng.IntN(5000)), "", fmt.Sprintf("%s.%s.%d@example.com", first, last, i),
			phone, country, segments[rng.IntN(len(segments))], concepts[rng.IntN(len(concepts))], "",
			sourceTypes[rng.IntN(len(sourceTypes))], rng.IntN(4) > 0, "Springfield", status, rng.IntN(101), owner,
			owners[rng.IntN(len(owners))], converted, created, updated, domain.PhoneDisplay(phone, country)}, nil
	}))
	if err != nil {
		return fmt.Errorf("copy leads: %w", err)
	}
	conn, err := db.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SET maintenance_work_mem = '256MB'"); err != nil {
		return err
	}
	for _, d := range defs {
		if _, err := conn.Exec(ctx, d.Def); err != nil {
			return fmt.Errorf("%s: %w", d.Def, err)
		}
	}
	_, err = conn.Exec(ctx, "VACUUM (ANALYZE) leads")
	return err
}
