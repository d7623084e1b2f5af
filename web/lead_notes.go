package web

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// noteView is a note of the Notes card with its edit form.
type noteView struct {
	domain.LeadNote
	By   string
	Form dialogForm
}

// activityView is an activity of the Activities card with its edit form.
type activityView struct {
	domain.LeadActivity
	By, Due string
	Form    dialogForm
}

// ActivityKinds are the choices of an activity's kind.
func (leadPage) ActivityKinds() [][2]string {
	out := make([][2]string, len(domain.LeadActivityKinds))
	for i, k := range domain.LeadActivityKinds {
		out[i] = [2]string{k, capitalize(k)}
	}
	return out
}

// fillNotes reads the Notes and Activities cards, keeping the state of a
// form sent back with errors (v.NoteForm/ActForm, or one item's form).
func (p *Pages) fillNotes(c *gin.Context, v *leadPage) error {
	u := user(c)
	notes, err := p.app.LeadNotes(c, u, v.Lead.ID)
	if err != nil {
		return err
	}
	acts, err := p.app.LeadActivities(c, u, v.Lead.ID)
	if err != nil {
		return err
	}
	var ids []string
	for _, n := range notes {
		ids = append(ids, n.CreatedBy)
	}
	for _, a := range acts {
		ids = append(ids, a.CreatedBy)
	}
	names, err := p.st.UserNames(c, ids)
	if err != nil {
		return err
	}
	edited := map[string]dialogForm{}
	for _, n := range v.Notes {
		edited[n.ID] = n.Form
	}
	for _, a := range v.Activities {
		edited[a.ID] = a.Form
	}
	v.Notes, v.Activities = nil, nil
	for _, n := range notes {
		f, ok := edited[n.ID]
		if !ok {
			f = newDialog(false, nil)
			f.Values["text"] = n.Text
		}
		v.Notes = append(v.Notes, noteView{LeadNote: n, By: names[n.CreatedBy], Form: f})
	}
	for _, a := range acts {
		f, ok := edited[a.ID]
		if !ok {
			f = activityForm(a)
		}
		v.Activities = append(v.Activities, activityView{LeadActivity: a, By: names[a.CreatedBy], Due: showDate(a.DueAt), Form: f})
	}
	return nil
}

// activityForm is the form of an activity, filled with its values.
func activityForm(a domain.LeadActivity) dialogForm {
	f := newDialog(false, nil)
	f.Values["kind"], f.Values["subject"], f.Values["details"] = a.Kind, a.Subject, a.Details
	if a.DueAt != nil {
		f.Values["due_at"] = a.DueAt.UTC().Format(time.DateOnly)
	}
	if a.Done {
		f.Values["done"] = "yes"
	}
	return f
}

// saveLeadNote adds a note, or changes the note of the path.
func (p *Pages) saveLeadNote(c *gin.Context) {
	id, ok := p.leadPath(c)
	if !ok {
		return
	}
	child := c.Param("child")
	f := newDialog(true, nil)
	f.Values["text"] = c.PostForm("text")
	in := app.NoteInput{Text: f.Values["text"]}
	var err error
	if child == "" {
		_, err = p.app.AddLeadNote(c, user(c), id, in)
	} else if err = checkChild(child); err == nil {
		_, err = p.app.ChangeLeadNote(c, user(c), id, child, in)
	}
	p.afterLeadAction(c, id, err, "Note saved.", func(v *leadPage) bool {
		if child == "" {
			v.NoteForm = f
			return v.NoteForm.refuse(err)
		}
		v.Notes = []noteView{{LeadNote: domain.LeadNote{ID: child}, Form: f}}
		return v.Notes[0].Form.refuse(err)
	})
}

// deleteLeadChild deletes the note or activity of the path with del and
// says done.
func (p *Pages) deleteLeadChild(del func(context.Context, domain.User, int64, string) error, done string) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := p.leadPath(c)
		if !ok {
			return
		}
		err := checkChild(c.Param("child"))
		if err == nil {
			err = del(c, user(c), id, c.Param("child"))
		}
		p.afterLeadAction(c, id, err, done, nil)
	}
}

