package documents

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// xnode is one node of an XML part of a Word document, kept as written:
// names with their prefixes, attributes in order, so the part is written
// back exactly as Word expects it except where a merge field was filled.
// encoding/xml's own encoder would rewrite the namespace prefixes.
type xnode struct {
	// name is the qualified element name ("w:p"); "" for text and raw nodes.
	name     string
	attrs    []xml.Attr
	children []*xnode
	parent   *xnode
	text     string
	// raw is a comment, processing instruction or directive, written as is.
	raw string
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// parseXML reads an XML part into a tree under a document node.
func parseXML(data []byte) (*xnode, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := &xnode{}
	cur := root
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xnode{name: qname(t.Name), attrs: append([]xml.Attr(nil), t.Attr...), parent: cur}
			cur.children = append(cur.children, n)
			cur = n
		case xml.EndElement:
			if cur == root || cur.name != qname(t.Name) {
				return nil, fmt.Errorf("unexpected </%s>", qname(t.Name))
			}
			cur = cur.parent
		case xml.CharData:
			cur.children = append(cur.children, &xnode{text: string(t), parent: cur})
		case xml.Comment:
			cur.children = append(cur.children, &xnode{raw: "<!--" + string(t) + "-->", parent: cur})
		case xml.ProcInst:
			cur.children = append(cur.children, &xnode{raw: "<?" + t.Target + " " + string(t.Inst) + "?>", parent: cur})
		case xml.Directive:
			cur.children = append(cur.children, &xnode{raw: "<!" + string(t) + ">", parent: cur})
		}
	}
	if cur != root {
		return nil, fmt.Errorf("<%s> is not closed", cur.name)
	}
	return root, nil
}

// write serialises the tree.
func (n *xnode) write(b *bytes.Buffer) {
	switch {
	case n.raw != "":
		b.WriteString(n.raw)
	case n.name == "" && n.parent != nil:
		_ = xml.EscapeText(b, []byte(n.text))
	default:
		if n.name != "" {
			b.WriteString("<" + n.name)
			for _, a := range n.attrs {
				b.WriteString(" " + qname(a.Name) + `="`)
				_ = xml.EscapeText(b, []byte(a.Value))
				b.WriteString(`"`)
			}
			if len(n.children) == 0 {
				b.WriteString("/>")
				return
			}
			b.WriteString(">")
		}
		for _, c := range n.children {
			c.write(b)
		}
		if n.name != "" {
			b.WriteString("</" + n.name + ">")
		}
	}
}

func (n *xnode) bytes() []byte {
	var b bytes.Buffer
	n.write(&b)
	return b.Bytes()
}

// attr returns an attribute's value by qualified name.
func (n *xnode) attr(name string) string {
	for _, a := range n.attrs {
		if qname(a.Name) == name {
			return a.Value
		}
	}
	return ""
}

// setAttr sets an attribute, adding it when missing.
func (n *xnode) setAttr(space, local, value string) {
	for i, a := range n.attrs {
		if a.Name.Space == space && a.Name.Local == local {
			n.attrs[i].Value = value
			return
		}
	}
	n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Space: space, Local: local}, Value: value})
}

// child returns the first child element with the name.
func (n *xnode) child(name string) *xnode {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// textContent is the concatenated character data below the node.
func (n *xnode) textContent() string {
	if n.name == "" {
		return n.text
	}
	var s strings.Builder
	for _, c := range n.children {
		s.WriteString(c.textContent())
	}
	return s.String()
}

// setText makes the node's only child the given text.
func (n *xnode) setText(s string) {
	n.children = []*xnode{{text: s, parent: n}}
}

// find lists, in document order, the elements below n with the name,
// without descending into matches.
func (n *xnode) find(name string) []*xnode {
	var out []*xnode
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		} else if c.name != "" {
			out = append(out, c.find(name)...)
		}
	}
	return out
}

// remove takes the node out of its parent.
func (n *xnode) remove() {
	p := n.parent
	if p == nil {
		return
	}
	for i, c := range p.children {
		if c == n {
			p.children = append(p.children[:i], p.children[i+1:]...)
			return
		}
	}
}

// replaceWith puts other in n's place.
func (n *xnode) replaceWith(other *xnode) {
	p := n.parent
	for i, c := range p.children {
		if c == n {
			p.children[i] = other
			other.parent = p
			return
		}
	}
}

// el builds an element with children.
func el(name string, children ...*xnode) *xnode {
	n := &xnode{name: name}
	for _, c := range children {
		c.parent = n
		n.children = append(n.children, c)
	}
	return n
}

// clone copies a subtree.
func (n *xnode) clone() *xnode {
	c := &xnode{name: n.name, attrs: append([]xml.Attr(nil), n.attrs...), text: n.text, raw: n.raw}
	for _, ch := range n.children {
		cc := ch.clone()
		cc.parent = c
		c.children = append(c.children, cc)
	}
	return c
}
