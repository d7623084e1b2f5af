package app

import (
	"context"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// VersionRecord is a campaign version as both front ends show it: the
// version, how many participants run it, and the statuses it may move to
// now (domain.CheckVersionMove decides each, the one place of that rule).
type VersionRecord struct {
	domain.CampaignVersion
	Participants int `json:"participants"`
	// Moves are the statuses this version may move to now.
	Moves []domain.VersionStatus `json:"moves"`
}

// Versions lists every version of a campaign, oldest first.
func (s *Service) Versions(ctx context.Context, actor domain.User, campaignID string) ([]VersionRecord, error) {
	vs, err := s.st.ListVersions(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	return s.versionRecords(ctx, campaignID, vs)
}

// Version reads one version of a campaign.
func (s *Service) Version(ctx context.Context, actor domain.User, campaignID string, n int) (VersionRecord, error) {
	if _, err := s.st.GetVersion(ctx, campaignID, n); err != nil {
		return VersionRecord{}, err
	}
	all, err := s.Versions(ctx, actor, campaignID)
	if err != nil {
		return VersionRecord{}, err
	}
	for _, v := range all {
		if v.Version == n {
			return v, nil
		}
	}
	return VersionRecord{}, domain.ErrNotFound
}

// versionRecords adds to each version its participants and allowed moves.
func (s *Service) versionRecords(ctx context.Context, campaignID string, vs []domain.CampaignVersion) ([]VersionRecord, error) {
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	counts, err := s.st.VersionParticipantCounts(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	live := 0
	for _, v := range vs {
		if v.Status != domain.VersionDeleted {
			live++
		}
	}
	out := make([]VersionRecord, len(vs))
	for i, v := range vs {
		out[i] = VersionRecord{CampaignVersion: v, Participants: counts[v.Version], Moves: []domain.VersionStatus{}}
		for _, to := range v.Status.Moves() {
			if domain.CheckVersionMove(v, to, camp.Version, camp.Stage, live) == nil {
				out[i].Moves = append(out[i].Moves, to)
			}
		}
	}
	return out, nil
}

// CreateVersion copies the current Published or Sundown version into a new
// Draft, which becomes the current version; the audience schedule follows
// (nobody new joins while the Draft is current).
func (s *Service) CreateVersion(ctx context.Context, actor domain.User, campaignID string) (VersionRecord, error) {
	n, err := s.st.CreateVersion(ctx, campaignID)
	if err != nil {
		return VersionRecord{}, err
	}
	s.SyncSchedule(ctx, campaignID)
	return s.Version(ctx, actor, campaignID, n)
}

// VersionStatusInput is a version status change.
type VersionStatusInput struct {
	Status string `json:"status"`
}

// Parse reads the status (case-insensitive), or reports the field.
func (in VersionStatusInput) Parse() (domain.VersionStatus, error) {
	to, ok := domain.ParseVersionStatus(in.Status)
	if !ok {
		return "", fieldError("status", "must be Draft, Test, Published, Sundown or Deleted")
	}
	return to, nil
}

// SetVersionStatus moves a version to another status under
// domain.CheckVersionMove (decided in the store's transaction, with the
// campaign locked); the audience schedule follows.
func (s *Service) SetVersionStatus(ctx context.Context, actor domain.User, campaignID string, n int, in VersionStatusInput) (VersionRecord, error) {
	to, err := in.Parse()
	if err != nil {
		return VersionRecord{}, err
	}
	if err := s.st.SetVersionStatus(ctx, campaignID, n, to); err != nil {
		return VersionRecord{}, err
	}
	s.SyncSchedule(ctx, campaignID)
	return s.Version(ctx, actor, campaignID, n)
}

// FieldsInput replaces the current version's custom fields.
type FieldsInput struct {
	Fields []domain.Field `json:"fields"`
}

// EditWarning tells who an edit of a Test version does not reach: the
// participants already running its earlier definition ("contracts with
// outdated settings").
type EditWarning struct {
	Message      string                     `json:"message"`
	Participants []store.RunningParticipant `json:"participants"`
}

// FieldsEdit is the current version's fields after an edit.
type FieldsEdit struct {
	Version int            `json:"version"`
	Fields  []domain.Field `json:"fields"`
	Warning *EditWarning   `json:"warning,omitempty"`
}

// SetFields replaces the current version's custom fields (Draft or Test
// only: a frozen version is refused).
func (s *Service) SetFields(ctx context.Context, actor domain.User, campaignID string, in FieldsInput) (FieldsEdit, error) {
	fields := domain.NormalizeFields(in.Fields)
	if err := domain.ValidateFields(fields); err != nil {
		return FieldsEdit{}, err
	}
	if err := s.st.SetVersionFields(ctx, campaignID, fields); err != nil {
		return FieldsEdit{}, err
	}
	v, w, err := s.editedVersion(ctx, campaignID)
	return FieldsEdit{Version: v.Version, Fields: v.Fields, Warning: w}, err
}

// editedVersion reads the current version after an edit, with the warning
// of a Test version whose running participants keep their definition.
func (s *Service) editedVersion(ctx context.Context, campaignID string) (domain.CampaignVersion, *EditWarning, error) {
	v, err := s.st.CurrentVersion(ctx, campaignID)
	if err != nil || v.Status != domain.VersionTest {
		return v, nil, err
	}
	ps, err := s.st.RunningParticipants(ctx, v.CampaignID, v.Version, v.Workflow)
	if err != nil || len(ps) == 0 {
		return v, nil, err
	}
	return v, &EditWarning{Message: "contracts with outdated settings: these running participants keep the definition they started with",
		Participants: ps}, nil
}
