package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// errorBeside is the error shown beside the field named name ("" if none).
func errorBeside(b *webtest.Browser, name string) string {
	q, _ := json.Marshal("e-" + name)
	return webtest.Eval[string](b, `(document.getElementById(`+string(q)+`)?.innerText ?? "").trim()`)
}

// valueOf is the value of the form field named name.
func valueOf(b *webtest.Browser, name string) string {
	q, _ := json.Marshal(`[name="` + name + `"]`)
	return webtest.Eval[string](b, `document.querySelector(`+string(q)+`)?.value ?? ""`)
}

// fields names fields by their name attribute for Fill.
func fields(kv ...string) map[string]string {
	out := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[`[name="`+kv[i]+`"]`] = kv[i+1]
	}
	return out
}

// apiCall sends a JSON request to the API with a bearer token and returns
// the status and body.
func apiCall(t *testing.T, base, token, method, path, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+path, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(raw)
}

// forgePost adds to the page a form posting to path with the page's CSRF
// token and sends it, as a hand-made request from a signed-in page would;
// it returns the status of the page it lands on.
func forgePost(b *webtest.Browser, path string) int64 {
	q, _ := json.Marshal(path)
	webtest.Eval[bool](b, `(() => { const f = document.createElement("form"); f.method = "post"; f.action = `+string(q)+`;
		const t = document.createElement("input"); t.type = "hidden"; t.name = "csrf_token";
		t.value = document.querySelector("input[name=csrf_token]").value; f.appendChild(t);
		const s = document.createElement("button"); s.id = "forged"; s.textContent = "Go"; f.appendChild(s);
		document.body.prepend(f); return true })()`)
	return b.Click("#forged")
}
