package documents_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/drumbeat-crm/drumbeat/documents"
	"github.com/drumbeat-crm/drumbeat/documents/documentstest"
)

const richBody = `<h1>Spring offer</h1><p>Dear <b>Jane</b>,
   we   have news.</p><ul><li>First point</li><li>Second <strong>bold</strong> point</li></ul>` +
	`<ol start="3"><li>Third</li><li>Fourth</li></ol><p>See <a href="https://example.org/offer">our site</a>.<br>Regards</p>` +
	`<script>alert(1)</script><style>p{}</style>`

// TestHTMLBlocks: headings, paragraphs, lists, bold and links become
// blocks and runs; whitespace collapses; scripts and styles are dropped.
func TestHTMLBlocks(t *testing.T) {
	bs := documents.HTMLBlocks(richBody)
	var got []string
	for _, b := range bs {
		got = append(got, b.Marker+b.Text())
	}
	assert.Equal(t, []string{"Spring offer", "Dear Jane, we have news.", "•First point", "•Second bold point", "3.Third", "4.Fourth",
		"See our site.\nRegards"}, got)
	assert.Equal(t, documents.Heading, bs[0].Kind)
	assert.Equal(t, 1, bs[0].Level)
	assert.Equal(t, []documents.Run{{Text: "Dear "}, {Text: "Jane", Bold: true}, {Text: ", we have news."}}, bs[1].Runs)
	assert.Equal(t, documents.ListItem, bs[3].Kind)
	assert.Equal(t, documents.Run{Text: "our site", Link: "https://example.org/offer"}, bs[6].Runs[1])
	assert.True(t, documents.LooksLikeHTML(richBody))
	assert.False(t, documents.LooksLikeHTML("Price < 5 and > 2"))
}

// TestHTMLPrintsAsFormattedText: the PDF shows the text, bullets and
// numbers, never the tags, with the link clickable and the heading bold.
func TestHTMLPrintsAsFormattedText(t *testing.T) {
	pdf := render(t, documents.Letter{Blocks: documents.HTMLBlocks(richBody)})
	text := documentstest.PDFText(t, pdf)
	for _, want := range []string{"Spring offer", "Dear Jane, we have news.", "•First point", "3.Third", "See our site.", "Regards"} {
		assert.Contains(t, strings.ReplaceAll(text, "  ", " "), want)
	}
	for _, tag := range []string{"<", ">", "alert", "p{}"} {
		assert.NotContains(t, text, tag)
	}
	assert.Equal(t, []string{"https://example.org/offer"}, documentstest.PDFLinks(t, pdf))
	assert.True(t, strings.HasSuffix(documentstest.PDFFonts(t, pdf)["Spring offer"], "B"))
}
