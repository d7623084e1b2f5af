package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func scanVersion(row pgx.Row) (domain.CampaignVersion, error) {
	var v domain.CampaignVersion
	a := &v.Audience
	err := row.Scan(&v.CampaignID, &v.Version, &v.Status, &v.Current, &v.Workflow, &a.Type, &a.CustomerGroupID,
		&a.SendTo, &a.CustomerStatus, &a.LeadFilters, &v.Fields, &a.SendWindow, &v.CreatedAt, &v.StatusSince, &v.PublishedAt)
	if v.Fields == nil {
		v.Fields = []domain.Field{}
	}
	return v, notFound(err)
}

// ListVersions returns every version of a campaign, oldest first.
func (s *Store) ListVersions(ctx context.Context, campaignID string) ([]domain.CampaignVersion, error) {
	if _, err := s.campaignStage(ctx, campaignID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, q("list_versions"), campaignID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.CampaignVersion, error) { return scanVersion(r) })
}

// GetVersion reads one version of a campaign.
func (s *Store) GetVersion(ctx context.Context, campaignID string, version int) (domain.CampaignVersion, error) {
	return scanVersion(s.pool.QueryRow(ctx, q("get_version"), campaignID, version))
}

// CurrentVersion reads a campaign's current version.
func (s *Store) CurrentVersion(ctx context.Context, campaignID string) (domain.CampaignVersion, error) {
	return scanVersion(s.pool.QueryRow(ctx, q("get_current_version"), campaignID))
}

// VersionParticipantCounts counts a campaign's participants per version.
func (s *Store) VersionParticipantCounts(ctx context.Context, campaignID string) (map[int]int, error) {
	rows, err := s.pool.Query(ctx, q("version_counts"), campaignID)
	if err != nil {
		return nil, err
	}
	out := map[int]int{}
	var v, n int
	_, err = pgx.ForEachRow(rows, []any{&v, &n}, func() error { out[v] = n; return nil })
	return out, err
}

// lockVersions locks a campaign (serialising its version changes) and returns
// its stage and current version.
func lockVersions(ctx context.Context, tx pgx.Tx, campaignID string) (domain.Stage, domain.CampaignVersion, error) {
	var stage domain.Stage
	var current int
	if err := tx.QueryRow(ctx, q("lock_campaign_versions"), campaignID).Scan(&stage, &current); err != nil {
		return "", domain.CampaignVersion{}, notFound(err)
	}
	v, err := scanVersion(tx.QueryRow(ctx, q("lock_version"), campaignID, current))
	v.Current = true
	return stage, v, err
}

// editCurrentVersion locks the campaign's current version and refuses (with
// a *domain.ConflictError) when its definition is frozen.
func editCurrentVersion(ctx context.Context, tx pgx.Tx, campaignID string) (domain.CampaignVersion, error) {
	_, v, err := lockVersions(ctx, tx, campaignID)
	if err != nil {
		return v, err
	}
	return v, v.Status.Editable(v.Version)
}

// CreateVersion creates a new Draft copied from the current version, which
// must be Published or Sundown, and makes it current. It returns its number.
func (s *Store) CreateVersion(ctx context.Context, campaignID string) (int, error) {
	var n int
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		_, cur, err := lockVersions(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		if err := cur.Status.CanCopy(cur.Version); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, q("copy_version"), campaignID, cur.Version).Scan(&n); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, q("set_current_version"), campaignID)
		return err
	})
	return n, err
}

// SetVersionStatus moves a version to another status under the rules of
// domain.CheckVersionMove. Publishing sundowns the older live versions;
// deleting the current version makes the highest remaining one current.
func (s *Store) SetVersionStatus(ctx context.Context, campaignID string, version int, to domain.VersionStatus) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		stage, cur, err := lockVersions(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		return setVersionStatus(ctx, tx, campaignID, stage, cur.Version, version, to)
	})
}

func setVersionStatus(ctx context.Context, tx pgx.Tx, campaignID string, stage domain.Stage, current, version int, to domain.VersionStatus) error {
	v, err := scanVersion(tx.QueryRow(ctx, q("lock_version"), campaignID, version))
	if err != nil {
		return err
	}
	var live int
	if err := tx.QueryRow(ctx, q("count_live_versions"), campaignID).Scan(&live); err != nil {
		return err
	}
	if err := domain.CheckVersionMove(v, to, current, stage, live); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, q("set_version_status"), campaignID, version, to); err != nil {
		return err
	}
	if to == domain.VersionPublished {
		if _, err := tx.Exec(ctx, q("sundown_older_versions"), campaignID, version); err != nil {
			return err
		}
	}
	_, err = tx.Exec(ctx, q("set_current_version"), campaignID)
	return err
}

// PrepareStart applies what starting the campaign does to its current
// version (domain.VersionStatus.StartMove): a Draft is published. It returns
// whether it published, and refuses a Sundown or Deleted version.
func (s *Store) PrepareStart(ctx context.Context, campaignID string) (bool, error) {
	var published bool
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		stage, cur, err := lockVersions(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		publish, err := cur.Status.StartMove(cur.Version)
		if err != nil || !publish {
			return err
		}
		published = true
		return setVersionStatus(ctx, tx, campaignID, stage, cur.Version, cur.Version, domain.VersionPublished)
	})
	return published, err
}

// SetVersionFields replaces the current version's custom fields (refused
// when the version is frozen).
func (s *Store) SetVersionFields(ctx context.Context, campaignID string, fields []domain.Field) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		v, err := editCurrentVersion(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, q("set_version_fields"), campaignID, v.Version, fields)
		return err
	})
}

// RunningParticipant is a participant running a version's definition.
type RunningParticipant struct {
	ID        string `json:"id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Status    string `json:"status"`
}

// RunningParticipants lists the initiated participants of a version whose
// status is not final in def: an edit of the version does not reach them.
func (s *Store) RunningParticipants(ctx context.Context, campaignID string, version int, def domain.WorkflowDef) ([]RunningParticipant, error) {
	rows, err := s.pool.Query(ctx, q("version_participants"), campaignID, version)
	if err != nil {
		return nil, err
	}
	all, err := pgx.CollectRows(rows, pgx.RowToStructByPos[RunningParticipant])
	if err != nil {
		return nil, err
	}
	out := []RunningParticipant{}
	for _, p := range all {
		if !def.IsFinal(p.Status) {
			out = append(out, p)
		}
	}
	return out, nil
}
