package participants

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/documents"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

const testBatchType = "Test Print"

// testPrintAttempts makes the first attempt of every page fail after its side
// effects, to prove a retried page repeats none of them.
var testPrintAttempts atomic.Int64

func init() {
	activities.RegisterBatchHandler(testBatchType, activities.BatchHandlerFunc(
		func(ctx context.Context, a *activities.Activities, b domain.Batch, items []domain.BatchItem) ([]domain.ItemResult, error) {
			var out []domain.ItemResult
			for _, it := range items {
				switch {
				case strings.HasPrefix(it.ItemID, "bad"):
					out = append(out, domain.ItemResult{Seq: it.Seq, Status: domain.ItemFailed, Message: "no such recipient"})
					continue
				case strings.HasPrefix(it.ItemID, "skip"):
					out = append(out, domain.ItemResult{Seq: it.Seq, Status: domain.ItemSkipped, Message: "not applicable"})
					continue
				}
				pdf, err := documents.RenderPDF(documents.Letter{Title: "Letter", Blocks: documents.TextBlocks("Hello " + it.ItemID)})
				if err != nil {
					return nil, err
				}
				id, err := a.Store.SaveGeneratedDocument(ctx, domain.BatchKey(b.ID, it.Seq),
					domain.GeneratedDocument{BatchID: b.ID, FileName: it.ItemID + ".pdf"}, pdf)
				if err != nil {
					return nil, err
				}
				out = append(out, domain.ItemResult{Seq: it.Seq, Status: domain.ItemSucceeded, Result: map[string]string{"document_id": id}})
			}
			if testPrintAttempts.Add(1)%2 == 1 {
				return nil, errors.New("simulated crash after the side effects")
			}
			return out, nil
		}))
}

// TestBatchProcess runs a batch process through BatchWorkflow on the real
// stack: pages of items, per-item outcomes, retried pages that repeat no side
// effect, and the batch-processes API showing progress and results.
func TestBatchProcess(t *testing.T) {
	h := harness.New(t)
	ctx := t.Context()
	var items []string
	for i := 0; i < 12; i++ {
		items = append(items, fmt.Sprintf("item%02d", i))
	}
	items = append(items, "bad-1", "skip-1")
	id := uuid.NewString()
	require.NoError(t, h.Store.CreateBatch(ctx, id, testBatchType, map[string]string{"document": "Letter"}, items, h.Admin.ID))
	run, err := h.Worker.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: domain.BatchWorkflowID(id), TaskQueue: h.Worker.TaskQueue},
		workflows.BatchWorkflowName, workflows.BatchInput{BatchID: id, PageSize: 5})
	require.NoError(t, err)
	var res workflows.BatchResult
	require.NoError(t, run.Get(ctx, &res))
	assert.Equal(t, domain.BatchCompleted, res.Status)

	var b struct {
		domain.Batch
		Items []domain.BatchItem `json:"items"`
	}
	resp := h.Call("GET", "/api/v1/batch-processes/"+id+"?limit=500", nil, &b)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.BatchCompleted, b.Status)
	assert.Equal(t, 14, b.Total)
	assert.Equal(t, 12, b.Succeeded)
	assert.Equal(t, 1, b.Failed)
	assert.Equal(t, 1, b.Skipped)
	require.Len(t, b.Items, 14)
	assert.Equal(t, domain.ItemFailed, b.Items[12].Status)
	assert.Equal(t, "no such recipient", b.Items[12].Message)

	// One PDF per succeeded item, although every page ran twice.
	var docs int
	require.NoError(t, h.Store.Pool().QueryRow(ctx, "SELECT count(*) FROM generated_documents WHERE batch_id = $1", id).Scan(&docs))
	assert.Equal(t, 12, docs)

	var list domain.Page[domain.Batch]
	resp = h.Call("GET", "/api/v1/batch-processes?type="+strings.ReplaceAll(testBatchType, " ", "+"), nil, &list)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Len(t, list.Items, 1)
	assert.Equal(t, id, list.Items[0].ID)

	resp = h.Call("GET", "/api/v1/batch-processes?type=Nothing+Like+This", nil, &list)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, list.Items)
	resp = h.Call("GET", "/api/v1/batch-processes/"+uuid.NewString(), nil, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}
