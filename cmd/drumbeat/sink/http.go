package sink

import (
	"encoding/json"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
)

// routes returns the HTTP handler of the inbox.
func (s *Sink) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/messages", s.handleList)
	mux.HandleFunc("DELETE /api/messages", s.handleClear)
	mux.HandleFunc("GET /api/messages/{id}", s.handleGet)
	mux.HandleFunc("GET /messages/{id}", s.handleView)
	mux.HandleFunc("GET /{$}", s.handleInbox)
	return mux
}

// filtered returns the stored messages, limited to those with a recipient
// equal (case-insensitively) to the "to" query parameter when it is given.
func (s *Sink) filtered(r *http.Request) []Message {
	all := s.Messages()
	to := strings.TrimSpace(r.URL.Query().Get("to"))
	if to == "" {
		return all
	}
	out := make([]Message, 0, len(all))
	for _, m := range all {
		for _, rcpt := range m.To {
			if strings.EqualFold(strings.TrimSpace(rcpt), to) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// handleList serves GET /api/messages.
func (s *Sink) handleList(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.filtered(r))
}

// handleClear serves DELETE /api/messages.
func (s *Sink) handleClear(w http.ResponseWriter, _ *http.Request) {
	s.clear()
	w.WriteHeader(http.StatusNoContent)
}

// handleGet serves GET /api/messages/{id}.
func (s *Sink) handleGet(w http.ResponseWriter, r *http.Request) {
	m, ok := s.lookup(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, m)
}

// lookup finds the message named by the {id} path value, answering 404 when
// there is none.
func (s *Sink) lookup(w http.ResponseWriter, r *http.Request) (Message, bool) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "message not found", http.StatusNotFound)
		return Message{}, false
	}
	m, ok := s.message(id)
	if !ok {
		http.Error(w, "message not found", http.StatusNotFound)
		return Message{}, false
	}
	return m, true
}

// writeJSON writes v as a JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Debug("sink: write json", "err", err)
	}
}

// handleInbox serves the HTML inbox at GET /.
func (s *Sink) handleInbox(w http.ResponseWriter, r *http.Request) {
	msgs := s.filtered(r)
	// Newest first, as in a mail client.
	for i, j := 0, len(msgs)-1; i < j; i, j = i+1, j-1 {
		msgs[i], msgs[j] = msgs[j], msgs[i]
	}
	renderHTML(w, inboxTmpl, map[string]any{"Messages": msgs, "To": r.URL.Query().Get("to")})
}

// handleView serves one message as HTML at GET /messages/{id}.
func (s *Sink) handleView(w http.ResponseWriter, r *http.Request) {
	m, ok := s.lookup(w, r)
	if !ok {
		return
	}
	renderHTML(w, messageTmpl, m)
}

// renderHTML executes t with data; html/template escapes every value.
func renderHTML(w http.ResponseWriter, t *template.Template, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := t.Execute(w, data); err != nil {
		slog.Debug("sink: render html", "err", err)
	}
}

// style is shared by both pages.
const style = `<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}
pre{white-space:pre-wrap;background:#f8f8f8;padding:1rem;border:1px solid #ddd}
a{color:#0b5cad}
.muted{color:#777}
</style>`

var funcs = template.FuncMap{"join": strings.Join}

var inboxTmpl = template.Must(template.New("inbox").Funcs(funcs).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Drumbeat inbox</title>` + style + `</head>
<body>
<h1>Drumbeat inbox</h1>
<form method="get" action="/"><label>Recipient <input name="to" value="{{.To}}"></label>
<button type="submit">Filter</button> <a href="/">all</a></form>
<p class="muted">{{len .Messages}} message(s). JSON at <a href="/api/messages">/api/messages</a>.</p>
<table>
<tr><th>#</th><th>Subject</th><th>From</th><th>To</th><th>Date</th></tr>
{{range .Messages}}<tr>
<td>{{.ID}}</td>
<td><a href="/messages/{{.ID}}">{{if .Subject}}{{.Subject}}{{else}}(no subject){{end}}</a></td>
<td>{{.From}}</td>
<td>{{join .To ", "}}</td>
<td>{{.Date.Format "2006-01-02 15:04:05 MST"}}</td>
</tr>{{else}}<tr><td colspan="5" class="muted">No messages yet.</td></tr>{{end}}
</table>
</body></html>
`))

var messageTmpl = template.Must(template.New("message").Funcs(funcs).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Subject}}</title>` + style + `</head>
<body>
<p><a href="/">&larr; inbox</a> &middot; <a href="/api/messages/{{.ID}}">JSON</a></p>
<h1>{{if .Subject}}{{.Subject}}{{else}}(no subject){{end}}</h1>
<table>
<tr><th>From</th><td>{{.From}}</td></tr>
<tr><th>To</th><td>{{join .To ", "}}</td></tr>
<tr><th>Date</th><td>{{.Date.Format "2006-01-02 15:04:05 MST"}}</td></tr>
<tr><th>Message-ID</th><td>{{.MessageID}}</td></tr>
</table>
<h2>Text</h2>
<pre>{{.Text}}</pre>
<details><summary>Raw message</summary><pre>{{.Raw}}</pre></details>
</body></html>
`))
