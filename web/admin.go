package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// The Administration workspace (privilege admin, checked for the whole
// group by the workspace): workflow templates, lead scoring and settings,
// activity plan templates, predefined filters, users and their tokens. Its
// pages call the same operations as the JSON API (package app), so every
// rule, the last administrator's included, is decided there.

// adminSection is one tab of the workspace.
type adminSection struct{ Key, Label, Path string }

// adminSections are the workspace's tabs, in order.
var adminSections = []adminSection{
	{"templates", "Workflow templates", "/admin/workflow-templates"},
	{"scoring", "Lead scoring", "/admin/lead-scoring"},
	{"plans", "Activity plans", "/admin/activity-plans"},
	{"filters", "Predefined filters", "/admin/filters"},
	{"users", "Users", "/admin/users"},
}

// adminTabs are the workspace's tabs with the named one active.
func adminTabs(active string) []tab {
	out := make([]tab, 0, len(adminSections))
	for _, s := range adminSections {
		out = append(out, tab{Label: s.Label, URL: s.Path, Active: s.Key == active})
	}
	return out
}

// renderAdmin renders an Administration page.
func (p *Pages) renderAdmin(c *gin.Context, status int, view, title string, data any) {
	p.render(c, status, view, "admin", title, data)
}

// adminForm is a form of the workspace: what was typed, each error beside its
// field, a message for the form as a whole, and whether its dialog opens
// when the page loads.
type adminForm struct {
	Open   bool
	Values map[string]string
	Errors map[string]string
	// Error is a problem with no field of its own (a refusal, say).
	Error string
}

func newAdminForm(values map[string]string) *adminForm {
	if values == nil {
		values = map[string]string{}
	}
	return &adminForm{Values: values, Errors: map[string]string{}}
}

// read copies the posted values of the named fields, trimmed.
func (f *adminForm) read(c *gin.Context, names ...string) {
	for _, n := range names {
		f.Values[n] = strings.TrimSpace(c.PostForm(n))
	}
}

// fail records an error beside a field (after any already there).
func (f *adminForm) fail(field, msg string) {
	msg = asSentence(msg)
	if f.Errors[field] != "" {
		msg = f.Errors[field] + " " + msg
	}
	f.Errors[field] = msg
}

// Failed reports whether the form holds an error.
func (f *adminForm) Failed() bool { return len(f.Errors) > 0 || f.Error != "" }

// refuse puts an operation's refusal into the form: each invalid field
// beside its field (place maps the operation's field name to the form's,
// false when the form has no such field), a conflict or refused move as
// the form's message. It reports false for any other error, which is a
// failure the page cannot explain.
func (f *adminForm) refuse(err error, place func(field string) (string, bool)) bool {
	var ve *domain.ValidationError
	var ce *domain.ConflictError
	var te *domain.TransitionError
	switch {
	case errors.As(err, &ve):
		for _, fe := range ve.Fields {
			if key, ok := place(fe.Field); ok {
				f.fail(key, fe.Message)
			} else {
				f.Error = strings.TrimSpace(f.Error + " " + asSentence(fe.Field+" "+fe.Message))
			}
		}
	case errors.As(err, &ce):
		f.Error = asSentence(ce.Reason)
	case errors.As(err, &te):
		f.Error = asSentence(te.Error())
	default:
		return false
	}
	return true
}

// samePlace maps an operation's field to the form field of the same name.
func (f *adminForm) samePlace(field string) (string, bool) {
	_, ok := f.Values[field]
	return field, ok
}

