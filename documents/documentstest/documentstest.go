// Package documentstest builds Word templates and opens produced PDF and
// DOCX files for tests: text is read back from the files themselves, the
// way a reader or Word would, never from how they were made.
package documentstest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/stretchr/testify/require"
)

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// DOCX builds a minimal Word document whose body holds the given paragraph
// XML (w:p elements, w: prefix); extra parts (a header) may be added by name.
func DOCX(body string, extra map[string]string) []byte {
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:document ` + wordNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`,
	}
	names := []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"}
	for name, xmlText := range extra {
		parts[name] = xmlText
		names = append(names, name)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			panic(err)
		}
		_, _ = w.Write([]byte(parts[n]))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return out.Bytes()
}

// Header is a header part holding the paragraph XML.
func Header(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr ` + wordNS + `>` + body + `</w:hdr>`
}

// P is a paragraph of runs.
func P(runs ...string) string { return "<w:p>" + strings.Join(runs, "") + "</w:p>" }

// R is a plain run; Bold a bold one.
func R(text string) string { return `<w:r><w:t xml:space="preserve">` + esc(text) + `</w:t></w:r>` }

// Bold is a bold run.
func Bold(text string) string {
	return `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + esc(text) + `</w:t></w:r>`
}

// Heading is a paragraph in Word's Heading 1 style.
func Heading(text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>` + R(text) + `</w:p>`
}

// SimpleField is a w:fldSimple MERGEFIELD as Word writes it.
func SimpleField(instr string) string {
	return `<w:fldSimple w:instr=" ` + esc(instr) + ` "><w:r><w:rPr><w:noProof/></w:rPr><w:t>«field»</w:t></w:r></w:fldSimple>`
}

// ComplexField is a MERGEFIELD written as fldChar runs, its instruction split
// over several instrText runs the way Word splits them.
func ComplexField(instrParts ...string) string {
	s := `<w:r><w:fldChar w:fldCharType="begin"/></w:r>`
	for _, p := range instrParts {
		s += `<w:r><w:instrText xml:space="preserve">` + esc(p) + `</w:instrText></w:r>`
	}
	return s + `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:noProof/></w:rPr><w:t>«result»</w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="end"/></w:r>`
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// DOCXText reads a DOCX part's text as Word shows it: one line per
// paragraph, field instructions left out.
func DOCXText(t testing.TB, docx []byte, part string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	require.NoError(t, err, "the file opens as a zip archive")
	for _, f := range zr.File {
		if f.Name != part {
			continue
		}
		rc, err := f.Open()
		require.NoError(t, err)
		defer rc.Close()
		dec := xml.NewDecoder(rc)
		var out strings.Builder
		inText := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, "%s is well-formed XML", part)
			switch v := tok.(type) {
			case xml.StartElement:
				inText = v.Name.Local == "t"
			case xml.EndElement:
				inText = false
				if v.Name.Local == "p" {
					out.WriteString("\n")
				}
			case xml.CharData:
				if inText {
					out.Write(v)
				}
			}
		}
		return out.String()
	}
	t.Fatalf("the DOCX has no %s", part)
	return ""
}

// pdfLine is one line of a PDF page: its text and the font of its first glyph.
type pdfLine struct{ text, font string }

// pdfLines reads a PDF's lines, page after page, with a PDF reader that
// follows the fonts' ToUnicode maps, as copy and paste does.
func pdfLines(t testing.TB, data []byte) []pdfLine {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err, "the file opens as a PDF")
	var out []pdfLine
	for i := 1; i <= r.NumPage(); i++ {
		var cur *pdfLine
		y := -1.0
		for _, g := range r.Page(i).Content().Text {
			if cur == nil || math.Abs(g.Y-y) > 1 {
				out = append(out, pdfLine{font: g.Font})
				cur, y = &out[len(out)-1], g.Y
			}
			cur.text += g.S
		}
	}
	return out
}

// PDFText is a PDF's text, one line per printed line.
func PDFText(t testing.TB, data []byte) string {
	t.Helper()
	var out strings.Builder
	for _, l := range pdfLines(t, data) {
		out.WriteString(l.text + "\n")
	}
	return out.String()
}

// PDFFonts maps each printed line (trimmed) to the font of its first glyph.
func PDFFonts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, l := range pdfLines(t, data) {
		out[strings.TrimSpace(l.text)] = l.font
	}
	return out
}

// PDFPageSizes lists the pages' sizes in points (width x height).
func PDFPageSizes(t testing.TB, data []byte) []string {
	t.Helper()
	dims, err := api.PageDims(bytes.NewReader(data), model.NewDefaultConfiguration())
	require.NoError(t, err)
	var out []string
	for _, d := range dims {
		out = append(out, fmt.Sprintf("%.0fx%.0f", d.Width, d.Height))
	}
	return out
}

// PDFImages counts the images placed on a PDF's pages.
func PDFImages(t testing.TB, data []byte) int {
	t.Helper()
	pages, err := api.Images(bytes.NewReader(data), nil, model.NewDefaultConfiguration())
	require.NoError(t, err)
	n := 0
	for _, p := range pages {
		n += len(p)
	}
	return n
}

// PDFLinks lists the URIs of a PDF's link annotations.
func PDFLinks(t testing.TB, data []byte) []string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var out []string
	for i := 1; i <= r.NumPage(); i++ {
		annots := r.Page(i).V.Key("Annots")
		for j := 0; j < annots.Len(); j++ {
			if uri := annots.Index(j).Key("A").Key("URI"); uri.Kind() == pdf.String {
				out = append(out, uri.RawString())
			}
		}
	}
	return out
}

// ZipFiles lists a zip archive's file names, in order.
func ZipFiles(t testing.TB, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err, "the file opens as a zip archive")
	var out []string
	for _, f := range zr.File {
		out = append(out, f.Name)
	}
	return out
}

// ZipEntry reads one file of a zip archive.
func ZipEntry(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err, "the file opens as a zip archive")
	rc, err := zr.Open(name)
	require.NoError(t, err, "the archive holds %s", name)
	defer rc.Close()
	out, err := io.ReadAll(rc)
	require.NoError(t, err)
	return out
}
