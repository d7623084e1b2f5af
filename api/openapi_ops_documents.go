package api

import (
	"github.com/drumbeat-crm/drumbeat/domain"
)

// Media types of the files the API serves.
var (
	fileMedia  = []string{domain.ContentTypePDF, domain.ContentTypeDOCX}
	printMedia = []string{domain.ContentTypePDF, domain.ContentTypeZip}
)

// documentOps: folders, documents, generated documents and batch processes.
func documentOps() []operation {
	const in = PrivSignedIn
	return []operation{
		{Method: "POST", Path: "/api/v1/folders", Priv: in, Summary: "Create a document folder",
			Description: "page_size is A4 (the default) or Letter; the logo comes base64-encoded.", Body: folderInput{}, Status: 201, Answer: domain.Folder{}},
		{Method: "GET", Path: "/api/v1/folders/:id", Priv: in, Summary: "Read a folder", Answer: domain.Folder{}},
		{Method: "GET", Path: "/api/v1/folders/:id/documents", Priv: in, Summary: "List a folder's documents", Query: defaultPage(), Answer: domain.Page[domain.Document]{}},
		{Method: "POST", Path: "/api/v1/folders/:id/documents", Priv: in, Summary: "Create a document (a letter or email text, optionally a Word, PDF or CSV file)",
			Description: "The attachment comes base64-encoded.", Body: documentInput{}, Status: 201, Answer: domain.Document{}},
		{Method: "GET", Path: "/api/v1/documents/:id", Priv: in, Summary: "Read a document", Answer: domain.Document{}},
		{Method: "GET", Path: "/api/v1/generated-documents/:id", Priv: in, Summary: "Read a generated document's record",
			Description: "A generated document follows its lead or its campaign: one of a private campaign answers 404 to whoever may not see it.",
			Answer:      domain.GeneratedDocument{}},
		{Method: "GET", Path: "/api/v1/generated-documents/:id/pdf", Priv: in, Summary: "Download a generated PDF",
			Description: "A Word file answers 404 here: download it at .../file.", AnswerMedia: []string{domain.ContentTypePDF}},
		{Method: "GET", Path: "/api/v1/generated-documents/:id/file", Priv: in, Summary: "Download a generated file as what it is (PDF or Word)",
			AnswerMedia: fileMedia},

		{Method: "GET", Path: "/api/v1/batch-processes", Priv: in, Summary: "List batch processes, newest first",
			Description: "Only the batches over what the user may see are listed.",
			Query:       append(defaultPage(), qString("type", "Only batches of this type")), Answer: domain.Page[domain.Batch]{}},
		{Method: "GET", Path: "/api/v1/batch-processes/:id", Priv: in, Summary: "Read a batch process with a page of its items",
			Description: "items is one page of the batch's items, in order; next_cursor continues them.",
			Query:       defaultPage(), Answer: batchView{}},
		{Method: "GET", Path: "/api/v1/batch-processes/:id/output", Priv: in, Summary: "Download a finished print batch's print job",
			Description: "Every letter combined into one PDF in item order (a zip of the files when the batch printed Word documents). 409 while the batch runs; 404 when it printed nothing.",
			AnswerMedia: printMedia, Fails: []int{409}},
	}
}
