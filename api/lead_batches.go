package api

import (
	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
)

// batchEmailLeads sends a merged email to each selected lead as a batch
// process with a result per lead.
func (s *server) batchEmailLeads(c *gin.Context) {
	var in app.LeadEmailInput
	if !bind(c, &in) {
		return
	}
	b, err := s.app.BatchEmailLeads(c, currentUser(c), in)
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}

// batchPrintLeads prints a document for each selected lead (a filled Word
// template or a PDF letter), kept and downloadable, as a batch process.
func (s *server) batchPrintLeads(c *gin.Context) {
	var in app.LeadPrintInput
	if !bind(c, &in) {
		return
	}
	b, err := s.app.BatchPrintLeads(c, currentUser(c), in)
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}
