package documents

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Letter is what one printed PDF letter holds.
type Letter struct {
	// Title is printed first, in bold (the document's merged subject).
	Title  string
	Blocks []Block
	// PageSize is domain.PageA4 or domain.PageLetter ("" is A4).
	PageSize string
	// Logo is an optional PNG or JPEG printed at the top right of the first page.
	Logo     []byte
	LogoType string
}

// Layout in millimetres and points.
const (
	margin     = 20.0
	lineHeight = 5.5
	bodySize   = 11.0
	titleSize  = 16.0
	listIndent = 7.0
	logoMaxW   = 45.0
	logoMaxH   = 20.0
)

// headingSizes are the font sizes of heading levels 1..6.
var headingSizes = [...]float64{15, 13.5, 12.5, 12, 11.5, 11}

// fixedDate is the creation date written into every PDF, so the same letter
// always renders to the same bytes.
var fixedDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// RenderPDF lays out a letter as a PDF with the embedded DejaVu Sans fonts:
// lines wrap by glyph width, headings and bold runs use the bold face, links
// are clickable, and pages follow one another as the text needs.
func RenderPDF(l Letter) ([]byte, error) {
	size := "A4"
	if strings.EqualFold(l.PageSize, domain.PageLetter) {
		size = "Letter"
	}
	f := fpdf.New("P", "mm", size, "")
	f.SetCreationDate(fixedDate)
	f.SetModificationDate(fixedDate)
	f.SetCatalogSort(true)
	f.SetProducer("Drumbeat", true)
	f.SetTitle(l.Title, true)
	f.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	f.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin)
	f.AddPage()
	if len(l.Logo) > 0 {
		placeLogo(f, l.Logo, l.LogoType)
	}
	if l.Title != "" {
		f.SetFont(fontFamily, "B", titleSize)
		f.MultiCell(0, 8, l.Title, "", "L", false)
		f.Ln(4)
	}
	for _, b := range l.Blocks {
		writeBlock(f, b)
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("laying out the letter: %w", err)
	}
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		return nil, fmt.Errorf("writing the letter: %w", err)
	}
	return fixToUnicode(out.Bytes())
}

// placeLogo draws the logo at the top right, scaled into its box, and moves
// the text below it.
func placeLogo(f *fpdf.Fpdf, logo []byte, typ string) {
	kind := "PNG"
	if typ == "image/jpeg" {
		kind = "JPG"
	}
	opts := fpdf.ImageOptions{ImageType: kind}
	info := f.RegisterImageOptionsReader("logo", opts, bytes.NewReader(logo))
	if info == nil || f.Err() {
		return
	}
	w, h := info.Width(), info.Height()
	if w <= 0 || h <= 0 {
		return
	}
	scale := min(logoMaxW/w, logoMaxH/h)
	w, h = w*scale, h*scale
	pageW, _ := f.GetPageSize()
	f.ImageOptions("logo", pageW-margin-w, margin, w, h, false, opts, 0, "")
	f.SetY(margin + h + 6)
}

func writeBlock(f *fpdf.Fpdf, b Block) {
	switch b.Kind {
	case Spacer:
		f.Ln(lineHeight)
		return
	case Heading:
		lvl := min(max(b.Level, 1), len(headingSizes))
		f.Ln(2)
		writeRuns(f, b.Runs, headingSizes[lvl-1], true, lineHeight+1)
		f.Ln(lineHeight + 2.5)
		return
	case ListItem:
		indent := margin + listIndent*float64(max(b.Level, 1))
		f.SetLeftMargin(indent)
		f.SetX(indent - 5.5)
		f.SetFont(fontFamily, "", bodySize)
		f.Write(lineHeight, b.Marker)
		f.SetX(indent)
		writeRuns(f, b.Runs, bodySize, false, lineHeight)
		f.SetLeftMargin(margin)
		f.Ln(lineHeight + 1)
		return
	}
	writeRuns(f, b.Runs, bodySize, false, lineHeight)
	f.Ln(lineHeight + 2)
}

// writeRuns writes styled runs as flowing text: fpdf wraps each line where
// the next word no longer fits, measured with the font's glyph widths.
func writeRuns(f *fpdf.Fpdf, runs []Run, size float64, bold bool, h float64) {
	for _, r := range runs {
		style := ""
		if bold || r.Bold {
			style = "B"
		}
		if r.Link != "" {
			f.SetFont(fontFamily, style+"U", size)
			f.SetTextColor(0, 0, 200)
			f.WriteLinkString(h, r.Text, r.Link)
			f.SetTextColor(0, 0, 0)
			continue
		}
		f.SetFont(fontFamily, style, size)
		f.Write(h, r.Text)
	}
}
