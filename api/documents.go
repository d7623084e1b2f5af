package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/documents"
	"github.com/drumbeat-crm/drumbeat/domain"
)

func (s *server) documentRoutes(v1 *gin.RouterGroup) {
	v1.POST("/folders", s.createFolder)
	v1.GET("/folders/:id", getByID(s.store.GetFolder))
	v1.GET("/folders/:id/documents", s.listFolderDocuments)
	v1.POST("/folders/:id/documents", s.createDocument)
	v1.GET("/documents/:id", getByID(s.store.GetDocument))
	// A generated file follows its lead or its campaign (store.GeneratedDocumentVisible).
	generated := v1.Group("/generated-documents/:id", visibleRecord(s.store.GeneratedDocumentVisible))
	generated.GET("", s.getGeneratedDocument)
	generated.GET("/pdf", s.downloadGeneratedPDF)
	generated.GET("/file", s.downloadGeneratedDocument)
}

// folderInput is the body of POST /folders: a name, the page size of its
// letters (A4 by default) and an optional logo, base64-encoded.
type folderInput struct {
	Name     string `json:"name"`
	PageSize string `json:"page_size"`
	LogoName string `json:"logo_name"`
	Logo     []byte `json:"logo_base64"`
}

func (s *server) createFolder(c *gin.Context) {
	var in folderInput
	if !bind(c, &in) {
		return
	}
	f := domain.Folder{ID: uuid.NewString(), Name: strings.TrimSpace(in.Name), PageSize: domain.PageA4,
		LogoName: in.LogoName, LogoType: domain.AttachmentType(in.LogoName), Logo: in.Logo}
	if in.PageSize != "" {
		f.PageSize, _ = domain.PageSize(in.PageSize)
	}
	if err := documents.CheckFolder(f); err != nil {
		fail(c, err)
		return
	}
	if err := s.store.CreateFolder(c, f); err != nil {
		fail(c, err)
		return
	}
	f, err := s.store.GetFolder(c, f.ID)
	reply(c, http.StatusCreated, f, err)
}

func (s *server) listFolderDocuments(c *gin.Context) {
	id, r, ok := idPage(c)
	if !ok {
		return
	}
	if _, err := s.store.GetFolder(c, id); err != nil {
		fail(c, err)
		return
	}
	docs, err := s.store.FolderDocuments(c, id)
	replyPage(c, r, docs, err, documentKey)
}

// documentInput is the body of POST /folders/{id}/documents; the attachment
// comes base64-encoded.
type documentInput struct {
	Name           string     `json:"name"`
	Subject        string     `json:"subject"`
	Body           string     `json:"body"`
	AttachmentName string     `json:"attachment_name"`
	Attachment     []byte     `json:"attachment_base64"`
	PageSize       string     `json:"page_size"`
	DueDate        *time.Time `json:"due_date"`
}

func (s *server) createDocument(c *gin.Context) {
	folderID, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in documentInput
	if !bind(c, &in) {
		return
	}
	d := domain.Document{ID: uuid.NewString(), FolderID: folderID, Name: strings.TrimSpace(in.Name), Subject: in.Subject,
		Body: in.Body, AttachmentName: in.AttachmentName, AttachmentType: domain.AttachmentType(in.AttachmentName),
		Attachment: in.Attachment, DueDate: in.DueDate, PageSize: in.PageSize}
	if size, ok := domain.PageSize(in.PageSize); ok {
		d.PageSize = size
	}
	if err := documents.CheckDocument(d); err != nil {
		fail(c, err)
		return
	}
	if err := s.store.CreateDocument(c, d); err != nil {
		fail(c, err)
		return
	}
	d, err := s.store.GetDocument(c, d.ID)
	reply(c, http.StatusCreated, d, err)
}

func (s *server) getGeneratedDocument(c *gin.Context) {
	if g, _, ok := s.generatedDocument(c); ok {
		c.JSON(http.StatusOK, g)
	}
}

// downloadGeneratedDocument serves a generated file as what it is (PDF or
// DOCX), named for the recipient.
func (s *server) downloadGeneratedDocument(c *gin.Context) {
	if g, data, ok := s.generatedDocument(c); ok {
		sendFile(c, g.FileName, g.Type, data)
	}
}

// downloadGeneratedPDF serves a generated PDF; a Word file is found at .../file.
func (s *server) downloadGeneratedPDF(c *gin.Context) {
	g, data, ok := s.generatedDocument(c)
	if !ok {
		return
	}
	if g.Type != domain.ContentTypePDF {
		problem(c, http.StatusNotFound, "not-found", "Not found", "this generated document is not a PDF: download it at /api/v1/generated-documents/"+c.Param("id")+"/file")
		return
	}
	sendFile(c, g.FileName, g.Type, data)
}

// generatedDocument reads the generated document of the path's id and its
// file, answering the problem itself when there is none.
func (s *server) generatedDocument(c *gin.Context) (domain.GeneratedDocument, []byte, bool) {
	id, ok := pathID(c, "id")
	if !ok {
		return domain.GeneratedDocument{}, nil, false
	}
	g, data, err := s.store.GetGeneratedDocument(c, id)
	if err != nil {
		fail(c, err)
		return domain.GeneratedDocument{}, nil, false
	}
	return g, data, true
}

// sendFile answers with a file to download; the name is encoded for any
// script (RFC 6266 with an RFC 2231 filename* where it is not ASCII).
func sendFile(c *gin.Context, name, contentType string, data []byte) {
	c.Header("Content-Disposition", domain.ContentDisposition(name))
	c.Data(http.StatusOK, contentType, data)
}
