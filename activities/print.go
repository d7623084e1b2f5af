package activities

import (
	"context"
	"encoding/json"

	"github.com/drumbeat-crm/drumbeat/documents"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// LeadPrintParams are the parameters of a "Lead Batch Print" batch process;
// its items are lead ids.
type LeadPrintParams struct {
	DocumentID string `json:"document_id"`
	// Format is pdf or docx, as decided when the batch was asked for
	// (domain.Document.PrintFormat); "" is the document's default.
	Format string `json:"format,omitempty"`
}

// printForLeads produces the batch's document for each lead (a filled Word
// template or a PDF letter), keeps it under the item's key and lists it on
// the lead's activities; a retried page keeps the first file.
func printForLeads(ctx context.Context, a *Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
	var p LeadPrintParams
	if err := json.Unmarshal(b.Params, &p); err != nil {
		return nil, &domain.ValidationError{Fields: []domain.FieldError{{Field: "params", Message: err.Error()}}}
	}
	doc, err := a.Store.GetDocument(ctx, p.DocumentID)
	if err != nil {
		return nil, err
	}
	format, err := doc.PrintFormat(p.Format)
	if err != nil {
		return nil, err
	}
	folder, err := a.Store.GetFolder(ctx, doc.FolderID)
	if err != nil {
		return nil, err
	}
	out := make([]domain.ItemResult, 0, len(items))
	for _, it := range items {
		l, res, err := itemLead(ctx, a, it)
		if err != nil {
			return nil, err
		}
		if res != nil {
			out = append(out, *res)
			continue
		}
		values := domain.LeadMergeValues(l)
		file, err := documents.Produce(documents.Print{Doc: doc, Folder: folder, Values: values, Format: format,
			Recipient: l.FirstName + " " + l.LastName})
		if err != nil {
			out = append(out, domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: "the document could not be printed: " + err.Error()})
			continue
		}
		leadID := l.ID
		id, err := a.Store.SaveLeadPrint(ctx, domain.BatchKey(b.ID, it.Seq), domain.GeneratedDocument{DocumentID: doc.ID, LeadID: &leadID,
			BatchID: b.ID, FileName: file.Name, Type: file.ContentType}, file.Data, documents.Title(doc, values), b.CreatedBy)
		if err != nil {
			return nil, err
		}
		out = append(out, domain.ItemResult{Seq: it.Seq, Status: domain.ItemSucceeded, Result: map[string]string{
			"generated_document_id": id, "file_name": file.Name, "content_type": file.ContentType,
			"download": "/api/v1/generated-documents/" + id + "/file"}})
	}
	return out, nil
}
