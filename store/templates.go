package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// templateDefinition is what a template row stores: the statuses only.
type templateDefinition struct {
	Statuses []domain.ParticipantStatus `json:"statuses"`
}

func ensureDefaultTemplate(ctx context.Context, tx pgx.Tx) error {
	def := domain.DefaultWorkflow()
	_, err := tx.Exec(ctx, q("ensure_default_template"), domain.DefaultTemplateID, def.Template,
		"The workflow every new campaign starts with.", templateDefinition{Statuses: def.Statuses})
	return err
}

func scanTemplate(row pgx.Row) (domain.WorkflowTemplate, error) {
	var t domain.WorkflowTemplate
	var def templateDefinition
	err := row.Scan(&t.ID, &t.Name, &t.Description, &t.Version, &def, &t.CreatedAt, &t.UpdatedAt)
	t.Statuses = def.Statuses
	return t, notFound(err)
}

// DefaultTemplate returns the "Default campaign workflow" template, creating
// it on first use.
func (s *Store) DefaultTemplate(ctx context.Context) (domain.WorkflowTemplate, error) {
	var t domain.WorkflowTemplate
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		if err := ensureDefaultTemplate(ctx, tx); err != nil {
			return err
		}
		var err error
		t, err = scanTemplate(tx.QueryRow(ctx, q("get_template"), domain.DefaultTemplateID))
		return err
	})
	return t, err
}

// ListTemplates returns every template by name, the default one included.
func (s *Store) ListTemplates(ctx context.Context) ([]domain.WorkflowTemplate, error) {
	if _, err := s.DefaultTemplate(ctx); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, q("list_templates"))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.WorkflowTemplate, error) { return scanTemplate(r) })
}

// GetTemplate reads one template.
func (s *Store) GetTemplate(ctx context.Context, id string) (domain.WorkflowTemplate, error) {
	if id == domain.DefaultTemplateID {
		return s.DefaultTemplate(ctx)
	}
	return scanTemplate(s.pool.QueryRow(ctx, q("get_template"), id))
}

var duplicateTemplate = &domain.ConflictError{Reason: "a workflow template with this name exists already"}

// CreateTemplate inserts a template at version 1.
func (s *Store) CreateTemplate(ctx context.Context, id string, in domain.WorkflowTemplateInput) error {
	_, err := s.pool.Exec(ctx, q("insert_template"), id, in.Name, in.Description, templateDefinition{Statuses: in.Statuses})
	if isUniqueViolation(err) {
		return duplicateTemplate
	}
	return err
}

// UpdateTemplate replaces a template and increments its version.
func (s *Store) UpdateTemplate(ctx context.Context, id string, in domain.WorkflowTemplateInput) error {
	if _, err := s.GetTemplate(ctx, id); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, q("update_template"), id, in.Name, in.Description, templateDefinition{Statuses: in.Statuses})
	if isUniqueViolation(err) {
		return duplicateTemplate
	}
	if err == nil && tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return err
}

// DeleteTemplate deletes a template; campaigns that copied it keep their
// copy but can no longer reload it. Whether it may be deleted is the
// caller's question (domain.CanDeleteTemplate).
func (s *Store) DeleteTemplate(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, q("delete_template"), id)
	if err == nil && tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return err
}

// CampaignWorkflow is a campaign's own workflow definition with its link to
// the template it was loaded from.
type CampaignWorkflow struct {
	Stage      domain.Stage
	Def        domain.WorkflowDef
	TemplateID string
	// LatestVersion is the template's current version (0 without a template).
	LatestVersion int
}

func scanCampaignWorkflow(row pgx.Row) (CampaignWorkflow, error) {
	var w CampaignWorkflow
	err := row.Scan(&w.Stage, &w.Def, &w.TemplateID, &w.LatestVersion)
	return w, notFound(err)
}

