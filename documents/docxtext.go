package documents

import (
	"strconv"
	"strings"
)

// DOCXBlocks reads the text of a Word document's body as blocks, so a filled
// template can also print as a PDF: headings (Title, Heading 1-6 styles),
// paragraphs, list items (numbered paragraphs), table rows, bold runs, line
// breaks, tabs and hyperlinks. Word's own layout (fonts, images, columns,
// headers and footers) is not reproduced: that is what the DOCX output is for.
func DOCXBlocks(docx []byte) ([]Block, error) {
	zr, err := openDOCX(docx)
	if err != nil {
		return nil, err
	}
	var body *xnode
	links := map[string]string{}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml", "word/_rels/document.xml.rels":
			data, err := readPart(f)
			if err != nil {
				return nil, err
			}
			root, err := parseXML(data)
			if err != nil {
				return nil, ErrNotWord
			}
			if f.Name == "word/document.xml" {
				body = root
				continue
			}
			for _, rel := range root.find("Relationship") {
				if rel.attr("TargetMode") == "External" {
					links[rel.attr("Id")] = rel.attr("Target")
				}
			}
		}
	}
	var out []Block
	for _, b := range body.find("w:body") {
		out = append(out, bodyBlocks(b, links)...)
	}
	return out, nil
}

// bodyBlocks turns the paragraphs and tables of a container into blocks.
func bodyBlocks(n *xnode, links map[string]string) []Block {
	var out []Block
	for _, c := range n.children {
		switch c.name {
		case "w:p":
			out = append(out, paragraphBlock(c, links))
		case "w:tbl":
			for _, row := range c.find("w:tr") {
				var runs []Run
				for _, cell := range row.find("w:tc") {
					var cellRuns []Run
					for _, p := range cell.find("w:p") {
						if len(cellRuns) > 0 {
							cellRuns = append(cellRuns, Run{Text: " "})
						}
						cellRuns = append(cellRuns, paragraphBlock(p, links).Runs...)
					}
					if len(runs) > 0 && len(cellRuns) > 0 {
						runs = append(runs, Run{Text: cellGap})
					}
					runs = append(runs, cellRuns...)
				}
				if len(runs) > 0 {
					out = append(out, Block{Kind: Paragraph, Runs: runs})
				}
			}
		case "w:sdt":
			if sc := c.child("w:sdtContent"); sc != nil {
				out = append(out, bodyBlocks(sc, links)...)
			}
		}
	}
	return out
}

// paragraphBlock reads one paragraph: its style decides the kind of block.
func paragraphBlock(p *xnode, links map[string]string) Block {
	b := Block{Kind: Paragraph}
	if ppr := p.child("w:pPr"); ppr != nil {
		if st := ppr.child("w:pStyle"); st != nil {
			style := strings.ToLower(strings.ReplaceAll(st.attr("w:val"), " ", ""))
			switch {
			case style == "title":
				b.Kind, b.Level = Heading, 1
			case strings.HasPrefix(style, "heading"):
				if n, err := strconv.Atoi(strings.TrimPrefix(style, "heading")); err == nil && n >= 1 && n <= 6 {
					b.Kind, b.Level = Heading, n
				}
			}
		}
		if num := ppr.child("w:numPr"); num != nil && b.Kind == Paragraph {
			b.Kind, b.Level, b.Marker = ListItem, 1, "•"
			if lvl := num.child("w:ilvl"); lvl != nil {
				if n, err := strconv.Atoi(lvl.attr("w:val")); err == nil {
					b.Level = n + 1
				}
			}
		}
	}
	var walk func(n *xnode, link string)
	walk = func(n *xnode, link string) {
		for _, c := range n.children {
			switch c.name {
			case "w:r":
				b.Runs = append(b.Runs, runText(c, link)...)
			case "w:hyperlink":
				walk(c, links[c.attr("r:id")])
			case "w:p", "w:pPr", "w:del", "":
			default:
				walk(c, link)
			}
		}
	}
	walk(p, "")
	if strings.TrimSpace(b.Text()) == "" {
		return Block{Kind: Spacer}
	}
	b.Runs = joinRuns(b.Runs)
	return b
}

// joinRuns merges neighbouring runs of the same style: Word splits text into
// many runs, and a run of one space must stay with its words.
func joinRuns(runs []Run) []Run {
	var out []Run
	for _, r := range runs {
		if k := len(out) - 1; k >= 0 && out[k].Bold == r.Bold && out[k].Link == r.Link {
			out[k].Text += r.Text
			continue
		}
		out = append(out, r)
	}
	return out
}

// runText reads a run's text with its bold flag.
func runText(r *xnode, link string) []Run {
	bold := false
	if rpr := r.child("w:rPr"); rpr != nil {
		if bn := rpr.child("w:b"); bn != nil {
			v := bn.attr("w:val")
			bold = v == "" || v == "1" || v == "true" || v == "on"
		}
	}
	var s strings.Builder
	for _, c := range r.children {
		switch c.name {
		case "w:t":
			s.WriteString(c.textContent())
		case "w:tab":
			s.WriteString("    ")
		case "w:br", "w:cr":
			s.WriteString("\n")
		}
	}
	if s.Len() == 0 {
		return nil
	}
	return []Run{{Text: s.String(), Bold: bold, Link: link}}
}
