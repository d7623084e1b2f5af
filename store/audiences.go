package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// GetCampaignSettings reads a campaign's operational settings.
func (s *Store) GetCampaignSettings(ctx context.Context, campaignID string) (domain.CampaignSettings, error) {
	var out domain.CampaignSettings
	err := s.pool.QueryRow(ctx, q("get_campaign_settings"), campaignID).Scan(&out.TestRecipients,
		&out.AudienceIntervalSeconds, &out.AudiencePaused, &out.Sender.FromName, &out.Sender.FromAddress, &out.Sender.ReplyTo,
		&out.SendWindow, &out.OverCap)
	return out, notFound(err)
}

// SetCampaignSettings replaces a campaign's operational settings.
func (s *Store) SetCampaignSettings(ctx context.Context, campaignID string, in domain.CampaignSettings) error {
	tag, err := s.pool.Exec(ctx, q("set_campaign_settings"), campaignID, in.TestRecipients, in.AudienceIntervalSeconds, in.AudiencePaused,
		in.Sender.FromName, in.Sender.FromAddress, in.Sender.ReplyTo, in.SendWindow, domain.NormalizeOverCap(in.OverCap))
	if err == nil && tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return err
}

// SetVersionAudience replaces the current version's audience. A frozen
// version is refused (409); a customer group that does not exist is 422.
func (s *Store) SetVersionAudience(ctx context.Context, campaignID string, a domain.Audience) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		v, err := editCurrentVersion(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		if a.CustomerGroupID != "" {
			if err := missingGroups(ctx, tx, "customer_group_id", []string{a.CustomerGroupID}); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, q("set_version_audience"), campaignID, v.Version, a.Type, nullable(a.CustomerGroupID),
			a.SendTo, a.CustomerStatus, a.LeadFilters, a.SendWindow)
		return err
	})
}

// AudienceMember is a contact an audience selects.
type AudienceMember struct {
	ContactID      string `json:"contact_id"`
	FirstName      string `json:"first_name"`
	LastName       string `json:"last_name"`
	Email          string `json:"email"`
	CustomerStatus string `json:"customer_status,omitempty"`
}

// AudiencePage returns up to limit contacts the audience selects, after the
// contact id after. With since set, contacts that joined campaignID before
// it are left out (a sweep enrolls only new matches).
func (s *Store) AudiencePage(ctx context.Context, campaignID string, a domain.Audience, after string, limit int, since *time.Time) ([]AudienceMember, error) {
	var rows pgx.Rows
	var err error
	switch a.Type {
	case domain.AudienceCustomers:
		rows, err = s.pool.Query(ctx, q("audience_customers"), campaignID, a.CustomerStatus, nullable(a.CustomerGroupID),
			nullable(after), limit, since)
	case domain.AudienceLeads:
		f := a.LeadFilters
		rows, err = s.pool.Query(ctx, q("audience_leads"), campaignID, f.MarketSegment, f.SalesConcept,
			nullable(after), limit, since, f.SourceType)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[AudienceMember])
}

// CountAudience counts the contacts an audience selects now.
func (s *Store) CountAudience(ctx context.Context, a domain.Audience) (int, error) {
	var n int
	switch a.Type {
	case domain.AudienceCustomers:
		err := s.pool.QueryRow(ctx, q("count_audience_customers"), a.CustomerStatus, nullable(a.CustomerGroupID)).Scan(&n)
		return n, err
	case domain.AudienceLeads:
		f := a.LeadFilters
		err := s.pool.QueryRow(ctx, q("count_audience_leads"), f.MarketSegment, f.SalesConcept, f.SourceType).Scan(&n)
		return n, err
	}
	return 0, nil
}

// EnrollAudience enrolls matched contacts in a campaign: in one transaction
// each contact joins once (a contact already in the campaign is skipped) and
// gets an engagement record; then the participants this sweep (started at
// since) enrolled are initiated (Targeted -> Contacted with Contacted's
// actions) like a page of the bulk start. A retried page finds them again,
// initiates those still Targeted and returns them all, so their pending
// email is sent and their workflows started; nothing is written twice.
// window is the audience's send window (nil: the campaign's).
func (s *Store) EnrollAudience(ctx context.Context, c domain.Campaign, contactIDs []string, since time.Time, window *domain.SendWindow) (StartPage, int, error) {
	var enrolled int
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, q("enroll_audience"), c.ID, contactIDs, nullable(c.ManagerID), c.Version)
		if err != nil {
			return err
		}
		type added struct{ ID, ContactID string }
		news, err := pgx.CollectRows(rows, pgx.RowToStructByPos[added])
		if err != nil {
			return err
		}
		enrolled = len(news)
		batch := &pgx.Batch{}
		for _, n := range news {
			batch.Queue(q("insert_activity"), "audience/"+c.ID+"/"+n.ContactID, n.ContactID, c.ID, n.ID, "engagement",
				nullable(c.ManagerID), "Joined the audience of "+c.Name, map[string]any{"version": c.Version}, nil)
		}
		if batch.Len() == 0 {
			return nil
		}
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		return StartPage{}, 0, err
	}
	page, err := s.initiate(ctx, c, window, q("lock_enrolled"), c.ID, contactIDs, since)
	return page, enrolled, err
}

// Now is PostgreSQL's clock, which participants' created_at follows.
func (s *Store) Now(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := s.pool.QueryRow(ctx, q("db_now")).Scan(&t)
	return t, err
}
