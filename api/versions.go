package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
)

func (s *server) versionRoutes(g *gin.RouterGroup) {
	g.GET("/:id/versions", s.listVersions)
	g.POST("/:id/versions", s.createVersion)
	g.GET("/:id/versions/:n", s.getVersion)
	g.POST("/:id/versions/:n/status", s.setVersionStatus)
	g.PUT("/:id/fields", s.putFields)
	s.audienceRoutes(g)
}

func versionParam(c *gin.Context) (int, bool) {
	n, ok := pathInt(c, "n", "version number", maxInt4)
	return int(n), ok
}

func (s *server) listVersions(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	vs, err := s.app.Versions(c, currentUser(c), id)
	replyPage(c, r, vs, err, func(v app.VersionRecord) string { return strconv.Itoa(v.Version) })
}

func (s *server) getVersion(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	n, ok := versionParam(c)
	if !ok {
		return
	}
	v, err := s.app.Version(c, currentUser(c), id, n)
	reply(c, http.StatusOK, v, err)
}

// createVersion answers POST .../versions: a new Draft copied from the
// current Published or Sundown version; it becomes the current version.
func (s *server) createVersion(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	v, err := s.app.CreateVersion(c, currentUser(c), id)
	reply(c, http.StatusCreated, v, err)
}

// setVersionStatus answers POST .../versions/{n}/status.
func (s *server) setVersionStatus(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	n, ok := versionParam(c)
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

// putFields replaces the current version's custom fields.
func (s *server) putFields(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in app.FieldsInput
	if !bind(c, &in) {
		return
	}
	edit, err := s.app.SetFields(c, currentUser(c), id, in)
	reply(c, http.StatusOK, edit, err)
}
