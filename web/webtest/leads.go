package webtest

import (
	"testing"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Lead creates a lead as the user creator through the same store operation
// as the API and the Add dialog (normalized as they normalize it).
func (s *Server) Lead(t testing.TB, creator domain.User, in domain.LeadInput) domain.Lead {
	t.Helper()
	if in.ConsentToContact == nil {
		yes := true
		in.ConsentToContact = &yes
	}
	in, err := in.Normalize(false)
	if err != nil {
		t.Fatalf("lead %s %s: %v", in.FirstName, in.LastName, err)
	}
	l, err := s.Store.CreateLead(t.Context(), in, creator, "")
	if err != nil {
		t.Fatalf("create lead %s %s: %v", in.FirstName, in.LastName, err)
	}
	return l
}
