package app

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// A lead import: an uploaded CSV is staged row by row, reviewed and
// corrected (each row checked as a lead would be, and matched against the
// existing leads), then completed by a "Lead Import" batch process.

// ErrUploadTooLarge reports a file past the upload limit.
var ErrUploadTooLarge = errors.New("the CSV file exceeds the upload limit")

// stageRow checks a row's data for review.
func stageRow(data map[string]string, b2b bool) store.StagedRow {
	r := store.StagedRow{Data: data, MatchPhone: domain.ImportMatchPhone(data)}
	var ve *domain.ValidationError
	if _, err := domain.ImportInput(data, b2b); errors.As(err, &ve) {
		r.Errors = ve.Fields
	}
	return r
}

// UploadLeadImport reads a CSV file (a header row of lead field names, then
// one lead per row; domain.ParseImportCSV is the one reader, and a lead
// export of any columns imports as it is) into the staging area. A file cut
// at the upload limit is ErrUploadTooLarge; one that cannot be read is a
// validation error on "file".
func (s *Service) UploadLeadImport(ctx context.Context, actor domain.User, fileName string, file io.Reader) (domain.LeadImport, error) {
	if err := domain.CheckImportFileName(fileName); err != nil {
		return domain.LeadImport{}, err
	}
	data, err := domain.ParseImportCSV(file)
	var bad *domain.ValidationError
	switch {
	case tooLarge(err):
		return domain.LeadImport{}, ErrUploadTooLarge
	case errors.As(err, &bad):
		return domain.LeadImport{}, err
	case err != nil:
		return domain.LeadImport{}, fieldError("file", "could not be read: "+err.Error())
	}
	b2b, err := s.st.LeadSettings(ctx)
	if err != nil {
		return domain.LeadImport{}, err
	}
	rows := make([]store.StagedRow, len(data))
	for i, d := range data {
		rows[i] = stageRow(d, b2b)
	}
	id := uuid.NewString()
	if err := s.st.CreateLeadImport(ctx, id, fileName, actor.ID, rows); err != nil {
		return domain.LeadImport{}, err
	}
	return s.st.GetLeadImport(ctx, id)
}

// tooLarge reports an upload cut at its limit (http.MaxBytesReader's
// error, or ErrUploadTooLarge from another reader).
func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb) || errors.Is(err, ErrUploadTooLarge)
}

// LeadImportRows lists a page of an import's staged rows after a row
// number, each with its field errors and the existing leads it matches.
func (s *Service) LeadImportRows(ctx context.Context, actor domain.User, id string, afterRow, limit int) ([]domain.ImportRow, error) {
	if _, err := s.st.GetLeadImport(ctx, id); err != nil {
		return nil, err
	}
	return s.st.LeadImportRows(ctx, id, afterRow, limit)
}

// ImportRowPatch corrects a staged row: changed field values, skip, and
// import_duplicate (import it even though it matches an existing lead).
type ImportRowPatch struct {
	Data            map[string]string `json:"data"`
	Skip            *bool             `json:"skip"`
	ImportDuplicate *bool             `json:"import_duplicate"`
}

// CorrectLeadImportRow applies a correction to a row of a staged import
// (a completing or completed one refuses) and returns the row as it is
// then, checked again.
func (s *Service) CorrectLeadImportRow(ctx context.Context, actor domain.User, id string, rowNo int, in ImportRowPatch) (domain.ImportRow, error) {
	var v domain.Validator
	for k := range in.Data {
		v.Check(domain.ImportFieldKnown(k), "data."+k, "is not a lead field")
	}
	if err := v.Err(); err != nil {
		return domain.ImportRow{}, err
	}
	b2b, err := s.st.LeadSettings(ctx)
	if err != nil {
		return domain.ImportRow{}, err
	}
	err = s.st.CorrectLeadImportRow(ctx, id, rowNo, func(r *store.StagedRow, choices *store.RowChoices) error {
		for k, val := range in.Data {
			r.Data[k] = strings.TrimSpace(val)
		}
		if in.Skip != nil {
			choices.Skip = *in.Skip
		}
		if in.ImportDuplicate != nil {
			choices.ImportDuplicate = *in.ImportDuplicate
		}
		*r = stageRow(r.Data, b2b)
		return nil
	})
	if err != nil {
		return domain.ImportRow{}, err
	}
	rows, err := s.st.LeadImportRows(ctx, id, rowNo-1, 1)
	if err != nil || len(rows) == 0 {
		return domain.ImportRow{}, errors.Join(err, domain.ErrNotFound)
	}
	return rows[0], nil
}

// CompleteLeadImport moves a staged import to importing (a second attempt
// is refused) and starts its "Lead Import" batch over its rows; when the
// batch cannot start, the import is staged again.
func (s *Service) CompleteLeadImport(ctx context.Context, actor domain.User, id string) (domain.Batch, error) {
	rowNos, err := s.st.StartLeadImport(ctx, id)
	if err != nil {
		return domain.Batch{}, err
	}
	b, err := s.StartBatch(ctx, actor, domain.BatchLeadImport, map[string]string{"import_id": id}, rowNos)
	if err == nil {
		err = s.st.SetLeadImportBatch(detached(ctx), id, b.ID)
	}
	if err != nil {
		if rerr := s.st.RevertLeadImport(detached(ctx), id); rerr != nil {
			s.log.Warn("could not return the import to staged", "import", id, "error", rerr)
		}
		return domain.Batch{}, err
	}
	return b, nil
}
