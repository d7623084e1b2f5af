package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// A template's scope is the merge fields its kind of template may use;
// checking a template against it is what refuses a misspelt field before
// anything is sent or printed.

// TemplateScope is the list of fields a kind of template may use.
type TemplateScope struct {
	fields map[string]bool
}

func scopeOf(values ...map[string]string) TemplateScope {
	s := TemplateScope{fields: map[string]bool{}}
	for _, v := range values {
		for name := range v {
			s.fields[name] = true
		}
	}
	return s
}

// The fields each kind of template may use.
var (
	// CampaignScope: campaign actions and campaign document emails (a contact).
	CampaignScope = scopeOf(MergeValues(Contact{}, ""))
	// DripScope: drip steps (a contact and its partner type).
	DripScope = scopeOf(DripMergeValues(ContactProfile{}, ""))
	// LeadScope: lead batch email.
	LeadScope = scopeOf(LeadMergeValues(Lead{}))
	// DocumentScope: documents, which both contacts and leads receive.
	DocumentScope = scopeOf(MergeValues(Contact{}, ""), DripMergeValues(ContactProfile{}, ""), LeadMergeValues(Lead{}))
)

// Names lists the scope's field names, sorted.
func (s TemplateScope) Names() []string {
	out := make([]string, 0, len(s.fields))
	for f := range s.fields {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Has reports whether a field name (or alias, in any case) is in the scope.
func (s TemplateScope) Has(name string) bool {
	f, ok := MergeField(name)
	return ok && s.fields[f]
}

// Check parses a template and checks its names against the scope: a
// *TemplateError for a syntax error, else an error naming the unknown
// fields.
func (s TemplateScope) Check(src string) error {
	t, err := ParseMerge(src)
	if err != nil {
		return err
	}
	var unknown []string
	for _, n := range t.Names() {
		if !s.Has(n) {
			unknown = append(unknown, "{{"+n+"}}")
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("unknown variable %s (variables: %s)", strings.Join(unknown, ", "), strings.Join(s.Names(), ", "))
	}
	return nil
}

// Template records an error when src is not a template of the scope: a
// syntax error (with its line and column) or an unknown variable.
func (v *Validator) Template(field, src string, scope TemplateScope) {
	if err := scope.Check(src); err != nil {
		var te *TemplateError
		if errors.As(err, &te) {
			v.Add(field, "template syntax error at %s", err.Error())
			return
		}
		v.Add(field, "%s", err.Error())
	}
}
