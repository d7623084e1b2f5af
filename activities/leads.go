package activities

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func init() {
	RegisterBatchHandler(domain.BatchLeadOwner, BatchHandlerFunc(assignLeadOwners))
}

// itemLead reads the lead an item names; a missing lead is an item failure.
func itemLead(ctx context.Context, a *Activities, it domain.BatchItem) (domain.Lead, *domain.ItemResult, error) {
	id, err := strconv.ParseInt(it.ItemID, 10, 64)
	if err != nil {
		return domain.Lead{}, &domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: "not a lead id"}, nil
	}
	l, err := a.Store.GetLead(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return l, &domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: "the lead no longer exists"}, nil
	}
	return l, nil, err
}

// refusal turns a domain refusal into an item failure, and passes on other errors.
func refusal(it domain.BatchItem, err error) (*domain.ItemResult, error) {
	var te *domain.TransitionError
	var ve *domain.ValidationError
	switch {
	case errors.As(err, &te), errors.As(err, &ve):
		return &domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: err.Error()}, nil
	case errors.Is(err, domain.ErrNotFound):
		return &domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: "the lead no longer exists"}, nil
	}
	return nil, err
}

// assignLeadOwners gives each lead the batch's owner. Setting the same owner
// again changes nothing, so a retried page repeats no change or audit entry.
func assignLeadOwners(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	var p struct {
		OwnerID string `json:"owner_id"`
	}
	if err := json.Unmarshal(b.Params, &p); err != nil {
		return nil, &domain.ValidationError{Fields: []domain.FieldError{{Field: "params", Message: err.Error()}}}
	}
	out := make([]domain.ItemResult, 0, len(items))
	for _, it := range items {
		id, err := strconv.ParseInt(it.ItemID, 10, 64)
		if err != nil {
			out = append(out, domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: "not a lead id"})
			continue
		}
		_, err = a.Store.ChangeLead(ctx, id, b.CreatedBy, "assign owner", func(_ context.Context, _ pgx.Tx, l *domain.Lead) error {
			return domain.AssignOwner(l, p.OwnerID)
		})
		if err != nil {
			r, err := refusal(it, err)
			if err != nil {
				return nil, err
			}
			out = append(out, *r)
			continue
		}
		out = append(out, domain.ItemResult{Seq: it.Seq, Status: domain.ItemSucceeded, Result: map[string]string{"owner_id": p.OwnerID}})
	}
	return out, nil
}
