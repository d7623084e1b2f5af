package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateCampaign inserts a campaign in stage planning with its workflow
// definition, linked to the template the definition names (if it exists).
func (s *Store) CreateCampaign(ctx context.Context, id, createdBy string, in domain.CampaignInput, def domain.WorkflowDef) error {
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		if err := ensureDefaultTemplate(ctx, tx); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, q("insert_campaign"), id, in.Name, in.Priority, nullable(in.ManagerID),
			in.StartDate, in.EndDate, nullable(in.FolderID), in.AllocationModel, in.AllocationRole,
			in.Description, in.Security, def, nullable(createdBy))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, q("insert_first_version"), id, def)
		return err
	})
	if isForeignKeyViolation(err) {
		return noSuchManager
	}
	return err
}

var noSuchManager = &domain.ValidationError{Fields: []domain.FieldError{{Field: "manager_id", Message: "no such user"}}}

// UpdateCampaign applies a change to a campaign's user-settable fields under
// a row lock: change receives the current campaign and returns the new
// fields (or an error, which writes nothing). The stage is never written.
func (s *Store) UpdateCampaign(ctx context.Context, id string, change func(domain.Campaign) (domain.CampaignInput, error)) error {
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		cur, err := scanCampaign(tx.QueryRow(ctx, q("lock_campaign"), id))
		if err != nil {
			return err
		}
		in, err := change(cur)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, q("update_campaign"), id, in.Name, in.Priority, nullable(in.ManagerID),
			in.StartDate, in.EndDate, nullable(in.FolderID), in.AllocationModel, in.AllocationRole,
			in.Description, in.Security)
		return err
	})
	if isForeignKeyViolation(err) {
		return noSuchManager
	}
	return err
}

// DeleteCampaign deletes a campaign with its participants and team. A
// campaign in progress is refused with a *domain.ConflictError: complete or
// cancel it first. Its opportunities and activities stay, unlinked.
func (s *Store) DeleteCampaign(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, q("delete_campaign"), id)
	if err != nil || tag.RowsAffected() == 1 {
		return err
	}
	cur, err := s.campaignStage(ctx, id)
	if err != nil {
		return err
	}
	return cur.CanDelete()
}

// CampaignListItem is a campaign in a list, with its sort key for the cursor.
type CampaignListItem struct {
	domain.Campaign
	SortKey string
}

// campaignSortSQL maps each sort field to its SQL expression and type. A
// campaign without a start date sorts after every dated one.
var campaignSortSQL = map[string][2]string{
	domain.SortName:      {"lower(c.name)", "text"},
	domain.SortPriority:  {"c.priority", "text"},
	domain.SortStartDate: {"coalesce(c.start_date, 'infinity'::date)", "date"},
	domain.SortCreatedAt: {"c.created_at", "timestamptz"},
}

// ListCampaigns returns up to f.Limit campaigns matching f, after f.After.
func (s *Store) ListCampaigns(ctx context.Context, f domain.CampaignFilter) ([]CampaignListItem, error) {
	expr, ok := campaignSortSQL[f.Sort.Field]
	if !ok {
		return nil, fmt.Errorf("store: unknown campaign sort %q", f.Sort.Field)
	}
	cmp, dir := ">", "ASC"
	if f.Sort.Desc {
		cmp, dir = "<", "DESC"
	}
	sql := strings.NewReplacer("{{key}}", expr[0], "{{type}}", expr[1], "{{cmp}}", cmp, "{{dir}}", dir).
		Replace(q("list_campaigns"))
	var afterKey, afterID any
	if f.After != nil {
		afterKey, afterID = f.After.Key, f.After.ID
	}
	args := append([]any{f.Search, nullable(f.ManagerID), string(f.Stage), string(f.Priority),
		afterKey, afterID, f.Limit}, viewerArgs(f.Viewer)...)
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, badCursor(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (CampaignListItem, error) {
		var c CampaignListItem
		err := r.Scan(&c.ID, &c.Name, &c.Priority, &c.Stage, &c.ManagerID, &c.StartDate, &c.EndDate,
			&c.FolderID, &c.AllocationModel, &c.AllocationRole, &c.Description, &c.Security,
			&c.Workflow, &c.Version, &c.VersionStatus, &c.TestRecipients, &c.CreatedAt, &c.UpdatedAt, &c.SortKey)
		return c, err
	})
	return out, badCursor(err)
}

// badCursor reports a cursor whose key PostgreSQL cannot read back (class 22,
// data exception: a forged or damaged cursor) as invalid input.
func badCursor(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && strings.HasPrefix(pgErr.Code, "22") {
		return domain.InvalidCursor()
	}
	return err
}

// GetCampaign reads one campaign.
func (s *Store) GetCampaign(ctx context.Context, id string) (domain.Campaign, error) {
	return scanCampaign(s.pool.QueryRow(ctx, q("get_campaign"), id))
}

func scanCampaign(row pgx.Row) (domain.Campaign, error) {
	var c domain.Campaign
	err := row.Scan(&c.ID, &c.Name, &c.Priority, &c.Stage, &c.ManagerID, &c.StartDate, &c.EndDate,
		&c.FolderID, &c.AllocationModel, &c.AllocationRole, &c.Description, &c.Security,
		&c.Workflow, &c.Version, &c.VersionStatus, &c.TestRecipients, &c.CreatedAt, &c.UpdatedAt)
	return c, notFound(err)
}

// SetCampaignStage moves a campaign from one stage to another. Repeating a
// move that already happened succeeds, so a retried activity is harmless;
// any other mismatch is a *domain.TransitionError.
//
// A campaign that ends (completed or cancelled) sends nothing more: its
// emails still waiting for a later moment are cancelled.
func (s *Store) SetCampaignStage(ctx context.Context, id string, from, to domain.Stage) error {
	tag, err := s.pool.Exec(ctx, q("set_campaign_stage"), id, from, to)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		var cur domain.Stage
		if err := s.pool.QueryRow(ctx, q("campaign_stage"), id).Scan(&cur); err != nil {
			return notFound(err)
		}
		if cur != to {
			return cur.CanMove(to)
		}
	}
	if to == domain.StageCompleted || to == domain.StageCancelled {
		_, err = s.pool.Exec(ctx, q("cancel_waiting_campaign_emails"), id, "the campaign is "+string(to))
	}
	return err
}
