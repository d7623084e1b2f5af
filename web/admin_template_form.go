package web

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Reading the workflow template editor's form, and putting a refusal
// beside the rows it names.

// postedTemplate is the posted editor: the rows as typed, and the input
// made of the rows that are not empty, with the row each status and action
// of the input came from (so an error finds its row).
type postedTemplate struct {
	ed       *templateEditor
	in       domain.WorkflowTemplateInput
	statusAt []int
	actionAt [][]int
}

// readTemplate reads the editor's form.
func (p *Pages) readTemplate(c *gin.Context, id string) postedTemplate {
	f := newAdminForm(nil)
	f.read(c, "name", "description")
	version, _ := strconv.Atoi(c.PostForm("version"))
	pt := postedTemplate{ed: p.templateEditor(c, id, version, f, nil)}
	pt.in = domain.WorkflowTemplateInput{Name: f.Values["name"], Description: f.Values["description"], Statuses: []domain.ParticipantStatus{}}
	fields := pt.ed.ActionFields()
	for i := range postedRows(c, "s.", "name", domain.MaxStatuses+20) {
		row := &statusRow{Form: newAdminForm(map[string]string{"name": strings.TrimSpace(c.PostForm(pt.ed.Name(i, "name"))),
			"next": strings.TrimSpace(c.PostForm(pt.ed.Name(i, "next")))})}
		st := domain.ParticipantStatus{Name: row.Form.Values["name"], Next: lines(row.Form.Values["next"]), Actions: []domain.Action{}}
		var at []int
		for j := range postedRows(c, fmt.Sprintf("s.%d.a.", i), "kind", domain.MaxStatusActions+20) {
			af := newAdminForm(nil)
			blank := true
			for _, fd := range fields {
				af.Values[fd.Key] = strings.TrimSpace(c.PostForm(pt.ed.ActionName(i, j, fd.Key)))
				blank = blank && af.Values[fd.Key] == ""
			}
			row.Actions = append(row.Actions, af)
			if !blank {
				st.Actions = append(st.Actions, readAction(af))
				at = append(at, j)
			}
		}
		pt.ed.Statuses = append(pt.ed.Statuses, row)
		if st.Name != "" || len(st.Next) > 0 || len(st.Actions) > 0 {
			pt.in.Statuses = append(pt.in.Statuses, st)
			pt.statusAt = append(pt.statusAt, i)
			pt.actionAt = append(pt.actionAt, at)
		}
	}
	return pt
}

// readAction is an action row's settings; a number that is not one is an
// error beside its field.
func readAction(f *adminForm) domain.Action {
	return domain.Action{Kind: domain.ActionKind(f.Values["kind"]), Subject: f.Values["subject"], Body: f.Values["body"],
		DelaySeconds: int64(f.formInt("delay_seconds")), DueInDays: f.formInt("due_in_days"), DocumentID: f.Values["document_id"],
		Attachments: lines(f.Values["attachments"]), Format: f.Values["format"], PlanTemplateID: f.Values["plan_template_id"],
		CoverageRole: f.Values["coverage_role"], Revenue: f.formFloat("revenue"), Points: f.formInt("points")}
}

// lines splits a text into its non-empty trimmed lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// failed reports whether any row holds an error.
func (pt postedTemplate) failed() bool {
	bad := pt.ed.Form.Failed()
	for _, s := range pt.ed.Statuses {
		bad = bad || s.Form.Failed()
		for _, a := range s.Actions {
			bad = bad || a.Failed()
		}
	}
	return bad
}

// statusField matches the fields of a workflow's validation errors:
// statuses[2].next[0], statuses[1].actions[0].subject, statuses[3].name.
var statusField = regexp.MustCompile(`^statuses\[(\d+)\]\.(name|next|actions)(?:\[(\d+)\](?:\.([a-z_]+))?)?`)

// refuse puts a refusal beside the rows it names.
func (pt postedTemplate) refuse(err error) bool {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return pt.ed.Form.refuse(err, pt.ed.Form.samePlace)
	}
	for _, fe := range ve.Fields {
		if !pt.place(fe) {
			pt.ed.Form.fail("statuses", fe.Field+" "+fe.Message)
		}
	}
	return true
}

// place puts one field error beside its field; false when none matches.
func (pt postedTemplate) place(fe domain.FieldError) bool {
	switch fe.Field {
	case "name", "description", "statuses":
		pt.ed.Form.fail(fe.Field, fe.Message)
		return true
	}
	m := statusField.FindStringSubmatch(fe.Field)
	if m == nil {
		return false
	}
	k, _ := strconv.Atoi(m[1])
	if k >= len(pt.statusAt) {
		return false
	}
	row := pt.ed.Statuses[pt.statusAt[k]]
	if m[2] != "actions" || m[3] == "" {
		row.Form.fail(m[2], fe.Message)
		return true
	}
	a, _ := strconv.Atoi(m[3])
	if a >= len(pt.actionAt[k]) {
		return false
	}
	key := m[4]
	if key == "" {
		key = "kind"
	}
	pt.ed.Statuses[pt.statusAt[k]].Actions[pt.actionAt[k][a]].fail(key, fe.Message)
	return true
}

// grow adds the empty row a "more" button asks for: "status", or
// "action.N" for status row N.
func (pt postedTemplate) grow(more string) {
	if more == "status" {
		pt.ed.Statuses = append(pt.ed.Statuses, &statusRow{Form: newAdminForm(nil)})
		return
	}
	if i, err := strconv.Atoi(strings.TrimPrefix(more, "action.")); err == nil && i >= 0 && i < len(pt.ed.Statuses) {
		pt.ed.Statuses[i].Actions = append(pt.ed.Statuses[i].Actions, newAdminForm(nil))
	}
}
