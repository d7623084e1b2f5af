package store

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

//go:embed queries/*.sql
var queryFiles embed.FS

// queries maps each "-- name: X" block of queries/*.sql to its SQL, with
// every fragment use expanded.
var queries = loadQueries(queryFiles)

// fragment is a "-- fragment: name(param, ...)" block: a piece of SQL (an
// access predicate, for instance) written once and expanded into every query
// that uses it as {{name arg ...}}, each {param} of its body replaced by the
// matching argument. Arguments are separated by spaces and contain none.
type fragment struct {
	params []string
	body   string
}

var (
	fragmentHeader = regexp.MustCompile(`^(\w+)\((.*)\)$`)
	fragmentUse    = regexp.MustCompile(`\{\{(\w+)((?:\s+[^\s{}]+)*)\s*\}\}`)
)

func loadQueries(fsys fs.FS) map[string]string {
	out := map[string]string{}
	fragments := map[string]fragment{}
	files, err := fs.Glob(fsys, "queries/*.sql")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			panic(err)
		}
		var name, header string
		var body strings.Builder
		flush := func() {
			switch {
			case name != "":
				if _, dup := out[name]; dup {
					panic(fmt.Sprintf("store: query %q defined twice", name))
				}
				out[name] = strings.TrimSpace(body.String())
			case header != "":
				addFragment(fragments, header, body.String())
			}
			name, header = "", ""
			body.Reset()
		}
		for _, line := range strings.Split(string(b), "\n") {
			trimmed := strings.TrimSpace(line)
			if rest, ok := strings.CutPrefix(trimmed, "-- name:"); ok {
				flush()
				name = strings.TrimSpace(rest)
				continue
			}
			if rest, ok := strings.CutPrefix(trimmed, "-- fragment:"); ok {
				flush()
				header = strings.TrimSpace(rest)
				continue
			}
			// A fragment's comments stay in its file: inlined, a trailing
			// comment would swallow the rest of the query's line.
			if header != "" && strings.HasPrefix(trimmed, "--") {
				continue
			}
			body.WriteString(line)
			body.WriteByte('\n')
		}
		flush()
	}
	for name, sql := range out {
		out[name] = expandFragments(fragments, sql, 0)
	}
	return out
}

// addFragment parses a fragment's header ("name(a, b)") and records it.
func addFragment(fragments map[string]fragment, header, body string) {
	m := fragmentHeader.FindStringSubmatch(header)
	if m == nil {
		panic(fmt.Sprintf("store: fragment header %q is not name(param, ...)", header))
	}
	if _, dup := fragments[m[1]]; dup {
		panic(fmt.Sprintf("store: fragment %q defined twice", m[1]))
	}
	var params []string
	for _, p := range strings.Split(m[2], ",") {
		if p = strings.TrimSpace(p); p != "" {
			params = append(params, p)
		}
	}
	fragments[m[1]] = fragment{params: params, body: strings.TrimSpace(body)}
}

// expandFragments replaces every {{name arg ...}} of a known fragment in sql
// (fragments may use fragments); other {{...}} are left for the query's own
// code to fill in.
func expandFragments(fragments map[string]fragment, sql string, depth int) string {
	if depth > 8 {
		panic("store: fragments nested too deep (a fragment uses itself?)")
	}
	return fragmentUse.ReplaceAllStringFunc(sql, func(use string) string {
		m := fragmentUse.FindStringSubmatch(use)
		f, ok := fragments[m[1]]
		if !ok {
			return use
		}
		args := strings.Fields(m[2])
		if len(args) != len(f.params) {
			panic(fmt.Sprintf("store: fragment %s takes %d arguments, %q gives %d", m[1], len(f.params), use, len(args)))
		}
		pairs := make([]string, 0, 2*len(args))
		for i, p := range f.params {
			pairs = append(pairs, "{"+p+"}", args[i])
		}
		return expandFragments(fragments, strings.NewReplacer(pairs...).Replace(f.body), depth+1)
	})
}

// q returns the named query; a missing name is a programming error caught by
// any test that touches the store.
func q(name string) string {
	s, ok := queries[name]
	if !ok {
		panic("store: no query named " + name)
	}
	return s
}
