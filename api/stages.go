package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// moveCampaign answers start, complete and cancel (app.MoveCampaign).
func (s *server) moveCampaign(to domain.Stage) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		moved, err := s.app.MoveCampaign(c, currentUser(c), id, to)
		reply(c, http.StatusOK, moved, err)
	}
}
