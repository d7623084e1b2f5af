package domain

import (
	"bytes"
	"fmt"
	"strings"
)

// pdfLineWidth is how many characters fit on a line at 11 pt Helvetica on A4.
const (
	pdfLineWidth    = 90
	pdfLinesPerPage = 56
)

// RenderPDF lays out a title and plain text as a simple A4 PDF document
// (Helvetica, wrapped lines, as many pages as needed). Characters outside
// Latin-1 are shown as '?'.
func RenderPDF(title, text string) []byte {
	lines := []string{}
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		lines = append(lines, wrap(para, pdfLineWidth)...)
	}
	var pages [][]string
	for len(lines) > pdfLinesPerPage {
		pages = append(pages, lines[:pdfLinesPerPage])
		lines = lines[pdfLinesPerPage:]
	}
	pages = append(pages, lines)

	var objs []string                                            // objects 1..n, in order
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>", "") // pages tree filled in below
	objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	var kids []string
	for i, pg := range pages {
		var content bytes.Buffer
		content.WriteString("BT\n")
		y := 800
		if i == 0 && title != "" {
			fmt.Fprintf(&content, "/F2 15 Tf 50 %d Td (%s) Tj\n", y, pdfString(title))
			y -= 28
			fmt.Fprintf(&content, "/F1 11 Tf 0 -28 Td\n")
		} else {
			fmt.Fprintf(&content, "/F1 11 Tf 50 %d Td\n", y)
		}
		for _, l := range pg {
			fmt.Fprintf(&content, "(%s) Tj 0 -13.5 Td\n", pdfString(l))
		}
		content.WriteString("ET\n")
		contentObj := len(objs) + 1
		objs = append(objs, fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()))
		pageObj := len(objs) + 1
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "+
			"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>", contentObj))
		kids = append(kids, fmt.Sprintf("%d 0 R", pageObj))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))

	var out bytes.Buffer
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return out.Bytes()
}

// wrap splits a paragraph into lines of at most width characters at spaces.
func wrap(s string, width int) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	cur := ""
	for _, w := range words {
		for len([]rune(w)) > width {
			r := []rune(w)
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			lines = append(lines, string(r[:width]))
			w = string(r[width:])
		}
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	return append(lines, cur)
}

// pdfString escapes text for a PDF literal string in WinAnsi (Latin-1) encoding.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString("    ")
		case r < 32:
		case r < 127:
			b.WriteRune(r)
		case r < 256:
			b.WriteString(fmt.Sprintf("\\%03o", r))
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
