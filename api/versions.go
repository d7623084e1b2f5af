package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
)

func (s *server) versionRoutes(g *gin.RouterGroup) {
	g.GET("/:id/versions", listOf(idPath, s.app.Versions, func(v app.VersionRecord) string { return strconv.Itoa(v.Version) }))
	// A new Draft copied from the current Published or Sundown version; it
	// becomes the current version.
	g.POST("/:id/versions", callByID(http.StatusCreated, s.app.CreateVersion))
	g.GET("/:id/versions/:n", s.getVersion)
	g.POST("/:id/versions/:n/status", s.setVersionStatus)
	// Replaces the current version's custom fields.
	g.PUT("/:id/fields", updateByID(s.app.SetFields))
	s.audienceRoutes(g)
}

// versionPath reads the path of a campaign's version: the campaign id and
// the version number.
func versionPath(c *gin.Context) (string, int, bool) {
	id, ok := pathID(c, "id")
	if !ok {
		return "", 0, false
	}
	n, ok := pathInt(c, "n", "version number", maxInt4)
	return id, int(n), ok
}

func (s *server) getVersion(c *gin.Context) {
	id, n, ok := versionPath(c)
	if !ok {
		return
	}
	v, err := s.app.Version(c, currentUser(c), id, n)
	reply(c, http.StatusOK, v, err)
}

// setVersionStatus answers POST .../versions/{n}/status.
func (s *server) setVersionStatus(c *gin.Context) {
	id, n, ok := versionPath(c)
	if !ok {
		return
	}
	var in app.VersionStatusInput
	if !bind(c, &in) {
		return
	}
	v, err := s.app.SetVersionStatus(c, currentUser(c), id, n, in)
	reply(c, http.StatusOK, v, err)
}
