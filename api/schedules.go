package api

import "github.com/gin-gonic/gin"

// syncSchedule brings the campaign's audience Schedule in line with its
// current version and settings.
func (s *server) syncSchedule(c *gin.Context, id string) {}
