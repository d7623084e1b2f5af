package activities

import (
	"context"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// startByVersion starts the participants' workflows, each with the
// definition of the version it runs: a participant of an older version
// (restarted after a newer version was published) keeps its own.
func (a *Activities) startByVersion(ctx context.Context, c domain.Campaign, ps []domain.Participant, restart bool) error {
	var cur []domain.Participant
	older := map[int][]domain.Participant{}
	var order []int
	for _, p := range ps {
		if p.Version == c.Version || p.Version == 0 {
			cur = append(cur, p)
			continue
		}
		if _, seen := older[p.Version]; !seen {
			order = append(order, p.Version)
		}
		older[p.Version] = append(older[p.Version], p)
	}
	if len(cur) > 0 {
		if err := a.Starter.StartParticipants(ctx, c, cur, restart); err != nil {
			return err
		}
	}
	for _, n := range order {
		v, err := a.Store.GetVersion(ctx, c.ID, n)
		if err != nil {
			return err
		}
		vc := c
		vc.Workflow, vc.Version, vc.VersionStatus = v.Workflow, v.Version, v.Status
		if err := a.Starter.StartParticipants(ctx, vc, older[n], restart); err != nil {
			return err
		}
	}
	// A participant removed while its workflow was being started missed the
	// removal signal (there was no workflow yet): tell the workflow now, so
	// that it does not outlive its participant.
	gone, err := a.Store.MissingParticipants(ctx, c.ID, idsOf(ps))
	if err != nil || len(gone) == 0 {
		return err
	}
	return a.Starter.RemoveParticipants(ctx, c.ID, gone)
}
