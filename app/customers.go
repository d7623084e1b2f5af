package app

import (
	"context"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CustomerChange changes a contact's customer record (seed 003). A field
// left nil keeps its value.
type CustomerChange struct {
	// Status is Active or Inactive; "" makes the contact no customer, which
	// also drops its groups unless GroupIDs names them (then it is refused:
	// only a customer belongs to groups).
	Status *string
	// GroupIDs is the complete list of the contact's customer groups.
	GroupIDs *[]string
}

// ChangeCustomer sets a contact's customer status and groups in one
// transaction and returns the record as it is then. Unknown groups are
// refused (422 on group_ids) and nothing is written.
func (s *Service) ChangeCustomer(ctx context.Context, actor domain.User, contactID string, in CustomerChange) (domain.Customer, error) {
	err := s.st.UpdateCustomer(ctx, contactID, func(cur domain.Customer) (domain.Customer, error) {
		if in.Status != nil {
			cur.Status = *in.Status
			if *in.Status == "" && in.GroupIDs == nil {
				cur.GroupIDs = nil // no longer a customer: no groups either
			}
		}
		if in.GroupIDs != nil {
			cur.GroupIDs = *in.GroupIDs
		}
		cur.Normalize()
		return cur, cur.Validate()
	})
	if err != nil {
		return domain.Customer{}, err
	}
	return s.st.GetCustomer(ctx, contactID)
}

// CreateCustomerGroup adds a customer group; a name in use, in any case,
// is a conflict.
func (s *Service) CreateCustomerGroup(ctx context.Context, actor domain.User, in domain.CustomerGroupInput) (domain.CustomerGroup, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.CustomerGroup{}, err
	}
	id := uuid.NewString()
	if err := s.st.CreateCustomerGroup(ctx, id, in); err != nil {
		return domain.CustomerGroup{}, err
	}
	return s.st.GetCustomerGroup(ctx, id)
}

// ChangeCustomerGroup renames or redescribes a customer group.
func (s *Service) ChangeCustomerGroup(ctx context.Context, actor domain.User, id string, in domain.CustomerGroupInput) (domain.CustomerGroup, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.CustomerGroup{}, err
	}
	if err := s.st.UpdateCustomerGroup(ctx, id, in); err != nil {
		return domain.CustomerGroup{}, err
	}
	return s.st.GetCustomerGroup(ctx, id)
}

// DeleteCustomerGroup deletes a group and its memberships. A group that a
// campaign version targets is refused (409 naming the campaigns): its
// audience must change first. The store decides it in the delete itself
// (a foreign key), so no campaign can come to target it in between.
func (s *Service) DeleteCustomerGroup(ctx context.Context, actor domain.User, id string) error {
	return s.st.DeleteCustomerGroup(ctx, id)
}
