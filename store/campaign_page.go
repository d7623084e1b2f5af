package store

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CampaignPage is one keyset page of campaigns as every list shows it (the
// JSON API and the web workspace).
type CampaignPage struct {
	Items []domain.Campaign `json:"items"`
	// NextCursor continues after the last item; empty on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// CampaignPage returns the campaigns f selects (as f.Viewer may see them)
// and the cursor of the next page. It reads one row more than asked to know
// whether another page follows.
func (s *Store) CampaignPage(ctx context.Context, f domain.CampaignFilter) (CampaignPage, error) {
	want := f.Limit
	f.Limit++
	rows, err := s.ListCampaigns(ctx, f)
	if err != nil {
		return CampaignPage{}, err
	}
	out := CampaignPage{Items: make([]domain.Campaign, 0, len(rows))}
	for i, r := range rows {
		if i == want {
			last := rows[want-1]
			out.NextCursor = domain.CampaignCursor{Sort: f.Sort.String(), Key: last.SortKey, ID: last.ID}.Encode()
			break
		}
		out.Items = append(out.Items, r.Campaign)
	}
	return out, nil
}

// CreateCampaignWithDefaults creates a campaign from a normalized, validated
// input with a new id and the default workflow template's definition, as
// the user createdBy; it returns the id.
func (s *Store) CreateCampaignWithDefaults(ctx context.Context, createdBy string, in domain.CampaignInput) (string, error) {
	tmpl, err := s.DefaultTemplate(ctx)
	if err != nil {
		return "", err
	}
	id := uuid.NewString()
	return id, s.CreateCampaign(ctx, id, createdBy, in, tmpl.Def())
}

// FolderName is a Document Manager folder's id and name.
type FolderName struct {
	ID   string
	Name string
}

// FolderChoices lists up to limit Document Manager folders by name: the
// choices of a campaign's Folder field.
func (s *Store) FolderChoices(ctx context.Context, limit int) ([]FolderName, error) {
	rows, err := s.pool.Query(ctx, q("campaign_folder_choices"), limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[FolderName])
}
