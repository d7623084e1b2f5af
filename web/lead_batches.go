package web

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// The toolbar's actions on the selected leads: each opens its form (GET,
// with the selection in the query) and starts its batch process or deletes
// (POST), with the same operations as the API.

// selectionAction is one action of the toolbar.
type selectionAction struct {
	Key, Title, Button string
	// do runs the action; it returns the batch started ("" for none).
	do func(p *Pages, c *gin.Context, ids app.LeadIDs, f *dialogForm) (string, error)
}

var selectionActions = []selectionAction{
	{Key: "assign-owner", Title: "Assign Owner", Button: "Assign owner", do: (*Pages).batchOwner},
	{Key: "email", Title: "New Batch Email", Button: "Send emails", do: (*Pages).batchEmail},
	{Key: "print", Title: "New Print Job", Button: "Print", do: (*Pages).batchPrint},
	{Key: "bulk-delete", Title: "Delete Leads", Button: "Delete for good", do: (*Pages).bulkDelete},
}

// selectionPage is the form of an action on the selected leads.
type selectionPage struct {
	Action  selectionAction
	LeadIDs []string
	// Names are the first selected leads' names, to show whom it concerns.
	Names     []string
	Form      dialogForm
	Owners    [][2]string
	Documents [][2]string
	Formats   [][2]string
	Tokens    []string
}

// selectedLeads reads the lead_ids of the query or the form.
func selectedLeads(c *gin.Context) ([]string, app.LeadIDs, error) {
	raw := c.QueryArray("lead_ids")
	if c.Request.Method == http.MethodPost {
		raw = c.PostFormArray("lead_ids")
	}
	var in app.LeadIDs
	for _, s := range raw {
		id, ok := domain.ParseInt(s, 1, math.MaxInt64)
		if !ok {
			return raw, in, &domain.ValidationError{Fields: []domain.FieldError{{Field: "lead_ids", Message: fmt.Sprintf("%q is not a lead id", s)}}}
		}
		in.LeadIDs = append(in.LeadIDs, id)
	}
	return raw, in, nil
}

func (p *Pages) selectionForm(a selectionAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		raw, ids, err := selectedLeads(c)
		if err == nil && len(ids.LeadIDs) == 0 {
			p.setFlash(c, "error", "Select the leads first: tick them in the table.")
			c.Redirect(http.StatusSeeOther, "/leads")
			return
		}
		f := newDialog(true, nil)
		if err != nil && !f.refuse(err) {
			p.failed(c, err)
			return
		}
		p.showSelection(c, http.StatusOK, a, raw, ids, f)
	}
}

func (p *Pages) selectionDo(a selectionAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		raw, ids, err := selectedLeads(c)
		f := newDialog(true, nil)
		batch := ""
		if err == nil {
			batch, err = a.do(p, c, ids, &f)
		}
		switch {
		case err == nil && batch != "":
			p.setFlash(c, "success", a.Title+": started for "+strconv.Itoa(len(ids.LeadIDs))+" leads.")
			c.Redirect(http.StatusSeeOther, "/batch-processes/"+batch)
		case err == nil:
			p.setFlash(c, "success", strconv.Itoa(len(ids.LeadIDs))+" leads deleted.")
			c.Redirect(http.StatusSeeOther, "/leads")
		case f.refuse(err):
			p.showSelection(c, http.StatusUnprocessableEntity, a, raw, ids, f)
		default:
			p.failed(c, err)
		}
	}
}