// GetCampaignWorkflow reads a campaign's workflow definition.
func (s *Store) GetCampaignWorkflow(ctx context.Context, campaignID string) (CampaignWorkflow, error) {
	return scanCampaignWorkflow(s.pool.QueryRow(ctx, q("campaign_workflow"), campaignID))
}

// workflowChange computes a campaign's new workflow from its current one; it
// returns the definition and the template id to link (may be "").
type workflowChange func(ctx context.Context, tx pgx.Tx, cur CampaignWorkflow) (domain.WorkflowDef, string, error)

// PutCampaignWorkflow replaces a campaign's statuses (customising its copy);
// the link to its template and the version it loaded stay.
func (s *Store) PutCampaignWorkflow(ctx context.Context, campaignID string, statuses []domain.ParticipantStatus) error {
	return s.changeCampaignWorkflow(ctx, campaignID, func(_ context.Context, _ pgx.Tx, cur CampaignWorkflow) (domain.WorkflowDef, string, error) {
		def := cur.Def
		def.Statuses = statuses
		return def, cur.TemplateID, nil
	})
}

// SelectCampaignTemplate loads a template's current version into a campaign,
// replacing every status's configuration.
func (s *Store) SelectCampaignTemplate(ctx context.Context, campaignID, templateID string) error {
	return s.changeCampaignWorkflow(ctx, campaignID, func(ctx context.Context, tx pgx.Tx, _ CampaignWorkflow) (domain.WorkflowDef, string, error) {
		if templateID == domain.DefaultTemplateID {
			// The default template is created on first use.
			if err := ensureDefaultTemplate(ctx, tx); err != nil {
				return domain.WorkflowDef{}, "", err
			}
		}
		t, err := scanTemplate(tx.QueryRow(ctx, q("get_template"), templateID))
		if errors.Is(err, domain.ErrNotFound) {
			return domain.WorkflowDef{}, "", &domain.ValidationError{Fields: []domain.FieldError{{Field: "template_id", Message: "no such workflow template"}}}
		}
		return t.Def(), t.ID, err
	})
}

// ReloadCampaignTemplate loads the newer version of the campaign's template,
// replacing every status's configuration. It is refused when the template
// has not changed since the campaign loaded it.
func (s *Store) ReloadCampaignTemplate(ctx context.Context, campaignID string) error {
	return s.changeCampaignWorkflow(ctx, campaignID, func(ctx context.Context, tx pgx.Tx, cur CampaignWorkflow) (domain.WorkflowDef, string, error) {
		if cur.TemplateID == "" {
			return domain.WorkflowDef{}, "", domain.ErrNoTemplate
		}
		t, err := scanTemplate(tx.QueryRow(ctx, q("get_template"), cur.TemplateID))
		if err != nil {
			return domain.WorkflowDef{}, "", err
		}
		if err := cur.Def.CanReload(t); err != nil {
			return domain.WorkflowDef{}, "", err
		}
		return t.Def(), t.ID, nil
	})
}

// changeCampaignWorkflow replaces the workflow definition of a campaign's
// current version under a row lock. It refuses (writing nothing) a frozen
// version (Published, Sundown, Deleted), a cancelled campaign and a
// definition that lacks a status the version's participants are in.
// Participants already running keep the definition they started with.
func (s *Store) changeCampaignWorkflow(ctx context.Context, campaignID string, change workflowChange) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		cur, err := scanCampaignWorkflow(tx.QueryRow(ctx, q("lock_campaign_workflow"), campaignID))
		if err != nil {
			return err
		}
		if err := cur.Stage.CanChangeWorkflow(); err != nil {
			return err
		}
		v, err := editCurrentVersion(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		def, templateID, err := change(ctx, tx, cur)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, q("campaign_statuses_in_use"), campaignID, v.Version)
		if err != nil {
			return err
		}
		inUse, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		if err := def.KeepsStatuses(inUse); err != nil {
			return err
		}
		if _, err = tx.Exec(ctx, q("set_campaign_workflow"), campaignID, def, nullable(templateID)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, q("set_version_workflow"), campaignID, v.Version, def)
		return err
	})
}
