package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// batchItemsPage is how many items of a batch its progress shows at once.
const batchItemsPage = 100

// batchProgress is the progress partial of one batch process: its counts,
// a page of its items with each one's result, and, while it runs, the
// address the page's script polls for a fresh copy of it.
type batchProgress struct {
	Batch   domain.Batch
	Percent int
	// Done is true once the batch has finished: nothing more to poll.
	Done    bool
	Items   []batchItemView
	PollURL string
	PageURL string
	// NextURL shows the next page of items ("" on the last).
	NextURL string
	// OutputURL downloads the batch's one print job ("" when it has none).
	OutputURL string
}

// batchItemView is one item of a batch as a person reads it; URL, when
// set, is the page of the record the item names (a lead's).
type batchItemView struct {
	Seq                      int
	Label, URL, Status, Text string
	FileURL, FileName        string
}

// itemResult is what a batch item's result may carry.
type itemResult struct {
	GeneratedDocumentID string `json:"generated_document_id"`
	FileName            string `json:"file_name"`
	To                  string `json:"to"`
	Status              string `json:"status"`
	// LeadID is the lead an import's row became.
	LeadID *int64 `json:"lead_id"`
}

// batchProgressOf reads the progress of a batch the user may see (the
// API's rule, store.BatchVisible), with the items after itemsFrom.
func (p *Pages) batchProgressOf(c *gin.Context, id string, itemsFrom int) (*batchProgress, error) {
	if err := visible(c, p.st.BatchVisible, id); err != nil {
		return nil, err
	}
	b, err := p.st.GetBatch(c, id)
	if err != nil {
		return nil, err
	}
	items, err := p.st.BatchItems(c, id, itemsFrom, batchItemsPage+1)
	if err != nil {
		return nil, err
	}
	base := "/batch-processes/" + url.PathEscape(id)
	v := &batchProgress{Batch: b, Done: b.Status == domain.BatchCompleted || b.Status == domain.BatchFailed, PageURL: base}
	if b.Total > 0 {
		v.Percent = b.Done() * 100 / b.Total
	}
	from := ""
	if itemsFrom > 0 {
		from = "?items_from=" + strconv.Itoa(itemsFrom)
	}
	v.PollURL = base + "/progress" + from
	if len(items) > batchItemsPage {
		items = items[:batchItemsPage]
		v.NextURL = base + "?items_from=" + strconv.Itoa(items[len(items)-1].Seq)
	}
	if v.Items, err = p.itemViews(c, b.Type, base, items); err != nil {
		return nil, err
	}
	if v.Done {
		n, err := p.st.BatchFileCount(c, id)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			v.OutputURL = base + "/output"
		}
	}
	return v, nil
}

// itemViews labels each item with its participant's name where it is one
// (a lead batch's with its lead, see leadItem), and its result with the
// file it produced.
func (p *Pages) itemViews(c *gin.Context, batchType, base string, items []domain.BatchItem) ([]batchItemView, error) {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ItemID
	}
	names, err := p.st.ParticipantNames(c, ids)
	if err != nil {
		return nil, err
	}
	out := make([]batchItemView, len(items))
	for i, it := range items {
		v := batchItemView{Seq: it.Seq, Label: names[it.ItemID], Status: string(it.Status), Text: it.Message}
		if v.Label == "" {
			v.Label = it.ItemID
		}
		var r itemResult
		if len(it.Result) > 0 && json.Unmarshal(it.Result, &r) != nil {
			r = itemResult{} // a result that is not one of these shows nothing
		}
		if slices.Contains(domain.LeadBatchTypes, batchType) {
			v.Label, v.URL = leadItem(batchType, it.ItemID, r.LeadID)
		}
		if r.GeneratedDocumentID != "" {
			v.FileURL, v.FileName = base+"/files/"+url.PathEscape(r.GeneratedDocumentID), r.FileName
		}
		if v.Text == "" && r.To != "" {
			v.Text = "sent to " + r.To
		}
		if v.Text == "" && v.FileURL == "" {
			v.Text = map[domain.ItemStatus]string{domain.ItemPending: "waiting", domain.ItemSucceeded: "done"}[it.Status]
		}
		out[i] = v
	}
	return out, nil
}

// batchFragment answers the progress partial alone, for the script that
// keeps a running batch's progress current.
func (p *Pages) batchFragment(c *gin.Context) {
	v, ok := p.requestedProgress(c)
	if !ok {
		return
	}
	if c.Query("on_page") != "" {
		onPage(v)
	}
	var buf bytes.Buffer
	if err := p.views.pages["batch"].ExecuteTemplate(&buf, "batch-progress", v); err != nil {
		p.failed(c, fmt.Errorf("render batch progress: %w", err))
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// itemsFrom reads the items_from parameter (0 when absent).
func itemsFrom(c *gin.Context) (int, bool) {
	s := c.Query("items_from")
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 1<<31-1
}

// requestedProgress reads the progress of the batch of the path, with the
// items after the items_from parameter; false when it answered a refusal.
func (p *Pages) requestedProgress(c *gin.Context) (*batchProgress, bool) {
	from, ok := itemsFrom(c)
	if !ok {
		p.failed(c, domain.InvalidCursor())
		return nil, false
	}
	v, err := p.batchProgressOf(c, c.Param("id"), from)
	if err != nil {
		p.refused(c, err)
		return nil, false
	}
	return v, true
}