// checkChild refuses a note or activity id that is not one (404).
func checkChild(id string) error {
	if !domain.IsUUID(id) {
		return domain.ErrNotFound
	}
	return nil
}

// readActivity reads an activity's form: every field, since the form
// shows them all; a due date that is not one is an error beside it.
func readActivity(c *gin.Context) (dialogForm, app.ActivityInput) {
	f := newDialog(true, nil)
	for _, k := range []string{"kind", "subject", "details", "due_at", "done"} {
		f.Values[k] = strings.TrimSpace(c.PostForm(k))
	}
	kind, subject, details, done := f.Values["kind"], f.Values["subject"], f.Values["details"], f.Values["done"] != ""
	in := app.ActivityInput{Kind: &kind, Subject: &subject, Details: &details, Done: &done}
	if d := f.Values["due_at"]; d != "" {
		due, err := time.Parse(time.DateOnly, d)
		if err != nil {
			f.Errors["due_at"] = "Enter a date like 2027-03-31."
		}
		in.DueAt = &due
	}
	return f, in
}

// saveLeadActivity adds an activity, or changes the activity of the path.
func (p *Pages) saveLeadActivity(c *gin.Context) {
	id, ok := p.leadPath(c)
	if !ok {
		return
	}
	child := c.Param("child")
	f, in := readActivity(c)
	var err error
	switch {
	case len(f.Errors) > 0:
		err = &domain.ValidationError{Fields: []domain.FieldError{{Field: "due_at", Message: "is not a date"}}}
	case child == "":
		_, err = p.app.AddLeadActivity(c, user(c), id, in)
	default:
		if err = checkChild(child); err == nil {
			_, err = p.app.ChangeLeadActivity(c, user(c), id, child, in)
		}
	}
	p.afterLeadAction(c, id, err, "Activity saved.", func(v *leadPage) bool {
		if child == "" {
			v.ActForm = f
			return v.ActForm.refuse(err)
		}
		v.Activities = []activityView{{LeadActivity: domain.LeadActivity{ID: child}, Form: f}}
		return v.Activities[0].Form.refuse(err)
	})
}

// auditView is one entry of the audit trail.
type auditView struct {
	At, By, What string
	Changes      []string
}

// auditPage is how many entries a page of the audit trail shows.
const auditPage = 100

// fillAudit reads a page of the audit trail, oldest first (the query's
// "after" continues it).
func (p *Pages) fillAudit(c *gin.Context, v *leadPage) error {
	after, _ := domain.ParseInt(c.Query("after"), 0, math.MaxInt64)
	es, err := p.app.LeadAudit(c, user(c), v.Lead.ID, after, auditPage+1)
	if err != nil {
		return err
	}
	if len(es) > auditPage {
		es = es[:auditPage]
		v.AuditNext = fmt.Sprintf("/leads/%d?tab=audit&after=%d", v.Lead.ID, es[auditPage-1].ID)
	}
	ids := make([]string, 0, len(es))
	for _, e := range es {
		ids = append(ids, e.UserID)
	}
	names, err := p.st.UserNames(c, ids)
	if err != nil {
		return err
	}
	for _, e := range es {
		a := auditView{At: e.At.Format("2 Jan 2006 15:04:05"), By: names[e.UserID], What: capitalize(e.Entity) + " " + e.Action}
		keys := map[string]bool{}
		for k := range e.Before {
			keys[k] = true
		}
		for k := range e.After {
			keys[k] = true
		}
		for _, k := range sortedKeys(keys) {
			if k == "id" {
				continue
			}
			before, after := auditValue(e.Before[k]), auditValue(e.After[k])
			if before == after {
				continue // an empty field of a created or deleted record
			}
			a.Changes = append(a.Changes, fmt.Sprintf("%s: %s → %s", strings.ReplaceAll(k, "_", " "), before, after))
		}
		v.Audit = append(v.Audit, a)
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// auditValue shows a value of the trail ("—" for none).
func auditValue(v any) string {
	if v == nil || v == "" {
		return "—"
	}
	return fmt.Sprint(v)
}
