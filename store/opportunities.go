package store

import (
	"context"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func scanOpportunity(row pgx.Row) (domain.Opportunity, error) {
	var o domain.Opportunity
	err := row.Scan(&o.ID, &o.ContactID, &o.CampaignID, &o.Description, &o.Stage, &o.ExpectedRevenue,
		&o.Probability, &o.CloseDate, &o.Locked, &o.FirstName, &o.LastName, &o.CreatedAt, &o.UpdatedAt)
	return o, notFound(err)
}

// ListCampaignOpportunities reads a page of a campaign's opportunities,
// newest first; an unknown campaign is ErrNotFound.
func (s *Store) ListCampaignOpportunities(ctx context.Context, campaignID string, r domain.PageRequest) (domain.Page[domain.Opportunity], error) {
	if _, err := s.campaignStage(ctx, campaignID); err != nil {
		return domain.Page[domain.Opportunity]{}, err
	}
	return newestPage(r, func(o domain.Opportunity) (time.Time, string) { return o.CreatedAt, o.ID },
		func(before *time.Time, beforeID string, limit int) ([]domain.Opportunity, error) {
			rows, err := s.pool.Query(ctx, q("list_campaign_opportunities"), campaignID, before, nullable(beforeID), limit)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Opportunity, error) { return scanOpportunity(r) })
		})
}

// GetOpportunity reads one opportunity.
func (s *Store) GetOpportunity(ctx context.Context, id string) (domain.Opportunity, error) {
	return scanOpportunity(s.pool.QueryRow(ctx, q("get_opportunity"), id))
}

// UpdateOpportunity changes an opportunity under a row lock: change receives
// the current record and returns the new one (or an error, which writes nothing).
func (s *Store) UpdateOpportunity(ctx context.Context, id string, change func(domain.Opportunity) (domain.Opportunity, error)) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		cur, err := scanOpportunity(tx.QueryRow(ctx, q("lock_opportunity"), id))
		if err != nil {
			return err
		}
		o, err := change(cur)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, q("update_opportunity"), id, o.Description, o.Stage, o.ExpectedRevenue,
			o.Probability, o.CloseDate, o.Locked)
		return err
	})
}

// PipelineChart sums a campaign's expected revenue per opportunity stage, in
// pipeline order; stages without opportunities are left out.
func (s *Store) PipelineChart(ctx context.Context, campaignID string) ([]domain.PipelineStage, error) {
	if _, err := s.campaignStage(ctx, campaignID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, q("pipeline_chart"), campaignID)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.PipelineStage, error) {
		var p domain.PipelineStage
		err := r.Scan(&p.Stage, &p.Count, &p.ExpectedRevenue)
		return p, err
	})
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := domain.StageRank(out[i].Stage), domain.StageRank(out[j].Stage)
		return ri < rj || ri == rj && out[i].Stage < out[j].Stage
	})
	return out, err
}

// ParticipantsByStatus counts a campaign's participants per status, in the
// order of the campaign's workflow; statuses nobody holds are left out.
func (s *Store) ParticipantsByStatus(ctx context.Context, campaignID string) ([]domain.StatusCount, error) {
	c, err := s.GetCampaign(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, q("participants_by_status"), campaignID)
	if err != nil {
		return nil, err
	}
	counts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.StatusCount, error) {
		var sc domain.StatusCount
		err := r.Scan(&sc.Status, &sc.Count)
		return sc, err
	})
	if err != nil {
		return nil, err
	}
	return c.Workflow.OrderStatusCounts(counts), nil
}
