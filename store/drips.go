package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func scanDripCampaign(row pgx.CollectableRow) (domain.DripCampaign, error) {
	var d domain.DripCampaign
	err := row.Scan(&d.ID, &d.Name, &d.Description, &d.Active, &d.Steps, &d.Trigger, &d.CreatedAt, &d.UpdatedAt,
		&d.Sender.FromName, &d.Sender.FromAddress, &d.Sender.ReplyTo, &d.SendWindow, &d.OverCap)
	return d, err
}

func (s *Store) dripCampaigns(ctx context.Context, query string, args ...any) ([]domain.DripCampaign, error) {
	rows, err := s.pool.Query(ctx, q(query), args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanDripCampaign)
}

// CreateDripCampaign inserts a drip campaign definition.
func (s *Store) CreateDripCampaign(ctx context.Context, id, createdBy string, in domain.DripCampaignInput) error {
	_, err := s.pool.Exec(ctx, q("insert_drip_campaign"), id, in.Name, in.Description, *in.Active, in.Steps,
		in.Trigger, nullable(createdBy), in.Sender.FromName, in.Sender.FromAddress, in.Sender.ReplyTo, in.SendWindow,
		domain.NormalizeOverCap(in.OverCap))
	return err
}

// UpdateDripCampaign replaces a drip campaign definition.
func (s *Store) UpdateDripCampaign(ctx context.Context, id string, in domain.DripCampaignInput) error {
	tag, err := s.pool.Exec(ctx, q("update_drip_campaign"), id, in.Name, in.Description, *in.Active, in.Steps, in.Trigger,
		in.Sender.FromName, in.Sender.FromAddress, in.Sender.ReplyTo, in.SendWindow, domain.NormalizeOverCap(in.OverCap))
	if err == nil && tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return err
}

// GetDripCampaign reads one drip campaign.
func (s *Store) GetDripCampaign(ctx context.Context, id string) (domain.DripCampaign, error) {
	rows, err := s.pool.Query(ctx, q("get_drip_campaign"), id)
	if err != nil {
		return domain.DripCampaign{}, err
	}
	d, err := pgx.CollectExactlyOneRow(rows, scanDripCampaign)
	return d, notFound(err)
}

// ListDripCampaigns lists every drip campaign by name.
func (s *Store) ListDripCampaigns(ctx context.Context) ([]domain.DripCampaign, error) {
	return s.dripCampaigns(ctx, "list_drip_campaigns")
}

// TriggeredDripCampaigns lists the active drip campaigns that have trigger criteria.
func (s *Store) TriggeredDripCampaigns(ctx context.Context) ([]domain.DripCampaign, error) {
	return s.dripCampaigns(ctx, "triggered_drip_campaigns")
}

// AvailableDripCampaigns lists the active drip campaigns a contact can be
// started on: never started for it, or removed.
func (s *Store) AvailableDripCampaigns(ctx context.Context, contactID string) ([]domain.DripCampaign, error) {
	return s.dripCampaigns(ctx, "available_drip_campaigns", contactID)
}

// DeleteDripCampaign deletes a drip campaign and its finished or removed
// enrollments. It is refused while any enrollment still runs.
func (s *Store) DeleteDripCampaign(ctx context.Context, id string) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		var got string
		if err := tx.QueryRow(ctx, q("lock_drip_campaign"), id).Scan(&got); err != nil {
			return notFound(err)
		}
		var live int
		if err := tx.QueryRow(ctx, q("live_drip_enrollments_count"), id).Scan(&live); err != nil {
			return err
		}
		if live > 0 {
			return &domain.ConflictError{Reason: "the drip campaign still runs for some contacts; remove those enrollments or deactivate it instead"}
		}
		_, err := tx.Exec(ctx, q("delete_drip_campaign"), id)
		return err
	})
}

func scanEnrollment(row pgx.CollectableRow) (domain.DripEnrollment, error) {
	var e domain.DripEnrollment
	err := row.Scan(&e.CampaignID, &e.CampaignName, &e.ContactID, &e.Enrollment, &e.Origin, &e.Status, &e.StartDate,
		&e.FinishDate, &e.StepsTotal, &e.StepsDone, &e.UpdatedAt, &e.UnsubscribedAt)
	return e, err
}

// ListDripEnrollments lists a contact's drip enrollments, newest first.
func (s *Store) ListDripEnrollments(ctx context.Context, contactID string) ([]domain.DripEnrollment, error) {
	rows, err := s.pool.Query(ctx, q("list_drip_enrollments"), contactID, nil)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanEnrollment)
}

// GetDripEnrollment reads a contact's enrollment in one drip campaign.
func (s *Store) GetDripEnrollment(ctx context.Context, campaignID, contactID string) (domain.DripEnrollment, error) {
	rows, err := s.pool.Query(ctx, q("list_drip_enrollments"), contactID, campaignID)
	if err != nil {
		return domain.DripEnrollment{}, err
	}
	e, err := pgx.CollectExactlyOneRow(rows, scanEnrollment)
	return e, notFound(err)
}

// DripSteps lists the steps of a contact's enrollment in a drip campaign.
func (s *Store) DripSteps(ctx context.Context, campaignID, contactID string) ([]domain.DripStepState, error) {
	rows, err := s.pool.Query(ctx, q("list_drip_steps"), campaignID, contactID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.DripStepState, error) {
		var st domain.DripStepState
		err := r.Scan(&st.Step, &st.Name, &st.Action, &st.Status, &st.DueAt, &st.DoneAt, &st.LastRunAt, &st.Runs, &st.Result)
		return st, err
	})
}
