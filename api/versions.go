package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

func (s *server) versionRoutes(g *gin.RouterGroup) {
	g.GET("/:id/versions", s.listVersions)
	g.POST("/:id/versions", s.createVersion)
	g.GET("/:id/versions/:n", s.getVersion)
	g.POST("/:id/versions/:n/status", s.setVersionStatus)
	g.PUT("/:id/fields", s.putFields)
	s.audienceRoutes(g)
}

// versionView is a version as the API shows it.
type versionView struct {
	domain.CampaignVersion
	Participants int `json:"participants"`
}

// versionList is every version of a campaign, oldest first.
type versionList struct {
	Items []versionView `json:"items"`
}

// versionStatusInput is the body of POST .../versions/{n}/status.
type versionStatusInput struct {
	Status string `json:"status"`
}

// fieldsInput is the body of PUT .../fields.
type fieldsInput struct {
	Fields []domain.Field `json:"fields"`
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
	vs, err := s.store.ListVersions(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	counts, err := s.store.VersionParticipantCounts(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	out := versionList{Items: make([]versionView, len(vs))}
	for i, v := range vs {
		out.Items[i] = versionView{CampaignVersion: v, Participants: counts[v.Version]}
	}
	c.JSON(http.StatusOK, out)
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
	s.writeVersion(c, http.StatusOK, id, n)
}

func (s *server) writeVersion(c *gin.Context, status int, id string, n int) {
	v, err := s.store.GetVersion(c, id, n)
	if err != nil {
		fail(c, err)
		return
	}
	counts, err := s.store.VersionParticipantCounts(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(status, versionView{CampaignVersion: v, Participants: counts[v.Version]})
}

// createVersion answers POST .../versions: a new Draft copied from the
// current Published or Sundown version; it becomes the current version.
func (s *server) createVersion(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	n, err := s.store.CreateVersion(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	s.app.SyncSchedule(c, id)
	s.writeVersion(c, http.StatusCreated, id, n)
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
	var in versionStatusInput
	if !bind(c, &in) {
		return
	}
	to, known := domain.ParseVersionStatus(in.Status)
	if !known {
		invalid(c, domain.FieldError{Field: "status", Message: "must be Draft, Test, Published, Sundown or Deleted"})
		return
	}
	if err := s.store.SetVersionStatus(c, id, n, to); err != nil {
		fail(c, err)
		return
	}
	s.app.SyncSchedule(c, id)
	s.writeVersion(c, http.StatusOK, id, n)
}

// putFields replaces the current version's custom fields.
func (s *server) putFields(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in fieldsInput
	if !bind(c, &in) {
		return
	}
	fields := domain.NormalizeFields(in.Fields)
	if err := domain.ValidateFields(fields); err != nil {
		fail(c, err)
		return
	}
	if err := s.store.SetVersionFields(c, id, fields); err != nil {
		fail(c, err)
		return
	}
	v, err := s.store.CurrentVersion(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	s.writeEdit(c, v, gin.H{"fields": v.Fields})
}

// editWarning tells who an edit of a Test version does not reach: the
// participants already running its earlier definition ("contracts with
// outdated settings").
type editWarning struct {
	Message      string                     `json:"message"`
	Participants []store.RunningParticipant `json:"participants"`
}

// outdatedWarning returns the warning for an edit of version v, or nil when
// no running participant is affected.
func (s *server) outdatedWarning(c *gin.Context, v domain.CampaignVersion) (*editWarning, error) {
	if v.Status != domain.VersionTest {
		return nil, nil
	}
	ps, err := s.store.RunningParticipants(c, v.CampaignID, v.Version, v.Workflow)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return &editWarning{Message: "contracts with outdated settings: these running participants keep the definition they started with",
		Participants: ps}, nil
}

// writeEdit answers an edit of the current version with body plus, for a
// Test version, the outdated-settings warning.
func (s *server) writeEdit(c *gin.Context, v domain.CampaignVersion, body gin.H) {
	w, err := s.outdatedWarning(c, v)
	if err != nil {
		fail(c, err)
		return
	}
	body["version"] = v.Version
	if w != nil {
		body["warning"] = w
	}
	c.JSON(http.StatusOK, body)
}
