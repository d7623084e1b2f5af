package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Lead list filters (the Leads workspace's saved filters).
const (
	LeadFilterAll    = "all"
	LeadFilterMine   = "mine"
	LeadFilterRecent = "recent"
	LeadFilterStale  = "stale"
)

// LeadQuery selects and orders leads for the list and the export.
type LeadQuery struct {
	Text        string   // words matched against first and last names
	Filter      string   // all, mine, recent, stale
	UserID      string   // the current user, for mine/recent/stale
	OwnerIDs    []string // chips
	Statuses    []string
	SourceTypes []string
	ScoreMin    *int
	ScoreMax    *int
	Test        string // test leads: "" or "exclude" (default), "include", "only"
	Sort        string // column, "-" prefix for descending
	Cursor      string
	Limit       int
}

// leadSorts maps a sort name to its column and the SQL type of its cursor value.
var leadSorts = map[string][2]string{
	"id": {"id", "bigint"}, "created_at": {"created_at", "timestamptz"}, "updated_at": {"updated_at", "timestamptz"},
	"score": {"score", "integer"}, "last_name": {"last_name", "text"}, "first_name": {"first_name", "text"},
}

// LeadTestValid reports whether a test-leads choice is known.
func LeadTestValid(t string) bool {
	return t == "" || t == "exclude" || t == "include" || t == "only"
}

// LeadSortValid reports whether a sort parameter names a sortable column.
func LeadSortValid(sort string) bool {
	_, ok := leadSorts[strings.TrimPrefix(sort, "-")]
	return ok
}

// LeadFilterValid reports whether a filter name is known.
func LeadFilterValid(f string) bool {
	switch f {
	case "", LeadFilterAll, LeadFilterMine, LeadFilterRecent, LeadFilterStale:
		return true
	}
	return false
}

func sortValue(l domain.Lead, col string) string {
	switch col {
	case "created_at":
		return l.CreatedAt.Format(time.RFC3339Nano)
	case "updated_at":
		return l.UpdatedAt.Format(time.RFC3339Nano)
	case "score":
		return strconv.Itoa(l.Score)
	case "last_name":
		return l.LastName
	case "first_name":
		return l.FirstName
	}
	return strconv.FormatInt(l.ID, 10)
}

// LeadCursor is the cursor that continues a list after lead l: its sort
// column's value, as text, and its id (domain.EncodeCursor).
func LeadCursor(l domain.Lead, sort string) string {
	col := strings.TrimPrefix(sort, "-")
	return domain.EncodeCursor(sortValue(l, col), l.ID)
}

// decodeCursor reads a LeadCursor for a list sorted by a column of SQL type
// typ, or answers domain.InvalidCursor: its value must read back as that
// type (a cursor made for another sort, or forged, never reaches
// PostgreSQL as a cast that fails) and its id must be a lead id.
func decodeCursor(c, typ string) (string, int64, error) {
	var v string
	var id json.Number
	if err := domain.DecodeCursor(c, &v, &id); err != nil {
		return "", 0, err
	}
	v, ok := cursorValue(v, typ)
	n, idOK := domain.ParseInt(id.String(), 1, math.MaxInt64)
	if !ok || !idOK {
		return "", 0, domain.InvalidCursor()
	}
	return v, n, nil
}

// cursorValue returns a cursor's sort value as its column's SQL type reads
// it, or false when it is not one.
func cursorValue(v, typ string) (string, bool) {
	switch typ {
	case "bigint":
		_, ok := domain.ParseInt(v, math.MinInt64, math.MaxInt64)
		return v, ok
	case "integer":
		_, ok := domain.ParseInt(v, math.MinInt32, math.MaxInt32)
		return v, ok
	case "timestamptz":
		t, err := time.Parse(time.RFC3339Nano, v)
		t = t.UTC() // PostgreSQL has no year 0 and bounds zone offsets
		return t.Format(time.RFC3339Nano), err == nil && t.Year() >= 1
	}
	return v, domain.TextProblem(v) == ""
}

// leadSQL builds the WHERE and ORDER BY of a lead query.
func leadSQL(lq LeadQuery) (string, []any, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	// A word has no space, so matching "first last" is matching the first or
	// the last name. search_name is that name in lower case (a generated
	// column), the one leads_created_idx and leads_name_trgm_idx hold; the
	// word is lowered by the same function, so LIKE matches as ILIKE would.
	for _, w := range strings.Fields(lq.Text) {
		p := arg("%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(w) + "%")
		where = append(where, "search_name LIKE lower("+p+")")
	}
	switch lq.Filter {
	case LeadFilterMine:
		where = append(where, "created_by = "+arg(lq.UserID)+"::uuid")
	case LeadFilterRecent:
		where = append(where, "owner_id = "+arg(lq.UserID)+"::uuid AND status IN ('New', 'Qualifying') AND created_at >= now() - interval '7 days'")
	case LeadFilterStale:
		where = append(where, "owner_id = "+arg(lq.UserID)+"::uuid AND status NOT IN ('Qualified', 'Archived') AND updated_at < now() - interval '7 days'")
	}
	switch lq.Test {
	case "include":
	case "only":
		where = append(where, "is_test")
	default:
		where = append(where, "NOT is_test")
	}
	if len(lq.OwnerIDs) > 0 {
		where = append(where, "owner_id = ANY("+arg(lq.OwnerIDs)+"::uuid[])")
	}
	if len(lq.Statuses) > 0 {
		where = append(where, "status = ANY("+arg(lq.Statuses)+"::text[])")
	}
	if len(lq.SourceTypes) > 0 {
		where = append(where, "source_type = ANY("+arg(lq.SourceTypes)+"::text[])")
	}
	if lq.ScoreMin != nil {
		where = append(where, "score >= "+arg(*lq.ScoreMin))
	}
	if lq.ScoreMax != nil {
		where = append(where, "score <= "+arg(*lq.ScoreMax))
	}
	sort := lq.Sort
	if sort == "" {
		sort = "-created_at"
	}
	desc := strings.HasPrefix(sort, "-")
	spec, ok := leadSorts[strings.TrimPrefix(sort, "-")]
	if !ok {
		return "", nil, &domain.ValidationError{Fields: []domain.FieldError{{Field: "sort", Message: "is not a sortable column"}}}
	}
	cmp, dir := ">", "ASC"
	if desc {
		cmp, dir = "<", "DESC"
	}
	if lq.Cursor != "" {
		v, id, err := decodeCursor(lq.Cursor, spec[1])
		if err != nil {
			return "", nil, err
		}
		where = append(where, fmt.Sprintf("(%s, id) %s (%s::%s, %s::bigint)", spec[0], cmp, arg(v), spec[1], arg(id)))
	}
	order := fmt.Sprintf("\nORDER BY %s %s, id %s", spec[0], dir, dir)
	cond := ""
	if len(where) > 0 {
		cond = "\nWHERE " + strings.Join(where, "\n  AND ")
	}
	sql := q("select_leads")
	// The page size is written into the statement, not passed as a
	// parameter: PostgreSQL plans "LIMIT $n" for an unknown share of the
	// rows, so the generic plan of a prepared statement always looks dearer
	// than a custom one and every run would be planned again (a quarter of
	// PostgreSQL's CPU on the lead list at a million leads). With the limit
	// known, a list's plan is made once per connection and page size.
	limit := "\nLIMIT " + strconv.Itoa(lq.Limit)
	if lq.Text != "" && lq.Limit > 0 {
		// A page of a text search picks its ids first, so the walk can read
		// the index alone (leads_created_idx holds search_name); only the
		// page's rows are then read from the table.
		return sql + "\nWHERE id IN (SELECT id FROM leads" + cond + order + limit + ")" + order, args, nil
	}
	sql += cond + order
	if lq.Limit > 0 {
		sql += limit
	}
	return sql, args, nil
}

// ListLeads lists one page of leads.
func (s *Store) ListLeads(ctx context.Context, lq LeadQuery) ([]domain.Lead, error) {
	sql, args, err := leadSQL(lq)
	if err != nil {
		return nil, err
	}
	if lq.Text != "" {
		// A text search is planned for its own words. A prepared statement
		// would switch to a generic plan after five runs, which estimates a
		// match on any parameter as rare and so reads every match of the
		// trigram index and sorts them (6,666 heap rows for "ann smi" at a
		// million leads, 12-48 ms) where the plan made for the words walks
		// the newest-first index to the page (3.6 ms). An unnamed statement
		// is planned with its values, in the same single round trip.
		args = append([]any{pgx.QueryExecModeExec}, args...)
	}
	rows, err := s.pool.Query(ctx, sql, args...)
	if err == nil {
		// The page is read into a slice of its size, not grown lead by lead.
		var leads []domain.Lead
		leads, err = pgx.AppendRows(make([]domain.Lead, 0, lq.Limit), rows,
			func(r pgx.CollectableRow) (domain.Lead, error) { return scanLead(r) })
		if err == nil {
			return leads, nil
		}
	}
	if lq.Cursor != "" {
		// A cursor's key that PostgreSQL cannot read as the sort column (one
		// made for another sort, or forged) is the caller's mistake.
		err = badCursor(err)
	}
	return nil, err
}

// EachLead calls fn for every lead the query selects, reading them through a
// server-side cursor a chunk at a time, so memory stays constant however
// many leads there are. The query's Limit and Cursor are ignored.
func (s *Store) EachLead(ctx context.Context, lq LeadQuery, fn func(domain.Lead) error) error {
	lq.Limit, lq.Cursor = 0, ""
	sql, args, err := leadSQL(lq)
	if err != nil {
		return err
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := tx.Exec(ctx, "DECLARE lead_export NO SCROLL CURSOR FOR "+sql, args...); err != nil {
		return err
	}
	for {
		rows, err := tx.Query(ctx, "FETCH 500 FROM lead_export")
		if err != nil {
			return err
		}
		leads, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Lead, error) { return scanLead(r) })
		if err != nil {
			return err
		}
		for _, l := range leads {
			if err := fn(l); err != nil {
				return err
			}
		}
		if len(leads) < 500 {
			return nil
		}
	}
}
