package documents

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func init() {
	// pdfcpu would otherwise write a configuration folder under the user's
	// home on first use; the defaults built into it are all we need.
	api.DisableConfigDir()
}

func pdfConfig() *model.Configuration {
	conf := model.NewDefaultConfiguration()
	conf.Offline = true
	return conf
}

// toUnicodeCMap maps every 2-byte character code to the same Unicode code
// point, one range per high byte. fpdf writes its codes as code points but
// declares them with a single range 0000-FFFF, which the PDF specification
// leaves undefined past the first 256 codes (readers that follow it turn
// "Ł" into "A"); this map is the conforming form of the same thing.
var toUnicodeCMap = func() []byte {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var highs []int
	for hi := 0; hi < 256; hi++ {
		if hi < 0xD8 || hi > 0xDF { // no surrogate halves
			highs = append(highs, hi)
		}
	}
	for len(highs) > 0 {
		n := min(100, len(highs)) // at most 100 entries per section
		fmt.Fprintf(&b, "%d beginbfrange\n", n)
		for _, hi := range highs[:n] {
			fmt.Fprintf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi)
		}
		b.WriteString("endbfrange\n")
		highs = highs[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return []byte(b.String())
}()

// fixToUnicode replaces the ToUnicode map of every composite font of a PDF
// with toUnicodeCMap, so text extraction, search and copy and paste give
// back the letters printed.
func fixToUnicode(pdf []byte) ([]byte, error) {
	ctx, err := api.ReadContext(bytes.NewReader(pdf), pdfConfig())
	if err != nil {
		return nil, fmt.Errorf("reading the letter back: %w", err)
	}
	for _, e := range ctx.XRefTable.Table {
		d, ok := e.Object.(types.Dict)
		if !ok || d.Subtype() == nil || *d.Subtype() != "Type0" {
			continue
		}
		ref := d.IndirectRefEntry("ToUnicode")
		if ref == nil {
			continue
		}
		target, ok := ctx.XRefTable.Table[ref.ObjectNumber.Value()]
		if !ok {
			continue
		}
		sd := types.NewStreamDict(types.NewDict(), 0, nil, nil, []types.PDFFilter{{Name: "FlateDecode"}})
		sd.InsertName("Filter", "FlateDecode")
		sd.Content = toUnicodeCMap
		if err := sd.Encode(); err != nil {
			return nil, err
		}
		target.Object = sd
	}
	var out bytes.Buffer
	if err := api.WriteContext(ctx, &out); err != nil {
		return nil, fmt.Errorf("writing the letter: %w", err)
	}
	return out.Bytes(), nil
}

// CombinePDFs merges PDFs into one, in order: the batch's single print job.
func CombinePDFs(files [][]byte) ([]byte, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("no letters to combine")
	}
	in := make([]io.ReadSeeker, len(files))
	for i, f := range files {
		in[i] = bytes.NewReader(f)
	}
	var out bytes.Buffer
	if err := api.MergeRaw(in, &out, false, pdfConfig()); err != nil {
		return nil, fmt.Errorf("combining the letters: %w", err)
	}
	return out.Bytes(), nil
}

// NamedFile is a file to put in a zip archive.
type NamedFile struct {
	Name string
	Data []byte
}

// ZipFiles packs files into one zip archive, in order, with fixed times.
func ZipFiles(files []NamedFile) ([]byte, error) {
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	for _, f := range files {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: fixedDate})
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// PrintJob combines a batch's files into one print job named after the
// batch: a single PDF of every letter in order when all are PDFs, otherwise
// a zip of every file, numbered in order (Word files are printed from Word).
func PrintJob(name string, files []File) (File, error) {
	pdfs := make([][]byte, 0, len(files))
	named := make([]NamedFile, len(files))
	for i, f := range files {
		if f.ContentType == domain.ContentTypePDF {
			pdfs = append(pdfs, f.Data)
		}
		named[i] = NamedFile{Name: fmt.Sprintf("%04d - %s", i+1, f.Name), Data: f.Data}
	}
	if len(pdfs) == len(files) {
		data, err := CombinePDFs(pdfs)
		return File{Name: name + ".pdf", ContentType: domain.ContentTypePDF, Data: data}, err
	}
	data, err := ZipFiles(named)
	return File{Name: name + ".zip", ContentType: domain.ContentTypeZip, Data: data}, err
}
