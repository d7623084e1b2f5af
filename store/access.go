package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// viewerArgs are the viewer's arguments of the access predicates of
// queries/access.sql, in their order: the user's id, administrator,
// campaigns privilege.
func viewerArgs(u domain.User) []any {
	return []any{nullable(u.ID), u.Has(domain.PrivAdmin), u.Has(domain.PrivCampaigns)}
}

// leadViewerArgs are viewerArgs followed by the leads privilege, for the
// predicates of records that may belong to a lead.
func leadViewerArgs(u domain.User) []any {
	return append(viewerArgs(u), u.Has(domain.PrivLeads))
}

// CampaignAccess reports whether a user may see a campaign and the status of
// its current version (Deleted when every version is deleted: read-only);
// domain.ErrNotFound when the campaign does not exist.
func (s *Store) CampaignAccess(ctx context.Context, id string, u domain.User) (bool, domain.VersionStatus, error) {
	var visible bool
	var status domain.VersionStatus
	err := s.pool.QueryRow(ctx, q("campaign_access"), append([]any{id}, viewerArgs(u)...)...).Scan(&visible, &status)
	return visible, status, notFound(err)
}

// BatchVisible reports whether a user may see a batch process: a lead batch
// with the leads privilege, a campaign's batch when the campaign is visible
// to the user, any batch for an administrator. A batch that does not exist
// is not visible.
func (s *Store) BatchVisible(ctx context.Context, id string, u domain.User) (bool, error) {
	return s.visible(ctx, "batch_visible", id, append([]any{domain.LeadBatchTypes}, leadViewerArgs(u)...)...)
}

// GeneratedDocumentVisible reports whether a user may see a generated PDF:
// a lead's with the leads privilege while the lead exists, a campaign print
// when its campaign is visible to the user.
func (s *Store) GeneratedDocumentVisible(ctx context.Context, id string, u domain.User) (bool, error) {
	return s.visible(ctx, "generated_document_visible", id, leadViewerArgs(u)...)
}

// OpportunityVisible reports whether a user may see an opportunity: that of
// a campaign when the campaign is visible to the user, any other with the
// campaigns privilege.
func (s *Store) OpportunityVisible(ctx context.Context, id string, u domain.User) (bool, error) {
	return s.visible(ctx, "opportunity_visible", id, viewerArgs(u)...)
}

// visible runs an access query of one record ($1 its id, then args); a
// record that does not exist is not visible.
func (s *Store) visible(ctx context.Context, query, id string, args ...any) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, q(query), append([]any{id}, args...)...).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return ok, err
}
