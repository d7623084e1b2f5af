package documents_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/documents"
	"github.com/drumbeat-crm/drumbeat/documents/documentstest"
	"github.com/drumbeat-crm/drumbeat/domain"
)

const polish = "Łukasz Żółć, 5 € — “quoted”"

func render(t *testing.T, l documents.Letter) []byte {
	t.Helper()
	out, err := documents.RenderPDF(l)
	require.NoError(t, err)
	return out
}

// TestPDFPrintsEveryScript: Polish, the euro sign, dashes and curly quotes,
// Greek and Cyrillic come back out of the PDF as they went in.
func TestPDFPrintsEveryScript(t *testing.T) {
	pdf := render(t, documents.Letter{Title: polish, Blocks: documents.TextBlocks("Dear " + polish + "\nΚαλημέρα κόσμε\nДобрый день, мир")})
	text := documentstest.PDFText(t, pdf)
	for _, want := range []string{polish, "Dear " + polish, "Καλημέρα κόσμε", "Добрый день, мир"} {
		assert.Contains(t, text, want)
	}
	assert.NotContains(t, text, "?")
}

// TestPDFWrapsByGlyphWidth: the same number of characters takes more lines
// in wide letters than in narrow ones, and no line runs past the margin.
func TestPDFWrapsByGlyphWidth(t *testing.T) {
	lines := func(word string) int {
		text := strings.TrimSpace(strings.Repeat(word+" ", 120))
		out := documentstest.PDFText(t, render(t, documents.Letter{Blocks: documents.TextBlocks(text)}))
		return strings.Count(strings.TrimSpace(out), "\n") + 1
	}
	narrow, wide := lines("ilil"), lines("WMWM")
	assert.Greater(t, wide, 2*narrow, "wide %d lines, narrow %d lines", wide, narrow)
	assert.GreaterOrEqual(t, narrow, 2, "long text wraps")
}

// TestPDFPageSizes: A4 by default, Letter when asked.
func TestPDFPageSizes(t *testing.T) {
	assert.Equal(t, []string{"595x842"}, documentstest.PDFPageSizes(t, render(t, documents.Letter{Title: "x"})))
	assert.Equal(t, []string{"612x792"}, documentstest.PDFPageSizes(t, render(t, documents.Letter{Title: "x", PageSize: domain.PageLetter})))
	long := documents.TextBlocks(strings.Repeat("A line of the letter.\n", 120))
	assert.Len(t, documentstest.PDFPageSizes(t, render(t, documents.Letter{Blocks: long})), 3, "120 lines flow onto three pages")
}

// TestPDFBoldHeadingsAndLogo: the title and headings use the bold face, the
// body the regular one; a logo is placed as an image.
func TestPDFBoldHeadingsAndLogo(t *testing.T) {
	pdf := render(t, documents.Letter{Title: "Welcome", Logo: pngLogo(t), LogoType: "image/png",
		Blocks: []documents.Block{{Kind: documents.Heading, Level: 2, Runs: []documents.Run{{Text: "Your offer"}}},
			{Kind: documents.Paragraph, Runs: []documents.Run{{Text: "Plain words"}}}}})
	fonts := documentstest.PDFFonts(t, pdf)
	assert.True(t, strings.HasSuffix(fonts["Welcome"], "B"), fonts["Welcome"])
	assert.True(t, strings.HasSuffix(fonts["Your offer"], "B"), fonts["Your offer"])
	assert.False(t, strings.HasSuffix(fonts["Plain words"], "B"), fonts["Plain words"])
	assert.NotEmpty(t, fonts["Plain words"])
	assert.Equal(t, 1, documentstest.PDFImages(t, pdf))
	assert.Equal(t, 0, documentstest.PDFImages(t, render(t, documents.Letter{Title: "No logo"})))
}

func pngLogo(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := 0; x < 40; x++ {
		for y := 0; y < 20; y++ {
			img.Set(x, y, color.RGBA{R: 200, A: 255})
		}
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// TestCombinePDFs: one print job holds every letter's pages, in order.
func TestCombinePDFs(t *testing.T) {
	var letters [][]byte
	for _, n := range []string{"Anna", "Bartek", "Celina"} {
		letters = append(letters, render(t, documents.Letter{Title: "Letter for " + n}))
	}
	job, err := documents.CombinePDFs(letters)
	require.NoError(t, err)
	assert.Len(t, documentstest.PDFPageSizes(t, job), 3)
	text := documentstest.PDFText(t, job)
	a, b, c := strings.Index(text, "Anna"), strings.Index(text, "Bartek"), strings.Index(text, "Celina")
	assert.True(t, a >= 0 && a < b && b < c, "in order: %q", text)
	_, err = documents.CombinePDFs(nil)
	assert.Error(t, err)
	_, err = documents.CombinePDFs([][]byte{[]byte("not a pdf")})
	assert.Error(t, err)
}
