package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateCampaign inserts a campaign in stage planning with its workflow definition.
func (s *Store) CreateCampaign(ctx context.Context, id, createdBy string, in domain.CampaignInput, def domain.WorkflowDef) error {
	_, err := s.pool.Exec(ctx, q("insert_campaign"), id, in.Name, in.Priority, nullable(in.ManagerID),
		in.StartDate, in.EndDate, nullable(in.FolderID), in.AllocationModel, in.AllocationRole,
		in.Description, in.Security, def, nullable(createdBy))
	if isForeignKeyViolation(err) {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "manager_id", Message: "no such user"}}}
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
		&c.Workflow, &c.CreatedAt, &c.UpdatedAt)
	return c, notFound(err)
}

// SetCampaignStage moves a campaign from one stage to another. Repeating a
// move that already happened succeeds, so a retried activity is harmless;
// any other mismatch is a *domain.TransitionError.
func (s *Store) SetCampaignStage(ctx context.Context, id string, from, to domain.Stage) error {
	tag, err := s.pool.Exec(ctx, q("set_campaign_stage"), id, from, to)
	if err != nil || tag.RowsAffected() == 1 {
		return err
	}
	var cur domain.Stage
	if err := s.pool.QueryRow(ctx, q("campaign_stage"), id).Scan(&cur); err != nil {
		return notFound(err)
	}
	if cur == to {
		return nil
	}
	return cur.CanMove(to)
}
