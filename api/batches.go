package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// batchRoutes serves /batch-processes: a batch is seen only by whoever may
// see what it works on (store.BatchVisible); the list shows only those.
func (s *server) batchRoutes(g *gin.RouterGroup) {
	g.GET("", s.listBatches)
	g.GET("/:id", visibleRecord(s.store.BatchVisible), s.getBatch)
	g.GET("/:id/output", visibleRecord(s.store.BatchVisible), s.batchOutput)
}

// startBatch records a batch process over itemIDs and starts its workflow
// (app.StartBatch). The caller answers 202 with the returned batch.
func (s *server) startBatch(c *gin.Context, typ string, params any, itemIDs []string) (domain.Batch, error) {
	return s.app.StartBatch(c, currentUser(c), typ, params, itemIDs)
}

// acceptBatch answers 202 with the batch and where to follow it.
func acceptBatch(c *gin.Context, b domain.Batch) {
	c.Header("Location", "/api/v1/batch-processes/"+b.ID)
	c.JSON(http.StatusAccepted, b)
}

func (s *server) listBatches(c *gin.Context) {
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	bs, err := s.store.ListBatches(c, currentUser(c), c.Query("type"), r)
	reply(c, http.StatusOK, bs, err)
}

// batchView is a batch process with a page of its items.
type batchView struct {
	domain.Batch
	domain.Page[domain.BatchItem]
}

func (s *server) getBatch(c *gin.Context) {
	id, r, ok := idPage(c)
	if !ok {
		return
	}
	after, err := domain.DecodeIntCursor(r.Cursor, maxInt4)
	if err != nil {
		fail(c, err)
		return
	}
	b, err := s.store.GetBatch(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	items, err := s.store.BatchItems(c, id, int(after), r.Limit+1)
	pg := domain.PageOf(items, r.Limit, func(last domain.BatchItem) string { return domain.IntCursor(int64(last.Seq)) })
	reply(c, http.StatusOK, batchView{Batch: b, Page: pg}, err)
}
