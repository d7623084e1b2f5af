package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CreatePlanTemplate stores an activity plan template.
func (s *Store) CreatePlanTemplate(ctx context.Context, t domain.PlanTemplate) error {
	_, err := s.pool.Exec(ctx, q("insert_plan_template"), t.ID, t.Name, t.Active, t.Steps)
	return err
}

// PatchPlanTemplate changes the fields of a normalized, validated patch and
// returns the template as it is then.
func (s *Store) PatchPlanTemplate(ctx context.Context, id string, p domain.PlanTemplatePatch) (domain.PlanTemplate, error) {
	var steps any // NULL keeps the steps
	if p.Steps != nil {
		steps = *p.Steps
	}
	return scanPlanTemplate(s.pool.QueryRow(ctx, q("patch_plan_template"), id, p.Name, steps, p.Active))
}

func scanPlanTemplate(r pgx.Row) (domain.PlanTemplate, error) {
	var t domain.PlanTemplate
	var raw []byte
	err := r.Scan(&t.ID, &t.Name, &t.Active, &raw, &t.CreatedAt)
	if err == nil {
		err = json.Unmarshal(raw, &t.Steps)
	}
	return t, notFound(err)
}

// GetPlanTemplate reads one activity plan template.
func (s *Store) GetPlanTemplate(ctx context.Context, id string) (domain.PlanTemplate, error) {
	return scanPlanTemplate(s.pool.QueryRow(ctx, q("get_plan_template"), id))
}

// ListPlanTemplates lists the activity plan templates by name.
func (s *Store) ListPlanTemplates(ctx context.Context) ([]domain.PlanTemplate, error) {
	rows, err := s.pool.Query(ctx, q("list_plan_templates"))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.PlanTemplate, error) { return scanPlanTemplate(r) })
}

// ContactActivities reads a page of a contact's activities, newest first;
// those of campaigns the user may not see are left out.
func (s *Store) ContactActivities(ctx context.Context, u domain.User, contactID string, r domain.PageRequest) (domain.Page[domain.Activity], error) {
	return newestPage(r, func(a domain.Activity) (time.Time, string) { return a.CreatedAt, a.ID },
		func(beforeAt *time.Time, beforeID string, limit int) ([]domain.Activity, error) {
			args := append([]any{contactID, beforeAt, nullable(beforeID), limit}, viewerArgs(u)...)
			rows, err := s.pool.Query(ctx, q("contact_activities"), args...)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Activity, error) {
				var a domain.Activity
				err := r.Scan(&a.ID, &a.ContactID, &a.CampaignID, &a.Kind, &a.OwnerID, &a.Subject, &a.Details, &a.DueAt, &a.CreatedAt)
				return a, err
			})
		})
}
