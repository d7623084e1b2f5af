package api

import (
	"github.com/gin-gonic/gin"
)

// batchOutput serves a finished print batch's one print job: every letter
// combined into one PDF in item order (a zip of the files when the batch
// printed Word documents). 409 while the batch runs; 404 when it printed
// nothing.
func (s *server) batchOutput(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	job, err := s.store.BatchPrintJob(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	sendFile(c, job.Name, job.ContentType, job.Data)
}
