package domain

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMerge fills merge tokens of any template with any values, as the
// email and print actions do with a user's template and a contact's
// fields. Seeds: testdata/fuzz/FuzzMerge.
func FuzzMerge(f *testing.F) {
	f.Fuzz(func(t *testing.T, template, first, last string) {
		values := map[string]string{"nameFirst": first, "nameLast": last}
		if got := Merge(template, nil); got != template {
			t.Fatalf("Merge without values changed the template: %q -> %q", template, got)
		}
		out := Merge(template, values)
		if !strings.Contains(template, "{{") && out != template {
			t.Fatalf("a template without tokens changed: %q -> %q", template, out)
		}
		if utf8.ValidString(template) && utf8.ValidString(first) && utf8.ValidString(last) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 in, invalid out: %q", out)
		}
		if Merge(template, values) != out {
			t.Fatal("Merge is not deterministic")
		}
		html := MergeHTML(template, values)
		if !strings.Contains(template, "<") && strings.Contains(html, "<") {
			t.Fatalf("a value's markup reached the HTML body unescaped: %q", html)
		}
		_ = HTMLText(html)
	})
}
