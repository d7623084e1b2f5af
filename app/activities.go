package app

import (
	"context"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ContactActivities is a newest-first page of a contact's activities (its
// Activities tab: tasks, meetings, emails, printed documents, plan steps)
// after the one created at before with id beforeID (nil: the first page).
// An unknown contact is not found; the activities of campaigns the actor
// may not see are left out.
func (s *Service) ContactActivities(ctx context.Context, actor domain.User, contactID string, r domain.PageRequest) (domain.Page[domain.Activity], error) {
	if _, err := s.st.GetContact(ctx, contactID); err != nil {
		return domain.Page[domain.Activity]{}, err
	}
	return s.st.ContactActivities(ctx, actor, contactID, r)
}
