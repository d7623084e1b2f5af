package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/errcodec"
)

// dialogForm is a dialog's form (the contact and drip pages): its values, each refused field's error
// beside it, and whether it opens when the page loads.
type dialogForm struct {
	Open   bool
	Values map[string]string
	Errors map[string]string
	// Error is a refusal with no field of its own.
	Error string
}

// newForm is a form with these values, open or closed.
func newDialog(open bool, values map[string]string) dialogForm {
	if values == nil {
		values = map[string]string{}
	}
	return dialogForm{Open: open, Values: values, Errors: map[string]string{}}
}

// postedForm reads the named fields of the request's form, trimmed, into
// an open form (it comes back open when refused).
func postedDialog(c *gin.Context, fields ...string) dialogForm {
	f := newDialog(true, nil)
	for _, k := range fields {
		f.Values[k] = strings.TrimSpace(c.PostForm(k))
	}
	return f
}

// refuse shows err on the form: a field error beside its field when the
// form has it, else as the form's error, and a refused change (409) as the
// form's error. It reports false for any other error, which the caller
// shows as a failure.
func (f *dialogForm) refuse(err error) bool {
	err = errcodec.Decode(err)
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			if _, ok := f.Values[fe.Field]; ok {
				if f.Errors[fe.Field] == "" {
					f.Errors[fe.Field] = sentence(fe.Message)
				}
			} else if f.Error == "" {
				f.Error = sentence(fieldLabel(fe.Field) + " " + fe.Message)
			}
		}
		return true
	}
	if msg, ok := refusalText(err); ok {
		f.Error = msg
		return true
	}
	return false
}

// fieldLabel is an input field's name as people read it ("start_date":
// "Start date"; "steps[1].name": "Step 2 name").
func fieldLabel(field string) string {
	return capitalize(strings.NewReplacer("_", " ", ".", " ", "[", " ", "]", "").Replace(field))
}

// sentence capitalizes s and ends it with a full stop.
func sentence(s string) string {
	s = capitalize(strings.TrimSpace(s))
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// act runs a change started by a button of a page and goes back to that
// page (the form's "back" field, a path of this site, else fallback) with
// the outcome as a flash message: what change says it did, or the reason
// when it was refused. An unknown record or a failure shows its error page.
func (p *Pages) act(c *gin.Context, fallback string, change func() (string, error)) {
	back := localPath(c.PostForm("back"))
	if back == "" {
		back = fallback
	}
	if done, err := change(); err != nil {
		msg, ok := refusalText(err)
		if !ok {
			p.failed(c, err)
			return
		}
		p.setFlash(c, "error", msg)
	} else if done != "" {
		p.setFlash(c, "success", done)
	}
	c.Redirect(http.StatusSeeOther, back)
}
