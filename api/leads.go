package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
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
	return leadView{Lead: l, PhoneCountry: domain.PhoneCountryName(l.PhoneCountry), PhoneDisplay: domain.PhoneDisplay(l.Phone, l.PhoneCountry)}
}

// leadID reads the numeric lead id of the path, answering 404 when it is not one.
func leadID(c *gin.Context) (int64, bool) { return pathInt(c, "id", "lead id", maxInt8) }

func (s *server) createLead(c *gin.Context) {
	var in domain.LeadInput
	if !bindLead(c, &in) {
		return
	}
	b2b, err := s.store.LeadSettings(c)
	if err != nil {
		fail(c, err)
		return
	}
	in, err = in.Normalize(b2b)
	if err != nil {
		fail(c, err)
		return
	}
	l, err := s.store.CreateLead(c, in, currentUser(c), "")
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
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, viewLead(l))
}

// leadPatch is the body of PATCH /leads/{id}: any writable field, and the
// status (New -> Qualifying, or Archived).
type leadPatch struct {
	domain.LeadInput
	Status *domain.LeadStatus `json:"status"`
}

func (s *server) updateLead(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	var raw json.RawMessage
	if !bindLead(c, &raw) {
		return
	}
	b2b, err := s.store.LeadSettings(c)
	if err != nil {
		fail(c, err)
		return
	}
	var bodyErr error
	l, err := s.store.ChangeLead(c, id, currentUser(c).ID, "update", func(_ context.Context, _ pgx.Tx, l *domain.Lead) error {
		if err := domain.CheckLeadEditable(*l, "edited"); err != nil {
			return err
		}
		p := leadPatch{LeadInput: domain.InputOf(*l)}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if bodyErr = dec.Decode(&p); bodyErr != nil {
			return bodyErr
		}
		if p.CampaignID != l.CampaignID {
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "campaign_id",
				Message: "is the campaign the lead came from: it is set when the lead is created"}}}
		}
		in, err := p.LeadInput.Normalize(b2b)
		if err != nil {
			return err
		}
		if p.Status != nil {
			if err := domain.CheckLeadStatus(l.Status, *p.Status); err != nil {
				return err
			}
			l.Status = *p.Status
		}
		in.Apply(l)
		return nil
	})
	if bodyErr != nil {
		invalid(c, domain.FieldError{Field: "body", Message: bodyErr.Error()})
		return
	}
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, viewLead(l))
}

func (s *server) listLeads(c *gin.Context) {
	lq, ok := leadQuery(c)
	if !ok {
		return
	}
	limit, cursor, ok := pageParams(c)
	if !ok {
		return
	}
	lq.Cursor, lq.Limit = cursor, limit+1
	ls, err := s.store.ListLeads(c, lq)
	if err != nil {
		fail(c, err)
		return
	}
	out := domain.Page[leadView]{Items: make([]leadView, 0, len(ls))}
	for i, l := range ls {
		if i == limit {
			out.NextCursor = store.LeadCursor(ls[limit-1], lq.Sort)
			break
		}
		out.Items = append(out.Items, viewLead(l))
	}
	c.JSON(http.StatusOK, out)
}

// leadQuery reads the list's search, filter, chips and sort parameters.
func leadQuery(c *gin.Context) (store.LeadQuery, bool) {
	lq := store.LeadQuery{Text: c.Query("q"), Filter: c.DefaultQuery("filter", store.LeadFilterAll), UserID: currentUser(c).ID,
		OwnerIDs: c.QueryArray("owner"), Statuses: c.QueryArray("status"), SourceTypes: c.QueryArray("source_type"),
		Test: c.Query("test"), Sort: c.DefaultQuery("sort", "-created_at")}
	var v domain.Validator
	v.MaxLen("q", lq.Text, domain.MaxSearchLength)
	v.Check(store.LeadFilterValid(lq.Filter), "filter", "must be all, mine, recent or stale")
	v.Check(store.LeadTestValid(lq.Test), "test", "must be exclude (the default), include or only")
	v.Check(store.LeadSortValid(lq.Sort), "sort", "must be one of id, created_at, updated_at, score, last_name, first_name (- for descending)")
	for _, o := range lq.OwnerIDs {
		v.Check(domain.IsUUID(o), "owner", "%q is not a user id", o)
	}
	for _, st := range lq.Statuses {
		v.Check(st == string(domain.LeadNew) || st == string(domain.LeadQualifying) || st == string(domain.LeadQualified) ||
			st == string(domain.LeadArchived), "status", "%q is not a lead status", st)
	}
	for name, dst := range map[string]**int{"score_min": &lq.ScoreMin, "score_max": &lq.ScoreMax} {
		if c.Query(name) != "" {
			n := int(queryInt(c, &v, name, 0, minInt4, maxInt4))
			*dst = &n
		}
	}
	if err := v.Err(); err != nil {
		fail(c, err)
		return lq, false
	}
	return lq, true
}
