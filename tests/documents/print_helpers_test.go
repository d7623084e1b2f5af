package documents

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/mail"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// download GETs a file with the harness token and returns its answer and bytes.
func download(h *harness.Harness, path string) (*http.Response, []byte) {
	h.T.Helper()
	resp := h.Call("GET", path, nil, nil)
	data, err := io.ReadAll(resp.Body)
	require.NoError(h.T, err)
	return resp, data
}

// wordDoc is a document body whose attachment is the given DOCX.
func wordDoc(name string, docx []byte) map[string]any {
	return map[string]any{"name": name, "attachment_name": name + ".docx", "attachment_base64": base64.StdEncoding.EncodeToString(docx)}
}

// logoPNG is a small PNG logo, base64-encoded.
func logoPNG(t testing.TB) string {
	img := image.NewRGBA(image.Rect(0, 0, 30, 10))
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// mailAttachment finds an attachment of a raw email by file name and
// returns its decoded bytes.
func mailAttachment(t testing.TB, raw, name string) []byte {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	require.NoError(t, err)
	var walk func(header map[string][]string, body io.Reader) []byte
	walk = func(header map[string][]string, body io.Reader) []byte {
		mt, params, err := mime.ParseMediaType(first(header["Content-Type"]))
		if err == nil && strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err != nil {
					return nil
				}
				if found := walk(p.Header, p); found != nil {
					return found
				}
			}
		}
		_, dp, _ := mime.ParseMediaType(first(header["Content-Disposition"]))
		dec := new(mime.WordDecoder)
		fname, _ := dec.DecodeHeader(dp["filename"])
		if fname != name {
			return nil
		}
		data, err := io.ReadAll(body)
		require.NoError(t, err)
		if strings.EqualFold(first(header["Content-Transfer-Encoding"]), "base64") {
			data, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(data)), ""))
			require.NoError(t, err)
		}
		return data
	}
	return walk(msg.Header, msg.Body)
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}
