package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// emailChoices is how many participants the Email dialog lists to choose from.
const emailChoices = 200

// documentsView is the Documents tab: the campaign folder's documents, the
// Email dialog of one, and the progress of an email batch just started.
type documentsView struct {
	Header campaignHeader
	Folder bool
	Docs   []documentRow
	Email  *emailForm
	Batch  *batchProgress
	Noun   string
}

// documentRow is one document as the list shows it.
type documentRow struct {
	domain.Document
	Due, Updated, EmailURL string
}

// emailForm is the Email dialog: every participant, or those chosen.
type emailForm struct {
	Doc          domain.Document
	Participants []participantRow
	// More is true when the campaign has more participants than listed.
	More  bool
	Total int
	Error string
}

// documents is the Documents tab (app.CampaignDocuments).
func (p *Pages) documents(c *gin.Context) {
	p.showDocuments(c, http.StatusOK, "")
}

// showDocuments renders the tab; formError, when set, shows the Email
// dialog again with it.
func (p *Pages) showDocuments(c *gin.Context, status int, formError string) {
	camp := openedCampaign(c)
	docs, err := p.app.CampaignDocuments(c, user(c), camp.ID)
	if err != nil {
		p.failed(c, err)
		return
	}
	v := documentsView{Header: headerOf(camp, "documents"), Folder: camp.FolderID != "", Noun: "documents"}
	for _, d := range docs {
		v.Docs = append(v.Docs, documentRow{Document: d, Due: showDate(d.DueDate), Updated: d.UpdatedAt.Format("2 Jan 2006"),
			EmailURL: "/campaigns/" + url.PathEscape(camp.ID) + "/documents?email=" + url.QueryEscape(d.ID)})
	}
	docID := c.Query("email")
	if formError != "" {
		docID = c.Param("doc")
	}
	if docID != "" {
		if v.Email, err = p.emailDialog(c, camp, docs, docID); err != nil {
			p.refused(c, err)
			return
		}
		v.Email.Error = formError
	}
	if id := c.Query("batch"); id != "" {
		if v.Batch, err = p.batchProgressOf(c, id, 0); err != nil {
			p.refused(c, err)
			return
		}
	}
	p.render(c, status, "documents", "campaigns", camp.Name+" · Documents", v)
}

// emailDialog fills the Email dialog of a document of the tab.
func (p *Pages) emailDialog(c *gin.Context, camp domain.Campaign, docs []domain.Document, docID string) (*emailForm, error) {
	f := &emailForm{}
	for _, d := range docs {
		if d.ID == docID {
			f.Doc = d
		}
	}
	if f.Doc.ID == "" {
		return nil, domain.ErrNotFound
	}
	ps, err := p.st.ListParticipants(c, camp.ID, "", emailChoices+1)
	if err != nil {
		return nil, err
	}
	if len(ps) > emailChoices {
		ps, f.More = ps[:emailChoices], true
	}
	if f.Participants, err = p.participantRows(c, camp, ps); err != nil {
		return nil, err
	}
	f.Total, err = p.st.CountParticipants(c, camp.ID)
	return f, err
}

// emailDocument emails a document to every participant or to those chosen
// (app.EmailCampaignDocument) and shows the batch's progress.
func (p *Pages) emailDocument(c *gin.Context) {
	camp := openedCampaign(c)
	var in app.DocumentEmailInput
	if c.PostForm("to") != "all" {
		// An empty list would mean everyone: choosing nobody is a mistake.
		if in.ParticipantIDs = c.PostFormArray("participant_id"); len(in.ParticipantIDs) == 0 {
			p.showDocuments(c, http.StatusUnprocessableEntity, "Choose at least one participant, or email every participant.")
			return
		}
	}
	docID := c.Param("doc")
	if !domain.IsUUID(docID) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	b, err := p.app.EmailCampaignDocument(c, user(c), camp.ID, docID, in)
	back := "/campaigns/" + url.PathEscape(camp.ID) + "/documents"
	if err != nil {
		p.back(c, back, "", err)
		return
	}
	p.back(c, back+"?batch="+url.QueryEscape(b.ID), "Emailing the document to "+plural(b.Total, "participant")+".", nil)
}