// adminRefusalStatus is the HTTP status of a refused form: 409 for a conflict
// or refused move, else 422.
func adminRefusalStatus(err error) int {
	var ce *domain.ConflictError
	var te *domain.TransitionError
	if errors.As(err, &ce) || errors.As(err, &te) {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// asSentence makes a message read as a sentence: capitalized (unless it
// starts with an email address, which is written as it is), with a full stop.
func asSentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if first, _, _ := strings.Cut(s, " "); !strings.Contains(first, "@") {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// formInt reads a whole number of the form (blank is 0); a value that is
// not one is an error beside its field.
func (f *adminForm) formInt(field string) int {
	v := f.Values[field]
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.fail(field, "enter a whole number")
	}
	return n
}

// formFloat reads a decimal number of the form (blank is 0).
func (f *adminForm) formFloat(field string) float64 {
	v := f.Values[field]
	if v == "" {
		return 0
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		f.fail(field, "enter a number")
	}
	return n
}

// adminPathID is the path parameter as a record id; anything else is a record
// that does not exist.
func (p *Pages) adminPathID(c *gin.Context, name string) (string, bool) {
	id := c.Param(name)
	if !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return "", false
	}
	return id, true
}

// postedRows counts the numbered rows a form posted (prefix.0.key,
// prefix.1.key, ...), at most limit.
func postedRows(c *gin.Context, prefix, key string, limit int) int {
	n := 0
	for n < limit {
		if _, ok := c.GetPostForm(prefix + strconv.Itoa(n) + "." + key); !ok {
			break
		}
		n++
	}
	return n
}

// rowSet is a list of numbered rows of a form (steps of a plan, conditions
// of a filter), posted as prefix.N.key. A row whose fields are all empty is
// dropped; at maps each kept row to its place among the rows shown.
type rowSet struct {
	Prefix string
	Rows   []*adminForm
	at     []int
}

// Name is the input name of a row's field.
func (rs *rowSet) Name(i int, key string) string {
	return rs.Prefix + "." + strconv.Itoa(i) + "." + key
}

// readRows reads the posted rows of the named fields, at most limit. A row
// is empty when the fields named by typed are (a select with a default
// choice is not something typed).
func readRows(c *gin.Context, prefix string, keys, typed []string, limit int) *rowSet {
	rs := &rowSet{Prefix: prefix}
	for i := range postedRows(c, prefix+".", keys[0], limit) {
		f := newAdminForm(nil)
		for _, k := range keys {
			f.Values[k] = strings.TrimSpace(c.PostForm(rs.Name(i, k)))
		}
		blank := true
		for _, k := range typed {
			blank = blank && f.Values[k] == ""
		}
		rs.Rows = append(rs.Rows, f)
		if !blank {
			rs.at = append(rs.at, i)
		}
	}
	return rs
}

// Kept are the rows that are not empty, in order.
func (rs *rowSet) Kept() []*adminForm {
	out := make([]*adminForm, 0, len(rs.at))
	for _, i := range rs.at {
		out = append(out, rs.Rows[i])
	}
	return out
}

// add appends empty rows.
func (rs *rowSet) add(n int) {
	for range n {
		rs.Rows = append(rs.Rows, newAdminForm(nil))
	}
}

// Failed reports whether a row holds an error.
func (rs *rowSet) Failed() bool {
	for _, r := range rs.Rows {
		if r.Failed() {
			return true
		}
	}
	return false
}

// place puts an error of the operation's list (list[2].key) beside the
// row's field; false when the field names no kept row.
func (rs *rowSet) place(list string, fe domain.FieldError) bool {
	rest, ok := strings.CutPrefix(fe.Field, list+"[")
	if !ok {
		return false
	}
	num, key, ok := strings.Cut(rest, "].")
	k, err := strconv.Atoi(num)
	if !ok || err != nil || k < 0 || k >= len(rs.at) {
		return false
	}
	rs.Rows[rs.at[k]].fail(key, fe.Message)
	return true
}

// refuseRows is refuse for a form with a list of rows: errors of the list's
// rows go beside their fields, those of the list as a whole under its name.
func (f *adminForm) refuseRows(err error, rs *rowSet, list string) bool {
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		var rest []domain.FieldError
		for _, fe := range ve.Fields {
			if !rs.place(list, fe) {
				rest = append(rest, fe)
			}
		}
		if len(rest) == 0 {
			return true
		}
		err = &domain.ValidationError{Fields: rest}
	}
	if _, ok := f.Values[list]; !ok {
		f.Values[list] = ""
	}
	return f.refuse(err, f.samePlace)
}