// showSelection renders an action's form with its choices.
func (p *Pages) showSelection(c *gin.Context, status int, a selectionAction, raw []string, ids app.LeadIDs, f dialogForm) {
	v := selectionPage{Action: a, LeadIDs: raw, Form: f}
	for i, id := range ids.LeadIDs {
		if i == 20 {
			v.Names = append(v.Names, fmt.Sprintf("and %d more", len(ids.LeadIDs)-20))
			break
		}
		if l, err := p.st.GetLead(c, id); err == nil {
			v.Names = append(v.Names, l.FirstName+" "+l.LastName)
		}
	}
	switch a.Key {
	case "assign-owner":
		owners, err := p.st.LeadUsers(c, 200)
		if err != nil {
			p.failed(c, err)
			return
		}
		v.Owners = [][2]string{{"", "Choose a user"}}
		for _, o := range owners {
			v.Owners = append(v.Owners, [2]string{o.ID, o.Name})
		}
	case "print":
		docs, err := p.st.DocumentChoices(c, 500)
		if err != nil {
			p.failed(c, err)
			return
		}
		v.Documents = [][2]string{{"", "Choose a document"}}
		for _, d := range docs {
			label := d.Name + " (" + d.Folder
			if d.AttachmentName != "" {
				label += ", " + d.AttachmentName
			}
			v.Documents = append(v.Documents, [2]string{d.ID, label + ")"})
		}
		v.Formats = [][2]string{{"", "The document's own"}, {domain.FormatPDF, "PDF"}, {domain.FormatDOCX, "Word (DOCX)"}}
	case "email":
		for k := range domain.LeadMergeValues(domain.Lead{}) {
			v.Tokens = append(v.Tokens, "{{"+k+"}}")
		}
		sort.Strings(v.Tokens)
	}
	p.render(c, status, "lead_selection", "leads", a.Title, v)
}

func (p *Pages) batchOwner(c *gin.Context, ids app.LeadIDs, f *dialogForm) (string, error) {
	f.Values["owner_id"] = c.PostForm("owner_id")
	b, err := p.app.BatchAssignLeadOwner(c, user(c), app.BatchOwnerInput{LeadIDs: ids, OwnerInput: app.OwnerInput{OwnerID: f.Values["owner_id"]}})
	return b.ID, err
}

func (p *Pages) batchPrint(c *gin.Context, ids app.LeadIDs, f *dialogForm) (string, error) {
	f.Values["document_id"], f.Values["format"] = c.PostForm("document_id"), c.PostForm("format")
	b, err := p.app.BatchPrintLeads(c, user(c), app.LeadPrintInput{LeadIDs: ids, DocumentID: f.Values["document_id"], Format: f.Values["format"]})
	return b.ID, err
}

func (p *Pages) bulkDelete(c *gin.Context, ids app.LeadIDs, _ *dialogForm) (string, error) {
	_, err := p.app.DeleteLeads(c, user(c), ids)
	return "", err
}

// batchEmail sends the merged email with the uploaded files attached.
func (p *Pages) batchEmail(c *gin.Context, ids app.LeadIDs, f *dialogForm) (string, error) {
	f.Values["subject"], f.Values["body"], f.Values["attachments"] = c.PostForm("subject"), c.PostForm("body"), ""
	in := app.LeadEmailInput{LeadIDs: ids, LeadEmail: domain.LeadEmail{Subject: f.Values["subject"], Body: f.Values["body"]}}
	if form, err := c.MultipartForm(); err == nil {
		for _, fh := range form.File["attachments"] {
			if fh.Size > domain.MaxAttachment {
				return "", &domain.ValidationError{Fields: []domain.FieldError{{Field: "attachments", Message: fh.Filename + " is larger than 5 MB"}}}
			}
			r, err := fh.Open()
			if err != nil {
				return "", err
			}
			data, err := io.ReadAll(r)
			_ = r.Close()
			if err != nil {
				return "", err
			}
			in.Files = append(in.Files, app.Upload{Name: fh.Filename, Data: data})
		}
	}
	b, err := p.app.BatchEmailLeads(c, user(c), in)
	return b.ID, err
}

// leadItem labels an item of a lead batch and links it to its lead: the
// item is the lead (an owner, email or print batch) or, in an import, a row
// of the file, which links to the lead it became.
func leadItem(batchType, itemID string, leadID *int64) (label, url string) {
	if batchType == domain.BatchLeadImport {
		if leadID != nil {
			url = "/leads/" + strconv.FormatInt(*leadID, 10)
		}
		return "Row " + itemID, url
	}
	return "Lead " + itemID, "/leads/" + itemID
}
