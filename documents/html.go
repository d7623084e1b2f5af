package documents

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// LooksLikeHTML reports whether a document body is HTML (the one rule, in domain).
func LooksLikeHTML(body string) bool { return domain.LooksLikeHTML(body) }

// HTMLBlocks lays out an HTML body: headings, paragraphs, lists (bulleted and
// numbered, nested), bold text, links and table rows become blocks and runs;
// scripts, styles and images are left out; whitespace collapses as a browser
// collapses it.
func HTMLBlocks(body string) []Block {
	root, err := html.Parse(strings.NewReader(body))
	if err != nil { // the parser accepts any input; keep the text in any case
		return TextBlocks(body)
	}
	b := &htmlBuilder{}
	b.walk(root, Run{})
	b.flush()
	return b.out
}

type htmlList struct {
	ordered bool
	n       int
}

type htmlBuilder struct {
	out   []Block
	cur   *Block
	lists []htmlList
	pre   int
}

func (b *htmlBuilder) walk(n *html.Node, style Run) {
	switch n.Type {
	case html.TextNode:
		b.text(n.Data, style)
		return
	case html.ElementNode:
	case html.DocumentNode:
		b.children(n, style)
		return
	default:
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Img, atom.Noscript, atom.Template:
	case atom.B, atom.Strong, atom.Th:
		style.Bold = true
		b.cell(n)
		b.children(n, style)
	case atom.A:
		style.Link = attr(n, "href")
		b.children(n, style)
	case atom.Br:
		b.text("\n", Run{Bold: style.Bold})
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		b.block(Block{Kind: Heading, Level: int(n.Data[1] - '0')})
		style.Bold = true
		b.children(n, style)
		b.flush()
	case atom.Ul, atom.Ol:
		b.flush()
		b.lists = append(b.lists, htmlList{ordered: n.DataAtom == atom.Ol, n: startAt(n)})
		b.children(n, style)
		b.lists = b.lists[:len(b.lists)-1]
		b.flush()
	case atom.Li:
		item := Block{Kind: ListItem, Level: max(len(b.lists), 1), Marker: "•"}
		if len(b.lists) > 0 {
			l := &b.lists[len(b.lists)-1]
			if l.ordered {
				item.Marker = strconv.Itoa(l.n) + "."
				l.n++
			}
		}
		b.block(item)
		b.children(n, style)
		b.flush()
	case atom.Pre:
		b.block(Block{Kind: Paragraph})
		b.pre++
		b.children(n, style)
		b.pre--
		b.flush()
	case atom.P, atom.Div, atom.Tr, atom.Blockquote, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Address:
		b.block(Block{Kind: Paragraph})
		b.children(n, style)
		b.flush()
	case atom.Td:
		b.cell(n)
		b.children(n, style)
	default:
		b.children(n, style)
	}
}

func (b *htmlBuilder) children(n *html.Node, style Run) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.walk(c, style)
	}
}

// cell separates the cells of a table row.
func (b *htmlBuilder) cell(n *html.Node) {
	if (n.DataAtom == atom.Td || n.DataAtom == atom.Th) && n.PrevSibling != nil && b.cur != nil && b.cur.Text() != "" {
		b.text(cellGap, Run{})
	}
}

// block ends the current block and starts a new one.
func (b *htmlBuilder) block(k Block) {
	b.flush()
	b.cur = &k
}

// text adds text in a style to the current block (a paragraph if none),
// collapsing whitespace outside <pre>.
func (b *htmlBuilder) text(s string, style Run) {
	if b.pre == 0 && s != "\n" && s != cellGap {
		s = collapse(s)
	}
	if s == "" {
		return
	}
	if b.cur == nil {
		if strings.TrimSpace(s) == "" {
			return
		}
		b.cur = &Block{Kind: Paragraph}
	}
	if t := b.cur.Text(); t == "" || strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\n") {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			return
		}
	}
	runs := b.cur.Runs
	if k := len(runs) - 1; k >= 0 && runs[k].Bold == style.Bold && runs[k].Link == style.Link {
		runs[k].Text += s
		return
	}
	b.cur.Runs = append(runs, Run{Text: s, Bold: style.Bold, Link: style.Link})
}

// flush ends the current block, dropping it when it holds no text.
func (b *htmlBuilder) flush() {
	if b.cur == nil {
		return
	}
	k := b.cur
	b.cur = nil
	for len(k.Runs) > 0 {
		last := &k.Runs[len(k.Runs)-1]
		last.Text = strings.TrimRight(last.Text, " \n")
		if last.Text != "" {
			break
		}
		k.Runs = k.Runs[:len(k.Runs)-1]
	}
	if strings.TrimSpace(k.Text()) != "" {
		b.out = append(b.out, *k)
	}
}

// cellGap separates the cells of a table row.
const cellGap = "   "

// collapse turns every run of HTML whitespace into one space (a no-break
// space is not whitespace and stays).
func collapse(s string) string {
	var out strings.Builder
	space := false
	for _, r := range s {
		if strings.ContainsRune(" \t\r\n\f", r) {
			space = true
			continue
		}
		if space {
			out.WriteByte(' ')
			space = false
		}
		out.WriteRune(r)
	}
	if space {
		out.WriteByte(' ')
	}
	return out.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// startAt is where an ordered list's numbering starts (its start attribute).
func startAt(n *html.Node) int {
	if v, err := strconv.Atoi(attr(n, "start")); err == nil {
		return v
	}
	return 1
}
