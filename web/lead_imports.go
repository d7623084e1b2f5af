package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// The import wizard: upload a CSV, review the staged rows (correct them,
// see the existing leads each may duplicate, skip or import duplicates),
// complete, and follow the import's batch process.

// importRowsPage is how many staged rows a page of the review shows.
const importRowsPage = 50

// uploadPage is the first step: the file.
type uploadPage struct {
	Form   dialogForm
	Fields []string
}

func (p *Pages) importUploadForm(c *gin.Context) {
	p.render(c, http.StatusOK, "lead_import_new", "leads", "Import Leads", uploadPage{Form: newDialog(false, nil), Fields: domain.ImportFields})
}

// uploadImport stages the uploaded file (app.UploadLeadImport, as POST
// /api/v1/lead-imports) and opens its review.
func (p *Pages) uploadImport(c *gin.Context) {
	f := newDialog(true, nil)
	f.Values["file"] = ""
	fh, err := c.FormFile("file")
	var imp domain.LeadImport
	if err != nil {
		err = &domain.ValidationError{Fields: []domain.FieldError{{Field: "file", Message: "choose a CSV file to upload"}}}
	} else if file, oerr := fh.Open(); oerr != nil {
		err = oerr
	} else {
		imp, err = p.app.UploadLeadImport(c, user(c), fh.Filename, file)
		_ = file.Close()
	}
	if errors.Is(err, app.ErrUploadTooLarge) {
		err = &domain.ValidationError{Fields: []domain.FieldError{{Field: "file", Message: err.Error()}}}
	}
	if err == nil {
		p.setFlash(c, "success", fmt.Sprintf("%d rows staged: review them, then complete the import.", imp.Rows))
		c.Redirect(http.StatusSeeOther, "/leads/imports/"+imp.ID)
		return
	}
	if !f.refuse(err) {
		p.failed(c, err)
		return
	}
	p.render(c, http.StatusUnprocessableEntity, "lead_import_new", "leads", "Import Leads", uploadPage{Form: f, Fields: domain.ImportFields})
}

// importPage is the review of a staged import, or the progress and the
// outcome of a completed one.
type importPage struct {
	Import domain.LeadImport
	Rows   []importRowView
	Next   string
	Fields []string
	// Progress is the import's batch process once it is completed, without
	// its own polling: the page reloads itself while the batch runs, so that
	// the rows and counts keep up with it.
	Progress *batchProgress
	Staged   bool
}

// importRowView is a staged row with its errors by field and its matches.
type importRowView struct {
	domain.ImportRow
	Name    string
	Errors  map[string]string
	Other   []string
	Matches []match
}

// match is an existing lead a row may duplicate.
type match struct{ URL, Label string }

func (p *Pages) leadImport(c *gin.Context) {
	id := c.Param("id")
	if !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	imp, err := p.st.GetLeadImport(c, id)
	if err != nil {
		p.failed(c, err)
		return
	}
	after, _ := domain.ParseInt(c.Query("after"), 0, math.MaxInt32)
	rows, err := p.app.LeadImportRows(c, user(c), id, int(after), importRowsPage+1)
	if err != nil {
		p.failed(c, err)
		return
	}
	v := importPage{Import: imp, Fields: domain.ImportFields, Staged: imp.Status == domain.ImportStaged}
	if len(rows) > importRowsPage {
		rows = rows[:importRowsPage]
		v.Next = fmt.Sprintf("/leads/imports/%s?after=%d", id, rows[importRowsPage-1].RowNo)
	}
	for _, r := range rows {
		rv := importRowView{ImportRow: r, Name: strings.TrimSpace(r.Data["first_name"] + " " + r.Data["last_name"]), Errors: map[string]string{}}
		for _, fe := range r.Errors {
			if domain.ImportFieldKnown(fe.Field) && rv.Errors[fe.Field] == "" {
				rv.Errors[fe.Field] = sentence(fe.Message)
			} else {
				rv.Other = append(rv.Other, fe.Field+" "+fe.Message)
			}
		}
		for _, m := range r.Matches {
			rv.Matches = append(rv.Matches, match{URL: fmt.Sprintf("/leads/%d", m.LeadID),
				Label: fmt.Sprintf("Lead %d (same %s)", m.LeadID, strings.Join(m.By, ", "))})
		}
		v.Rows = append(v.Rows, rv)
	}
	if imp.BatchID != "" {
		if v.Progress, err = p.batchProgressOf(c, imp.BatchID, 0); err != nil {
			p.failed(c, err)
			return
		}
		v.Progress.PollURL = ""
	}
	p.render(c, http.StatusOK, "lead_import", "leads", "Import "+imp.FileName, v)
}

// correctImportRow saves a row's corrections (app.CorrectLeadImportRow, as
// PATCH /api/v1/lead-imports/{id}/rows/{row}); the row is checked again.
func (p *Pages) correctImportRow(c *gin.Context) {
	id := c.Param("id")
	row, ok := domain.ParseInt(c.Param("row"), 1, math.MaxInt32)
	if !ok || !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	in := app.ImportRowPatch{Data: map[string]string{}}
	for _, k := range domain.ImportFields {
		if v, sent := c.GetPostForm(k); sent {
			in.Data[k] = v
		}
	}
	skip, dup := c.PostForm("skip") != "", c.PostForm("import_duplicate") != ""
	in.Skip, in.ImportDuplicate = &skip, &dup
	r, err := p.app.CorrectLeadImportRow(c, user(c), id, int(row), in)
	back := fmt.Sprintf("/leads/imports/%s?after=%d#row-%d", id, max(row-1, 0)/importRowsPage*importRowsPage, row)
	if err == nil && len(r.Errors) > 0 {
		p.setFlash(c, "error", fmt.Sprintf("Row %d saved, but it still has errors.", row))
		c.Redirect(http.StatusSeeOther, back)
		return
	}
	p.done(c, back, fmt.Sprintf("Row %d saved.", row), err)
}

// completeImport imports the rows (app.CompleteLeadImport, as POST
// /api/v1/lead-imports/{id}/complete) and shows the import's progress.
func (p *Pages) completeImport(c *gin.Context) {
	id := c.Param("id")
	if !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	_, err := p.app.CompleteLeadImport(c, user(c), id)
	p.done(c, "/leads/imports/"+id, "Import started.", err)
}
