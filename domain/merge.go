package domain

import "regexp"

var tokenRe = regexp.MustCompile(`\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}`)

// Merge fills {{token}} merge fields from values (by name, alias or another
// case, see MergeField). An unknown token stays visible as written, so a
// reader sees which field had no value source.
func Merge(template string, values map[string]string) string {
	return tokenRe.ReplaceAllStringFunc(template, func(m string) string {
		name := tokenRe.FindStringSubmatch(m)[1]
		if v, ok := MergeValue(values, name); ok {
			return v
		}
		return m
	})
}
