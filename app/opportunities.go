package app

import (
	"context"
	"encoding/json"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// EditOpportunity applies a partial edit to an opportunity and returns it as
// it is then. Only an administrator may lock or unlock it (the lock models
// a business process in progress); a locked opportunity refuses every other
// edit (domain.Opportunity.Editable), also in the request that unlocks it.
func (s *Service) EditOpportunity(ctx context.Context, actor domain.User, id string, patch map[string]json.RawMessage) (domain.Opportunity, error) {
	if _, sent := patch["locked"]; sent {
		if err := domain.Need(actor, domain.PrivAdmin, "locking or unlocking an opportunity"); err != nil {
			return domain.Opportunity{}, err
		}
	}
	err := s.st.UpdateOpportunity(ctx, id, func(cur domain.Opportunity) (domain.Opportunity, error) {
		return cur.ApplyPatch(patch)
	})
	if err != nil {
		return domain.Opportunity{}, err
	}
	return s.st.GetOpportunity(ctx, id)
}
