package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func init() {
	RegisterBatchHandler(domain.BatchLeadImport, leadImportBatch{})
}

// leadImportBatch imports an import's rows and, when the batch ends, moves
// the import from importing to completed or failed.
type leadImportBatch struct{}

type leadImportParams struct {
	ImportID string `json:"import_id"`
}

// ProcessItems implements BatchHandler.
func (leadImportBatch) ProcessItems(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	return importLeadRows(ctx, a, b, items)
}

// FinishBatch implements BatchFinisher. Unreadable parameters (the reason a
// batch may have failed) leave the import to be found by its batch link.
func (leadImportBatch) FinishBatch(ctx context.Context, a *Activities, b domain.Batch, status domain.BatchStatus) error {
	var p leadImportParams
	_ = json.Unmarshal(b.Params, &p)
	if !domain.IsUUID(p.ImportID) {
		p.ImportID = ""
	}
	to := domain.ImportCompleted
	if status != domain.BatchCompleted {
		to = domain.ImportFailed
	}
	return a.Store.FinishLeadImport(ctx, p.ImportID, b.ID, to)
}

// importLeadRows imports each staged row in its own transaction, keyed by
// the batch item, so a row is imported whole or not at all and a retried
// page (or a restarted worker) never imports a row twice. Bad rows fail
// with their field errors.
func importLeadRows(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	var p leadImportParams
	if err := json.Unmarshal(b.Params, &p); err != nil {
		return nil, &domain.ValidationError{Fields: []domain.FieldError{{Field: "params", Message: err.Error()}}}
	}
	b2b, err := a.Store.LeadSettings(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]domain.ItemResult, 0, len(items))
	for _, it := range items {
		res, err := importLeadRow(ctx, a, b, p.ImportID, b2b, it)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

func importLeadRow(ctx context.Context, a *Activities, b domain.Batch, importID string, b2b bool, it domain.BatchItem) (domain.ItemResult, error) {
	rowNo, err := strconv.Atoi(it.ItemID)
	if err != nil {
		return domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: "not a row number"}, nil
	}
	r, err := a.Store.LeadImportRow(ctx, importID, rowNo)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: "the row no longer exists"}, nil
	}
	if err != nil {
		return domain.ItemResult{}, err
	}
	switch r.Status {
	case "imported":
		return domain.ItemResult{Seq: it.Seq, Status: domain.ItemSucceeded, Result: map[string]any{"row": rowNo, "lead_id": r.LeadID}}, nil
	case "failed":
		return domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: r.Message}, nil
	case "skipped":
		return domain.ItemResult{Seq: it.Seq, Status: domain.ItemSkipped, Message: r.Message}, nil
	}
	fail := func(status domain.ItemStatus, msg string) (domain.ItemResult, error) {
		if err := a.Store.FinishLeadImportRow(ctx, importID, rowNo, string(status), msg); err != nil {
			return domain.ItemResult{}, err
		}
		return domain.ItemResult{Seq: it.Seq, Status: status, Message: msg, Result: map[string]int{"row": rowNo}}, nil
	}
	if r.Skip {
		return fail(domain.ItemSkipped, "skipped during review")
	}
	in, err := domain.ImportInput(r.Data, b2b)
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return fail(domain.ItemFailed, "row "+strconv.Itoa(rowNo)+": "+ve.Error())
	}
	if !r.ImportDuplicate {
		// Checked now, not at staging: leads created since (by this very
		// import too) count, so a file never creates the same lead twice.
		matches, err := a.Store.LeadImportRowMatches(ctx, importID, rowNo)
		if err != nil {
			return domain.ItemResult{}, err
		}
		if len(matches) > 0 {
			return fail(domain.ItemSkipped, duplicateMessage(matches))
		}
	}
	l, err := a.Store.ImportLeadRow(ctx, importID, rowNo, in, b.CreatedBy, domain.BatchKey(b.ID, it.Seq))
	if errors.As(err, &ve) {
		return fail(domain.ItemFailed, "row "+strconv.Itoa(rowNo)+": "+ve.Error())
	}
	if err != nil {
		return domain.ItemResult{}, err
	}
	return domain.ItemResult{Seq: it.Seq, Status: domain.ItemSucceeded, Result: map[string]any{"row": rowNo, "lead_id": l.ID}}, nil
}

// duplicateMessage names the leads a skipped row duplicates and how it matched them.
func duplicateMessage(matches []domain.ImportMatch) string {
	parts := make([]string, len(matches))
	for i, m := range matches {
		parts[i] = fmt.Sprintf("lead %d (%s)", m.LeadID, strings.Join(m.By, ", "))
	}
	return "duplicate of " + strings.Join(parts, ", ") + "; set import_duplicate to import it anyway"
}
