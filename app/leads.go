package app

import (
	"context"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// Leads are records without a process of their own: PostgreSQL owns them,
// and these operations change them in transactions (store.ChangeLead locks
// the lead and the rule is decided on its current state). Bulk work runs as
// batch processes (StartBatch).

// CreateLead adds a lead owned by its creator: the input is normalized and
// checked once, with the company required in B2B mode.
func (s *Service) CreateLead(ctx context.Context, actor domain.User, in domain.LeadInput) (domain.Lead, error) {
	b2b, err := s.st.LeadSettings(ctx)
	if err != nil {
		return domain.Lead{}, err
	}
	if in, err = in.Normalize(b2b); err != nil {
		return domain.Lead{}, err
	}
	return s.st.CreateLead(ctx, in, actor, "")
}

// UpdateLead edits a lead: the patch is applied to the lead as it is in the
// transaction (domain.LeadPatch.ApplyTo decides). An edit that changes
// nothing writes nothing.
func (s *Service) UpdateLead(ctx context.Context, actor domain.User, id int64, p domain.LeadPatch) (domain.Lead, error) {
	b2b, err := s.st.LeadSettings(ctx)
	if err != nil {
		return domain.Lead{}, err
	}
	return s.st.ChangeLead(ctx, id, actor.ID, "update", func(_ context.Context, _ pgx.Tx, l *domain.Lead) error {
		return p.ApplyTo(l, b2b)
	})
}

// LeadListInput is the lead list's search, filter, chips, sort and page as
// both front ends receive them (query parameters).
type LeadListInput struct {
	Q           string
	Filter      string // all (""), mine, recent, stale
	Owners      []string
	Statuses    []string
	SourceTypes []string
	ScoreMin    string
	ScoreMax    string
	Test        string // exclude (""), include, only
	Sort        string // "" is -created_at
	Cursor      string
	// Limit is the page size, checked by the front end (0: 50).
	Limit int
}

// LeadSortFields are the columns the lead list sorts by.
var LeadSortFields = []string{"id", "created_at", "updated_at", "score", "last_name", "first_name"}

// Query checks the input and returns the store's query for the actor.
func (in LeadListInput) Query(actor domain.User) (store.LeadQuery, error) {
	lq := store.LeadQuery{Text: in.Q, Filter: in.Filter, UserID: actor.ID, OwnerIDs: in.Owners, Statuses: in.Statuses,
		SourceTypes: in.SourceTypes, Test: in.Test, Sort: in.Sort, Cursor: in.Cursor, Limit: in.Limit}
	if lq.Filter == "" {
		lq.Filter = store.LeadFilterAll
	}
	if lq.Sort == "" {
		lq.Sort = "-created_at"
	}
	if lq.Limit <= 0 {
		lq.Limit = 50
	}
	var v domain.Validator
	v.MaxLen("q", lq.Text, domain.MaxSearchLength)
	v.Check(store.LeadFilterValid(lq.Filter), "filter", "must be all, mine, recent or stale")
	v.Check(store.LeadTestValid(lq.Test), "test", "must be exclude (the default), include or only")
	v.Check(store.LeadSortValid(lq.Sort), "sort", "must be one of %s (- for descending)", strings.Join(LeadSortFields, ", "))
	for _, o := range lq.OwnerIDs {
		v.Check(domain.IsUUID(o), "owner", "%q is not a user id", o)
	}
	for _, st := range lq.Statuses {
		v.Check(domain.LeadStatusKnown(st), "status", "%q is not a lead status", st)
	}
	for name, raw := range map[string]string{"score_min": in.ScoreMin, "score_max": in.ScoreMax} {
		if raw == "" {
			continue
		}
		n, ok := domain.ParseInt(raw, math.MinInt32, math.MaxInt32)
		v.Check(ok, name, "must be a whole number from %d to %d", math.MinInt32, math.MaxInt32)
		score := int(n)
		if name == "score_min" {
			lq.ScoreMin = &score
		} else {
			lq.ScoreMax = &score
		}
	}
	return lq, v.Err()
}

// LeadPage is one page of the lead list; NextCursor continues it ("" on
// the last page).
type LeadPage struct {
	Items      []domain.Lead
	NextCursor string
}

// ListLeads lists a page of leads: every lead user sees every lead; the
// filters mine, recent and stale are relative to the actor.
func (s *Service) ListLeads(ctx context.Context, actor domain.User, in LeadListInput) (LeadPage, error) {
	lq, err := in.Query(actor)
	if err != nil {
		return LeadPage{}, err
	}
	limit := lq.Limit
	lq.Limit = limit + 1
	ls, err := s.st.ListLeads(ctx, lq)
	if err != nil {
		return LeadPage{}, err
	}
	out := LeadPage{Items: ls}
	if len(ls) > limit {
		out.Items = ls[:limit]
		out.NextCursor = store.LeadCursor(ls[limit-1], lq.Sort)
	}
	return out, nil
}

// LeadAudit reads a page of a lead's audit trail (oldest first, after the
// entry afterID); the trail of a lead that no longer exists is not shown.
func (s *Service) LeadAudit(ctx context.Context, actor domain.User, id, afterID int64, limit int) ([]domain.AuditEntry, error) {
	if _, err := s.st.GetLead(ctx, id); err != nil {
		return nil, err
	}
	return s.st.LeadAudit(ctx, id, afterID, limit)
}
