package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/errcodec"
)

// formState is a form as it is shown again after a refusal: what was typed,
// each field's error beside its field, and a problem with no field of its
// own.
type formState struct {
	Values map[string]string
	Errors map[string]string
	Error  string
}

func newForm() formState {
	return formState{Values: map[string]string{}, Errors: map[string]string{}}
}

// read copies the posted fields into the form, trimmed.
func (f *formState) read(c *gin.Context, fields ...string) {
	for _, k := range fields {
		f.Values[k] = strings.TrimSpace(c.PostForm(k))
	}
}

// fill puts the field errors of a *domain.ValidationError beside their
// fields (a field the form does not show goes to Error); it reports
// whether err was one.
func (f *formState) fill(err error) bool {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, fe := range ve.Fields {
		if _, ok := f.Values[fe.Field]; ok {
			if f.Errors[fe.Field] == "" {
				f.Errors[fe.Field] = capitalize(fe.Message) + "."
			}
		} else {
			f.Error = strings.TrimSpace(f.Error + " " + fe.Field + " " + fe.Message + ".")
		}
	}
	return true
}

// refusalText is the reason a person can act on when an operation
// refused (a refused transition, a conflict, a missing privilege or invalid
// input), as the JSON API words it in its problem's detail. It reports
// false for any other error, and for a record that is not found (that is a
// page of its own).
func refusalText(err error) (string, bool) {
	status, reason, ok := refusal(err)
	if !ok || status == http.StatusNotFound {
		return "", false
	}
	var ve *domain.ValidationError
	if errors.As(errcodec.Decode(err), &ve) {
		// Invalid input outside a form's fields: each message as a sentence.
		msgs := make([]string, 0, len(ve.Fields))
		for _, fe := range ve.Fields {
			msgs = append(msgs, sentence(fe.Message))
		}
		return strings.Join(msgs, " "), true
	}
	return sentence(reason), true
}

// done ends a form post the Post/Redirect/Get way: after success, a
// message and the page back; after a refusal, its reason on that page;
// any other error is a failure page.
func (p *Pages) done(c *gin.Context, back, success string, err error) {
	if err != nil {
		reason, ok := refusalText(err)
		if !ok {
			p.failed(c, err)
			return
		}
		p.setFlash(c, "error", reason)
	} else if success != "" {
		p.setFlash(c, "success", success)
	}
	c.Redirect(http.StatusSeeOther, back)
}

// capitalize starts a message with a capital letter.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
