package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// batchPageSize is how many batches a page of the workspace shows.
const batchPageSize = 25

// batchTypes are the Type filter's choices: every kind of batch process.
var batchTypes = append([]string{domain.BatchUpdateParticipantStatus, domain.BatchEmailCampaignDocument,
	domain.BatchPrintCampaignDocument, domain.BatchEndRemovedParticipants}, domain.LeadBatchTypes...)

// visibleBatch lets through only a batch the user may see (store.BatchVisible).
func (p *Pages) visibleBatch(c *gin.Context) {
	if err := visible(c, p.st.BatchVisible, c.Param("id")); err != nil {
		p.failed(c, err)
		return
	}
	c.Next()
}

// visible runs the store's access check of a record kind for the user:
// domain.ErrNotFound for a record the user may not see, or that is not one.
func visible(c *gin.Context, check func(context.Context, string, domain.User) (bool, error), id string) error {
	if !domain.IsUUID(id) {
		return domain.ErrNotFound
	}
	ok, err := check(c, id, user(c))
	if err == nil && !ok {
		err = domain.ErrNotFound
	}
	return err
}

// batchesView is the workspace: the table of batches.
type batchesView struct {
	Table *table
	Rows  []batchRow
}

// batchRow is one batch as the table shows it.
type batchRow struct {
	domain.Batch
	Campaign, CampaignURL, Created string
}

// batches is the Batch Processes workspace: newest first, filtered by type,
// only those the user may see (store.ListBatches, as the API lists them).
func (p *Pages) batches(c *gin.Context) {
	q := c.Request.URL.Query()
	pg, err := p.st.ListBatches(c, user(c), q.Get("type"), domain.PageRequest{Limit: batchPageSize, Cursor: q.Get("cursor")})
	if err != nil {
		p.failed(c, err)
		return
	}
	bs := pg.Items
	t := &table{Action: "/batch-processes", Params: q, Noun: "batch processes", NextCursor: pg.NextCursor}
	choices := make([][2]string, len(batchTypes))
	for i, typ := range batchTypes {
		choices[i] = [2]string{typ, typ}
	}
	t.addChips("Type", "type", true, choices...)
	rows, err := p.batchRows(c, bs)
	if err != nil {
		p.failed(c, err)
		return
	}
	p.render(c, http.StatusOK, "batches", "batches", "Batch Processes", batchesView{Table: t, Rows: rows})
}

// batchRows names the campaign each batch works on.
func (p *Pages) batchRows(c *gin.Context, bs []domain.Batch) ([]batchRow, error) {
	ids := make([]string, len(bs))
	for i, b := range bs {
		ids[i] = campaignOf(b)
	}
	names, err := p.st.CampaignNames(c, ids)
	if err != nil {
		return nil, err
	}
	rows := make([]batchRow, len(bs))
	for i, b := range bs {
		rows[i] = batchRow{Batch: b, Created: b.CreatedAt.Format("2 Jan 2006 15:04")}
		if n, ok := names[ids[i]]; ok {
			rows[i].Campaign, rows[i].CampaignURL = n, "/campaigns/"+ids[i]
		}
	}
	return rows, nil
}

// campaignOf is the campaign a batch's parameters name ("" for none).
func campaignOf(b domain.Batch) string {
	var params struct {
		CampaignID string `json:"campaign_id"`
	}
	_ = json.Unmarshal(b.Params, &params)
	return params.CampaignID
}

// batchView is one batch's page: what it is, and its live progress.
type batchView struct {
	Row       batchRow
	CreatedBy string
	Progress  *batchProgress
}

// batch is one batch process's page.
func (p *Pages) batch(c *gin.Context) {
	prog, ok := p.requestedProgress(c)
	if !ok {
		return
	}
	rows, err := p.batchRows(c, []domain.Batch{prog.Batch})
	if err != nil {
		p.failed(c, err)
		return
	}
	v := batchView{Row: rows[0], CreatedBy: "Drumbeat", Progress: prog}
	if by := prog.Batch.CreatedBy; by != "" { // a campaign's own print batch has nobody behind it
		names, err := p.st.UserNames(c, []string{by})
		if err != nil {
			p.failed(c, err)
			return
		}
		v.CreatedBy = names[by]
	}
	onPage(prog)
	p.render(c, http.StatusOK, "batch", "batches", prog.Batch.Type, v)
}

// onPage makes a batch's progress the one of its own page: no link to the
// page, in this copy or in those its script fetches.
func onPage(v *batchProgress) {
	v.PageURL = ""
	if strings.Contains(v.PollURL, "?") {
		v.PollURL += "&on_page=1"
	} else {
		v.PollURL += "?on_page=1"
	}
}

// Fields are the batch's details card.
func (v batchView) Fields() [][2]string {
	b := v.Row.Batch
	return [][2]string{
		{"Type", b.Type}, {"Status", string(b.Status)}, {"Campaign", v.Row.Campaign}, {"Started by", v.CreatedBy},
		{"Created", v.Row.Created}, {"Started", showTime(b.StartedAt)}, {"Finished", showTime(b.FinishedAt)},
		{"Items", strconv.Itoa(b.Total)}, {"Error", b.Error},
	}
}

// showTime writes a moment as people read it in a card ("" when unset).
func showTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2 Jan 2006 15:04:05")
}

// batchOutput downloads a finished print batch's one print job (the API's
// store.BatchPrintJob): every letter in one PDF, or a zip of Word files.
func (p *Pages) batchOutput(c *gin.Context) {
	job, err := p.st.BatchPrintJob(c, c.Param("id"))
	if err != nil {
		p.refused(c, err)
		return
	}
	download(c, job.Name, job.ContentType, job.Data)
}

// batchFile downloads one file the batch printed; a file of another batch,
// or one the user may not see, is not found.
func (p *Pages) batchFile(c *gin.Context) {
	gid := c.Param("gid")
	if err := visible(c, p.st.GeneratedDocumentVisible, gid); err != nil {
		p.failed(c, err)
		return
	}
	g, data, err := p.st.GetGeneratedDocument(c, gid)
	if err == nil && g.BatchID != c.Param("id") {
		err = domain.ErrNotFound
	}
	if err != nil {
		p.refused(c, err)
		return
	}
	download(c, g.FileName, g.Type, data)
}

// download answers with a file to save, its name encoded for any script.
func download(c *gin.Context, name, contentType string, data []byte) {
	c.Header("Content-Disposition", domain.ContentDisposition(name))
	c.Data(http.StatusOK, contentType, data)
}
