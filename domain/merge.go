package domain

import (
	"regexp"
	"strings"
)

var tokenRe = regexp.MustCompile(`\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}`)

// legacyMerge fills {{token}} merge fields token by token, as templates
// were merged before they were parsed: it serves templates saved before
// saving checked them, which may not parse. An unknown token stays visible
// as written.
func legacyMerge(template string, values map[string]string, escape func(string) string) string {
	return tokenRe.ReplaceAllStringFunc(template, func(m string) string {
		name := tokenRe.FindStringSubmatch(m)[1]
		v, ok := MergeValue(values, name)
		switch {
		case !ok:
			return m
		case escape != nil:
			return escape(v)
		}
		return v
	})
}

// MergeTokenSpans finds the {{ }} tags of a text: for each, the start and
// end of the whole tag and of its expression (as regexp submatch indexes),
// so other formats (Word templates) fill the same tags as Merge
// (RenderMergeTag evaluates the expression). A text that does not parse is
// read token by token, as legacyMerge does.
func MergeTokenSpans(s string) [][]int {
	if !strings.Contains(s, "{{") {
		return nil
	}
	t, err := ParseMerge(s)
	if err != nil {
		return tokenRe.FindAllStringSubmatchIndex(s, -1)
	}
	var out [][]int
	for _, p := range t.parts {
		if p.tag {
			out = append(out, []int{p.start, p.end, p.exprStart, p.exprEnd})
		}
	}
	return out
}

// htmlTagRe recognises a body written as HTML (a rich-text editor's output)
// rather than plain text that happens to contain a "<".
var htmlTagRe = regexp.MustCompile(`(?i)<\s*(p|div|br|h[1-6]|ul|ol|li|b|strong|em|i|u|a|span|table|tr|td|th|html|body)\b[^>]*>`)

// LooksLikeHTML reports whether a template or body is HTML.
func LooksLikeHTML(body string) bool { return htmlTagRe.MatchString(body) }
