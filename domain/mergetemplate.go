package domain

import (
	"fmt"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Drumbeat's one template language, for email subjects and bodies, drip
// steps, campaign actions, lead batch email and documents (PDF letters and
// Word templates):
//
//	text {{ name }} text {{ name | filter "argument" | filter }} text
//
// A name is one of the merge fields of TemplateScope (its name, snake_case
// alias or spelling in another case: {{first_name}}, {{nameFirst}}). The
// filters are default "text" (the text when the value is empty), upper,
// lower and title (each word capitalised). {{ "text" }} prints the quoted
// text, so {{ "{{" }} writes two braces. Saving a template checks it
// (Validator.Template): a syntax error or an unknown name is a 422 that
// names it. Sending one never fails: a name a recipient has no value for
// stays visible as written, and a template saved before these checks that
// does not parse is merged token by token as it always was.

// TemplateError is a template that does not parse: where and why.
type TemplateError struct {
	Line, Column int
	Message      string
}

// Error implements error.
func (e *TemplateError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Message)
}

// MergeTemplate is a parsed template.
type MergeTemplate struct {
	src   string
	parts []mergePart
}

// mergePart is a run of literal text or one {{ }} tag.
type mergePart struct {
	text string // the literal text, or the tag as written
	tag  bool
	// start and end bound the tag in the source; exprStart and exprEnd its
	// expression (between the braces, trimmed).
	start, end, exprStart, exprEnd int
	expr                           mergeExpr
}

// mergeExpr is a tag's expression: a field name or a quoted text, then filters.
type mergeExpr struct {
	name    string
	literal *string
	filters []mergeFilter
}

type mergeFilter struct {
	name string
	arg  *string
}

// mergeFilters are the filters a tag may use, with whether each takes a text argument.
var mergeFilters = map[string]bool{"default": true, "upper": false, "lower": false, "title": false}

// ParseMerge parses a template.
func ParseMerge(src string) (*MergeTemplate, error) {
	t := &MergeTemplate{src: src}
	pos := 0
	for pos < len(src) {
		open := strings.Index(src[pos:], "{{")
		if open < 0 {
			t.parts = append(t.parts, mergePart{text: src[pos:]})
			break
		}
		open += pos
		if open > pos {
			t.parts = append(t.parts, mergePart{text: src[pos:open]})
		}
		end, err := closeOf(src, open+2)
		if err != nil {
			return nil, err
		}
		inner := src[open+2 : end]
		lead := len(inner) - len(strings.TrimLeft(inner, " \t\r\n"))
		trimmed := strings.TrimSpace(inner)
		expr, err := parseExpr(src, open+2+lead, trimmed)
		if err != nil {
			return nil, err
		}
		t.parts = append(t.parts, mergePart{text: src[open : end+2], tag: true, start: open, end: end + 2,
			exprStart: open + 2 + lead, exprEnd: open + 2 + lead + len(trimmed), expr: expr})
		pos = end + 2
	}
	return t, nil
}

// closeOf finds the "}}" closing a tag whose expression starts at from,
// skipping quoted text.
func closeOf(src string, from int) (int, error) {
	inQuote := false
	for i := from; i < len(src); i++ {
		switch c := src[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case !inQuote && c == '}' && i+1 < len(src) && src[i+1] == '}':
			return i, nil
		case !inQuote && c == '{' && i+1 < len(src) && src[i+1] == '{':
			return 0, errAt(src, from-2, "{{ is not closed with }} before the next {{")
		}
	}
	if inQuote {
		return 0, errAt(src, from-2, "a quoted text in {{ }} is not closed")
	}
	return 0, errAt(src, from-2, "{{ is not closed with }}")
}

// parseExpr reads `name | filter "arg" | filter` or `"text" | ...`; at is
// where expr starts in src.
func parseExpr(src string, at int, expr string) (mergeExpr, error) {
	var out mergeExpr
	segs := splitPipes(expr)
	offset := 0
	for i, seg := range segs {
		segAt := at + offset + (len(seg) - len(strings.TrimLeft(seg, " \t\r\n")))
		offset += len(seg) + 1
		seg = strings.TrimSpace(seg)
		if seg == "" {
			if i == 0 {
				return out, errAt(src, segAt, "{{ }} names no field")
			}
			return out, errAt(src, segAt, "a filter is missing after |")
		}
		word, rest := cutWord(seg)
		if i == 0 {
			if strings.HasPrefix(seg, `"`) {
				lit, tail, ok := unquote(seg)
				if !ok || strings.TrimSpace(tail) != "" {
					return out, errAt(src, segAt, "a quoted text must stand alone before any |")
				}
				out.literal = &lit
				continue
			}
			if !validName(word) || rest != "" {
				return out, errAt(src, segAt, fmt.Sprintf("%q is not a field name", seg))
			}
			out.name = word
			continue
		}
		takesArg, known := mergeFilters[strings.ToLower(word)]
		if !known {
			return out, errAt(src, segAt, fmt.Sprintf("unknown filter %q (filters: default, upper, lower, title)", word))
		}
		f := mergeFilter{name: strings.ToLower(word)}
		rest = strings.TrimSpace(rest)
		switch {
		case takesArg:
			arg, tail, ok := unquote(rest)
			if !ok || strings.TrimSpace(tail) != "" {
				return out, errAt(src, segAt, fmt.Sprintf("filter %s needs one quoted text, as in %s \"text\"", f.name, f.name))
			}
			f.arg = &arg
		case rest != "":
			return out, errAt(src, segAt, fmt.Sprintf("filter %s takes no argument", f.name))
		}
		out.filters = append(out.filters, f)
	}
	return out, nil
}

