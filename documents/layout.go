package documents

import "strings"

// BlockKind says how a block of text is laid out.
type BlockKind int

// The kinds of block a letter is made of.
const (
	// Paragraph is running text.
	Paragraph BlockKind = iota
	// Heading is a bold title line; Level 1 is the largest.
	Heading
	// ListItem is one entry of a bulleted or numbered list.
	ListItem
	// Spacer is an empty line between paragraphs of plain text.
	Spacer
)

// Run is a stretch of text with one style.
type Run struct {
	Text string
	Bold bool
	// Link is the URL the text points to, if any.
	Link string
}

// Block is one paragraph, heading or list item of a letter.
type Block struct {
	Kind BlockKind
	// Level is a heading's level (1..6) or a list item's nesting depth (1..).
	Level int
	// Marker is a list item's bullet or number ("•", "3.").
	Marker string
	Runs   []Run
}

// Text is the block's text without styles.
func (b Block) Text() string {
	var s strings.Builder
	for _, r := range b.Runs {
		s.WriteString(r.Text)
	}
	return s.String()
}

// TextBlocks lays out plain text as it was typed: lines next to each other
// form a paragraph (each keeps its own line), a blank line ends the
// paragraph, and every further blank line leaves a gap.
func TextBlocks(text string) []Block {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\t", "    ")
	var out []Block
	var para []string
	blank := false
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		line = strings.TrimRight(line, " ")
		if strings.TrimSpace(line) != "" {
			para = append(para, line)
			blank = false
			continue
		}
		if len(para) > 0 {
			out = append(out, Block{Kind: Paragraph, Runs: []Run{{Text: strings.Join(para, "\n")}}})
			para = nil
		} else if blank || len(out) == 0 {
			out = append(out, Block{Kind: Spacer})
		}
		blank = true
	}
	if len(para) > 0 {
		out = append(out, Block{Kind: Paragraph, Runs: []Run{{Text: strings.Join(para, "\n")}}})
	}
	return out
}
