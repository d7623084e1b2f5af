package documents

import (
	"strings"
	"unicode"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// fieldValue gives a merge field's value; false leaves the field as it is.
type fieldValue func(name string) (string, bool)

// fillFields fills the merge fields of every paragraph of a part and reports
// whether anything changed.
func fillFields(root *xnode, value fieldValue) bool {
	changed := false
	for _, p := range paragraphs(root) {
		changed = fillSimpleFields(p, value) || changed
		changed = fillComplexFields(p, value) || changed
		changed = fillTokens(p, value) || changed
	}
	return changed
}

// paragraphs lists every w:p of a part, nested ones (text boxes) included.
func paragraphs(n *xnode) []*xnode {
	var out []*xnode
	for _, c := range n.children {
		if c.name == "w:p" {
			out = append(out, c)
		}
		if c.name != "" {
			out = append(out, paragraphs(c)...)
		}
	}
	return out
}

// own lists the elements with the name that belong to paragraph p itself (in
// hyperlinks, insertions, content controls...), not to paragraphs nested in it.
func own(p *xnode, name string) []*xnode {
	var out []*xnode
	var walk func(n *xnode)
	walk = func(n *xnode) {
		for _, c := range n.children {
			switch {
			case c.name == name:
				out = append(out, c)
			case c.name == "w:p" || c.name == "w:r" || c.name == "":
			default:
				walk(c)
			}
		}
	}
	walk(p)
	return out
}

// textRun builds a run showing text with the given run properties.
func textRun(rPr *xnode, text string) *xnode {
	r := el("w:r")
	if rPr != nil {
		c := rPr.clone()
		c.parent = r
		r.children = append(r.children, c)
	}
	t := textNode(text)
	t.parent = r
	r.children = append(r.children, t)
	return r
}

// textNode builds a w:t that keeps its spaces.
func textNode(text string) *xnode {
	t := el("w:t")
	t.setAttr("xml", "space", "preserve")
	t.setText(text)
	return t
}

// fillSimpleFields replaces each <w:fldSimple w:instr="MERGEFIELD name">
// with a plain run of the value, formatted like the field's result.
func fillSimpleFields(p *xnode, value fieldValue) bool {
	changed := false
	for _, f := range own(p, "w:fldSimple") {
		v, ok := mergeField(f.attr("w:instr"), value)
		if !ok {
			continue
		}
		var rPr *xnode
		if runs := f.find("w:r"); len(runs) > 0 {
			rPr = runs[0].child("w:rPr")
		}
		f.replaceWith(textRun(rPr, v))
		changed = true
	}
	return changed
}

// fieldSpan is a complex field: from the run child that begins it to the one
// that ends it, with its instruction text.
type fieldSpan struct {
	begin, end       *xnode // the runs
	beginAt, endAt   int    // child indexes of the fldChar elements
	beginRun, endRun int    // indexes in the paragraph's run list
	instr            string
}

// fillComplexFields replaces each complex MERGEFIELD (fldChar begin,
// instrText, separate, result runs, end) by the value, in the begin run's
// format; text before and after the field in the same runs stays.
func fillComplexFields(p *xnode, value fieldValue) bool {
	runs := own(p, "w:r")
	var spans []fieldSpan
	var cur fieldSpan
	depth := 0
	for ri, r := range runs {
		for ci, c := range r.children {
			switch c.name {
			case "w:fldChar":
				switch c.attr("w:fldCharType") {
				case "begin":
					if depth == 0 {
						cur = fieldSpan{begin: r, beginAt: ci, beginRun: ri}
					}
					depth++
				case "end":
					if depth == 0 {
						continue
					}
					depth--
					if depth == 0 {
						cur.end, cur.endAt, cur.endRun = r, ci, ri
						spans = append(spans, cur)
					}
				}
			case "w:instrText":
				if depth == 1 {
					cur.instr += c.textContent()
				}
			}
		}
	}
	changed := false
	for i := len(spans) - 1; i >= 0; i-- { // from the end: earlier indexes stay valid
		s := spans[i]
		v, ok := mergeField(s.instr, value)
		if !ok {
			continue
		}
		changed = true
		t := textNode(v)
		t.parent = s.begin
		if s.begin == s.end {
			kids := append(append(append([]*xnode{}, s.begin.children[:s.beginAt]...), t), s.begin.children[s.endAt+1:]...)
			s.begin.children = kids
			continue
		}
		s.begin.children = append(append([]*xnode{}, s.begin.children[:s.beginAt]...), t)
		for _, r := range runs[s.beginRun+1 : s.endRun] {
			r.remove()
		}
		rest := s.end.children[s.endAt+1:]
		if rPr := s.end.child("w:rPr"); rPr != nil {
			rest = append([]*xnode{rPr}, rest...)
		}
		s.end.children = rest
		if len(rest) == 0 || (len(rest) == 1 && rest[0].name == "w:rPr") {
			s.end.remove()
		}
	}
	return changed
}

// fillTokens fills {{token}} fields in the paragraph's text, wherever Word
// split them across runs: the value goes where the token starts, and the
// rest of the token is cut from the runs it spread over.
func fillTokens(p *xnode, value fieldValue) bool {
	var texts []*xnode
	for _, r := range own(p, "w:r") {
		for _, c := range r.children {
			if c.name == "w:t" {
				texts = append(texts, c)
			}
		}
	}
	var all strings.Builder
	starts := make([]int, len(texts))
	content := make([]string, len(texts))
	for i, t := range texts {
		starts[i] = all.Len()
		content[i] = t.textContent()
		all.WriteString(content[i])
	}
	full := all.String()
	spans := domain.MergeTokenSpans(full)
	changed := false
	for k := len(spans) - 1; k >= 0; k-- {
		m := spans[k]
		v, ok := value(full[m[2]:m[3]])
		if !ok {
			continue
		}
		changed = true
		first, last := locate(starts, m[0]), locate(starts, m[1]-1)
		if first == last {
			s := content[first]
			content[first] = s[:m[0]-starts[first]] + v + s[m[1]-starts[first]:]
		} else {
			content[first] = content[first][:m[0]-starts[first]] + v
			for i := first + 1; i < last; i++ {
				content[i] = ""
			}
			content[last] = content[last][m[1]-starts[last]:]
		}
		for i := first; i <= last; i++ {
			texts[i].setText(content[i])
			texts[i].setAttr("xml", "space", "preserve")
		}
	}
	return changed
}

// locate finds which text holds byte offset at of the concatenation.
func locate(starts []int, at int) int {
	i := 0
	for i+1 < len(starts) && starts[i+1] <= at {
		i++
	}
	return i
}

// mergeField reads a field instruction; for a MERGEFIELD whose value is
// known it returns the text to show, with the \b (before) and \f (after)
// texts around a non-empty value and the \* Upper, Lower, Caps and FirstCap
// formats applied.
func mergeField(instr string, value fieldValue) (string, bool) {
	args := instrArgs(instr)
	if len(args) < 2 || !strings.EqualFold(args[0], "MERGEFIELD") || strings.HasPrefix(args[1], `\`) {
		return "", false
	}
	v, ok := value(args[1])
	if !ok {
		return "", false
	}
	if v == "" {
		return "", true
	}
	before, after := "", ""
	for i := 2; i+1 < len(args); i++ {
		switch strings.ToLower(args[i]) {
		case `\b`:
			before = args[i+1]
		case `\f`:
			after = args[i+1]
		case `\*`:
			v = caseFormat(v, args[i+1])
		}
	}
	return before + v + after, true
}

func caseFormat(v, format string) string {
	switch strings.ToLower(format) {
	case "upper":
		return strings.ToUpper(v)
	case "lower":
		return strings.ToLower(v)
	case "firstcap":
		r := []rune(v)
		return string(unicode.ToUpper(r[0])) + string(r[1:])
	case "caps":
		words := strings.Fields(v)
		for i, w := range words {
			r := []rune(w)
			words[i] = string(unicode.ToUpper(r[0])) + string(r[1:])
		}
		return strings.Join(words, " ")
	}
	return v
}

// instrArgs splits a field instruction into words; "quoted text" is one word.
func instrArgs(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, has := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			has = true
		case unicode.IsSpace(r) && !quoted:
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}
