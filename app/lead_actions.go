package app

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// MaxLeadBatch bounds the leads one bulk action names.
const MaxLeadBatch = 10000

// LeadIDs names the leads of a bulk action.
type LeadIDs struct {
	LeadIDs []int64 `json:"lead_ids"`
}

// check refuses an empty, oversized or repeating list.
func (in LeadIDs) check(v *domain.Validator) {
	v.Check(len(in.LeadIDs) > 0, "lead_ids", "at least one lead is required")
	v.Check(len(in.LeadIDs) <= MaxLeadBatch, "lead_ids", "at most %d leads at once", MaxLeadBatch)
	seen := map[int64]bool{}
	for _, id := range in.LeadIDs {
		v.Check(!seen[id], "lead_ids", "lead %d is listed twice", id)
		seen[id] = true
	}
}

// items are the batch items of the leads, one per lead.
func (in LeadIDs) items() []string {
	out := make([]string, len(in.LeadIDs))
	for i, id := range in.LeadIDs {
		out[i] = strconv.FormatInt(id, 10)
	}
	return out
}

// DeleteLeads permanently deletes leads, all of them or, when one is
// unknown, none (domain.ErrNotFound). It is one transaction, not a batch:
// a deletion has no effect outside PostgreSQL.
func (s *Service) DeleteLeads(ctx context.Context, actor domain.User, in LeadIDs) (int, error) {
	var v domain.Validator
	in.check(&v)
	if err := v.Err(); err != nil {
		return 0, err
	}
	if err := s.st.DeleteLeads(ctx, in.LeadIDs, actor.ID); err != nil {
		return 0, err
	}
	return len(in.LeadIDs), nil
}

// DeleteLead permanently deletes one lead.
func (s *Service) DeleteLead(ctx context.Context, actor domain.User, id int64) error {
	_, err := s.DeleteLeads(ctx, actor, LeadIDs{LeadIDs: []int64{id}})
	return err
}

// OwnerInput names a lead's new owner.
type OwnerInput struct {
	OwnerID string `json:"owner_id"`
}

// checkOwner refuses an owner that is not a known user (the one check of
// a new owner, for one lead and for a batch).
func (s *Service) checkOwner(ctx context.Context, ownerID string) error {
	if !domain.IsUUID(ownerID) {
		return fieldError("owner_id", "is required and must be a user id")
	}
	ok, err := s.st.UserExists(ctx, ownerID)
	if err != nil {
		return err
	}
	if !ok {
		return fieldError("owner_id", "names no user")
	}
	return nil
}

// AssignLeadOwner gives one lead a new owner (domain.AssignOwner decides on
// the lead as it is: a qualified lead keeps its owner).
func (s *Service) AssignLeadOwner(ctx context.Context, actor domain.User, id int64, in OwnerInput) (domain.Lead, error) {
	if err := s.checkOwner(ctx, in.OwnerID); err != nil {
		return domain.Lead{}, err
	}
	return s.st.ChangeLead(ctx, id, actor.ID, "assign owner", func(_ context.Context, _ pgx.Tx, l *domain.Lead) error {
		return domain.AssignOwner(l, in.OwnerID)
	})
}

// BatchOwnerInput gives many leads one owner.
type BatchOwnerInput struct {
	LeadIDs
	OwnerInput
}

// BatchAssignLeadOwner starts a "Lead Owner Assignment" batch process: each
// lead is decided when its page runs (a qualified lead refuses, and says so
// in its item's result).
func (s *Service) BatchAssignLeadOwner(ctx context.Context, actor domain.User, in BatchOwnerInput) (domain.Batch, error) {
	var v domain.Validator
	in.check(&v)
	if err := v.Err(); err != nil {
		return domain.Batch{}, err
	}
	if err := s.checkOwner(ctx, in.OwnerID); err != nil {
		return domain.Batch{}, err
	}
	return s.StartBatch(ctx, actor, domain.BatchLeadOwner, map[string]string{"owner_id": in.OwnerID}, in.items())
}

// ArchiveLead keeps a lead as history that is no longer pursued.
func (s *Service) ArchiveLead(ctx context.Context, actor domain.User, id int64) (domain.Lead, error) {
	return s.st.ChangeLead(ctx, id, actor.ID, "archive", func(_ context.Context, _ pgx.Tx, l *domain.Lead) error {
		return domain.Archive(l)
	})
}

// ConvertLead qualifies a lead: it becomes (or joins) a contact, in B2B mode
// a company, and optionally an opportunity, in one transaction that decides
// on the lead as it is (domain.CheckConvert).
func (s *Service) ConvertLead(ctx context.Context, actor domain.User, id int64, in domain.ConvertInput) (domain.ConvertResult, error) {
	if err := in.Validate(); err != nil {
		return domain.ConvertResult{}, err
	}
	b2b, err := s.st.LeadSettings(ctx)
	if err != nil {
		return domain.ConvertResult{}, err
	}
	return s.st.ConvertLead(ctx, id, actor.ID, b2b, in)
}
