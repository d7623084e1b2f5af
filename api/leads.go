package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// leadRoutes registers every Integrated Lead Management endpoint; each one
// needs the privilege domain.PrivLeads.
func (s *server) leadRoutes(v1 *gin.RouterGroup) {
	g := v1.Group("/leads", require(domain.PrivLeads))
	g.POST("", s.createLead)
	g.GET("", s.listLeads)
	g.GET("/export.csv", s.exportLeads)
	g.GET("/charts/:chart", s.leadChart)
	g.POST("/bulk-delete", s.deleteLeads)
	g.POST("/assign-owner", s.batchAssignOwner)
	g.POST("/email", s.batchEmailLeads)
	g.POST("/print", s.batchPrintLeads)
	g.GET("/:id", s.getLead)
	g.PATCH("/:id", s.updateLead)
	g.DELETE("/:id", s.deleteLead)
	g.PUT("/:id/owner", s.assignOwner)
	g.POST("/:id/archive", s.archiveLead)
	g.POST("/:id/convert", s.convertLead)
	g.GET("/:id/audit", s.leadAudit)
	s.leadDetailRoutes(g)
	s.leadAdminRoutes(v1.Group("", require(domain.PrivLeads)))
	s.leadImportRoutes(v1.Group("/lead-imports", require(domain.PrivLeads)))
}

// leadView is a lead as the API shows it: the phone also in display form,
// and the phone country "Unspecified" when the number is kept as entered.
type leadView struct {
	domain.Lead
	PhoneCountry string `json:"phone_country"`
	PhoneDisplay string `json:"phone_display"`
}

func viewLead(l domain.Lead) leadView {
	return leadView{Lead: l, PhoneCountry: domain.PhoneCountryName(l.PhoneCountry), PhoneDisplay: l.PhoneShown()}
}

// leadID reads the numeric lead id of the path, answering 404 when it is not one.
func leadID(c *gin.Context) (int64, bool) { return pathInt(c, "id", "lead id", maxInt8) }

func (s *server) createLead(c *gin.Context) {
	var in domain.LeadInput
	if !bindLead(c, &in) {
		return
	}
	l, err := s.app.CreateLead(c, currentUser(c), in)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/leads/"+strconv.FormatInt(l.ID, 10))
	c.JSON(http.StatusCreated, viewLead(l))
}

// bindLead decodes a lead body strictly, refusing the computed and
// system-assigned fields with a clear message.
func bindLead(c *gin.Context, v any) bool {
	var raw json.RawMessage
	if !bind(c, &raw) {
		return false
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		invalid(c, domain.FieldError{Field: "body", Message: "must be a JSON object"})
		return false
	}
	var fields []domain.FieldError
	for _, k := range []string{"score", "id", "owner_id", "created_by", "created_at", "updated_at"} {
		if _, ok := keys[k]; ok {
			fields = append(fields, domain.FieldError{Field: k, Message: "is assigned by the system and cannot be written"})
		}
	}
	if len(fields) > 0 {
		invalid(c, fields...)
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			invalid(c, domain.FieldError{Field: typeErr.Field, Message: "must be of type " + typeErr.Type.String()})
		} else {
			invalid(c, domain.FieldError{Field: "body", Message: err.Error()})
		}
		return false
	}
	return true
}

func (s *server) getLead(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	l, err := s.store.GetLead(c, id)
	replyLead(c, l, err)
}

func (s *server) updateLead(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	var p domain.LeadPatch
	if !bindLead(c, &p) {
		return
	}
	l, err := s.app.UpdateLead(c, currentUser(c), id, p)
	replyLead(c, l, err)
}

// replyLead answers 200 with the lead as the API shows it (viewLead), or
// with the problem err describes.
func replyLead(c *gin.Context, l domain.Lead, err error) {
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, viewLead(l))
}

func (s *server) listLeads(c *gin.Context) {
	limit, cursor, ok := pageParams(c)
	if !ok {
		return
	}
	in := leadListInput(c)
	in.Cursor, in.Limit = cursor, limit
	res, err := s.app.ListLeads(c, currentUser(c), in)
	if err != nil {
		fail(c, err)
		return
	}
	renderLeadPage(c, res.Items, res.NextCursor)
}

// leadListInput reads the list's search, filter, chips and sort parameters.
func leadListInput(c *gin.Context) app.LeadListInput {
	return app.LeadListInput{Q: c.Query("q"), Filter: c.Query("filter"), Owners: c.QueryArray("owner"),
		Statuses: c.QueryArray("status"), SourceTypes: c.QueryArray("source_type"), ScoreMin: c.Query("score_min"),
		ScoreMax: c.Query("score_max"), Test: c.Query("test"), Sort: c.Query("sort")}
}
