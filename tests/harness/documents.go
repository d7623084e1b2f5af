package harness

import (
	"net/http"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// PrintFolder creates a folder with the given settings and documents, and
// returns its id and the documents' ids by name.
func (h *Harness) PrintFolder(settings map[string]any, docs ...map[string]any) (string, map[string]string) {
	h.T.Helper()
	var f domain.Folder
	settings["name"] = "Letters " + RandHex(3)
	resp := h.Call("POST", "/api/v1/folders", settings, &f)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%+v", f)
	ids := map[string]string{}
	for _, d := range docs {
		var out domain.Document
		resp := h.Call("POST", "/api/v1/folders/"+f.ID+"/documents", d, &out)
		require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%+v", out)
		ids[out.Name] = out.ID
	}
	return f.ID, ids
}