// splitPipes splits an expression at the | outside quoted text.
func splitPipes(expr string) []string {
	var out []string
	inQuote, last := false, 0
	for i := 0; i < len(expr); i++ {
		switch expr[i] {
		case '\\':
			if inQuote {
				i++
			}
		case '"':
			inQuote = !inQuote
		case '|':
			if !inQuote {
				out = append(out, expr[last:i])
				last = i + 1
			}
		}
	}
	return append(out, expr[last:])
}

func cutWord(s string) (string, string) {
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

func validName(s string) bool {
	if s == "" || !(s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z') {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// unquote reads a "quoted text" (with \" and \\ escapes) at the start of s.
func unquote(s string) (string, string, bool) {
	if !strings.HasPrefix(s, `"`) {
		return "", s, false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:], true
		default:
			b.WriteByte(c)
		}
	}
	return "", "", false
}

// errAt is a TemplateError at byte offset at of src.
func errAt(src string, at int, msg string) error {
	before := src[:min(at, len(src))]
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return &TemplateError{Line: line, Column: col, Message: msg}
}

// Names lists the field names the template uses, as written, each once.
func (t *MergeTemplate) Names() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range t.parts {
		if p.tag && p.expr.literal == nil && !seen[p.expr.name] {
			seen[p.expr.name] = true
			out = append(out, p.expr.name)
		}
	}
	return out
}

// Render fills the template from a recipient's values; escape (nil: none)
// is applied to every value and filter text, so an HTML body gets escaped
// values. A field the values lack stays visible as written.
func (t *MergeTemplate) Render(values map[string]string, escape func(string) string) string {
	var b strings.Builder
	for _, p := range t.parts {
		if !p.tag {
			b.WriteString(p.text)
			continue
		}
		v, ok := p.expr.eval(values)
		switch {
		case !ok:
			b.WriteString(p.text)
		case escape != nil:
			b.WriteString(escape(v))
		default:
			b.WriteString(v)
		}
	}
	return b.String()
}

// eval computes a tag's value; ok is false for a field the values lack.
func (e mergeExpr) eval(values map[string]string) (string, bool) {
	var v string
	if e.literal != nil {
		v = *e.literal
	} else {
		var ok bool
		if v, ok = MergeValue(values, e.name); !ok {
			return "", false
		}
	}
	for _, f := range e.filters {
		switch f.name {
		case "default":
			if strings.TrimSpace(v) == "" {
				v = *f.arg
			}
		case "upper":
			v = strings.ToUpper(v)
		case "lower":
			v = strings.ToLower(v)
		case "title":
			v = titleWords(v)
		}
	}
	return v, true
}

// titleWords capitalises the first letter of each word.
func titleWords(s string) string {
	out := []rune(s)
	start := true
	for i, r := range out {
		if unicode.IsSpace(r) || r == '-' {
			start = true
			continue
		}
		if start {
			out[i] = unicode.ToUpper(r)
		}
		start = false
	}
	return string(out)
}

// Merge fills a plain-text template from values (see the template
// language above).
func Merge(template string, values map[string]string) string {
	return render(template, values, nil)
}

// MergeHTML fills an HTML template with escaped values.
func MergeHTML(template string, values map[string]string) string {
	return render(template, values, html.EscapeString)
}

func render(template string, values map[string]string, escape func(string) string) string {
	if !strings.Contains(template, "{{") {
		return template
	}
	t, err := ParseMerge(template)
	if err != nil {
		return legacyMerge(template, values, escape)
	}
	return t.Render(values, escape)
}

// RenderMergeTag evaluates one tag's expression (a Word template's field):
// ok is false for an expression that does not parse or names no merge
// field, which is then left as it is; a known field the recipient has no
// value for prints empty.
func RenderMergeTag(expr string, values map[string]string) (string, bool) {
	t, err := ParseMerge("{{" + expr + "}}")
	if err != nil || len(t.parts) != 1 {
		return "", false
	}
	e := t.parts[0].expr
	if e.literal == nil {
		f, known := MergeField(e.name)
		if !known {
			return "", false
		}
		if _, has := values[f]; !has {
			values = map[string]string{f: ""}
		}
	}
	return e.eval(values)
}

// RenderedEmail is an email's subject and body filled for one recipient.
type RenderedEmail struct {
	Subject string
	// Text is the plain-text body: the template's own, or the text
	// alternative of its HTML.
	Text string
	// HTML is set when the body template is HTML.
	HTML string
}

// RenderEmail fills an email's subject and body for one recipient. An HTML
// body (written in a rich-text editor) is filled with escaped values and
// gets a generated plain-text alternative.
func RenderEmail(subject, body string, values map[string]string) RenderedEmail {
	out := RenderedEmail{Subject: Merge(subject, values)}
	if LooksLikeHTML(body) {
		out.HTML = MergeHTML(body, values)
		out.Text = HTMLText(out.HTML)
		return out
	}
	out.Text = Merge(body, values)
	return out
}
