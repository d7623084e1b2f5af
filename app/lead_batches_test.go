package app_test

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// A batch email whose uploaded files cannot be attached is refused whole,
// with each problem named, before anything is written: no document is
// kept and no batch starts.
func TestBatchEmailRefusesBadUploads(t *testing.T) {
	st := storetest.New(t)
	ops := app.New(app.Config{Store: st, Temporal: workertest.Dial(t), TaskQueue: workertest.NewTaskQueue("app")})
	u := domain.User{ID: uuid.NewString(), Name: "Lee", Email: "lee@app.example.test", Privileges: []string{domain.PrivLeads}}
	require.NoError(t, st.UpsertUser(t.Context(), u))
	yes := true
	in, err := domain.LeadInput{FirstName: "Ann", LastName: "Lee", Email: "ann@app.example.test", SalesConcept: "c", SourceType: "s",
		ConsentToContact: &yes}.Normalize(false)
	require.NoError(t, err)
	l, err := st.CreateLead(t.Context(), in, u, "")
	require.NoError(t, err)

	_, err = ops.BatchEmailLeads(t.Context(), u, app.LeadEmailInput{LeadIDs: app.LeadIDs{LeadIDs: []int64{l.ID}},
		LeadEmail: domain.LeadEmail{Subject: "Hi", Body: "<p>Hi</p>"},
		Files:     []app.Upload{{Name: "virus.exe", Data: []byte("MZ")}, {Name: "letter.docx", Data: []byte("not a zip")}, {Name: "empty.pdf"}}})
	var ve *domain.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	assert.Equal(t, []domain.FieldError{
		{Field: "attachments", Message: "virus.exe: attach Word, PDF or CSV files"},
		{Field: "attachments", Message: "letter.docx: is not a valid Word (.docx) document"},
		{Field: "attachments", Message: "empty.pdf: is empty"},
	}, ve.Fields)
	_, err = st.GetFolder(t.Context(), app.LeadEmailFolderID)
	assert.ErrorIs(t, err, domain.ErrNotFound, "no folder, no document was written")
	bs, err := st.ListBatches(t.Context(), domain.User{ID: u.ID, Privileges: []string{domain.PrivAdmin}}, "", nil, "", 10)
	require.NoError(t, err)
	assert.Empty(t, bs, "no batch started")

	// Too many files in all: the email's own limit counts the uploads.
	files := make([]app.Upload, domain.MaxAttachments+1)
	for i := range files {
		files[i] = app.Upload{Name: "a.csv", Data: []byte("x")}
	}
	_, err = ops.BatchEmailLeads(t.Context(), u, app.LeadEmailInput{LeadIDs: app.LeadIDs{LeadIDs: []int64{l.ID}},
		LeadEmail: domain.LeadEmail{Subject: "Hi", Body: "<p>Hi</p>"}, Files: files})
	require.True(t, errors.As(err, &ve), "%v", err)
	assert.Contains(t, ve.Error(), "attachment_document_ids: at most")
}
