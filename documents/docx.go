package documents

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ErrNotWord is returned for a file that is not a Word (DOCX) document.
var ErrNotWord = errors.New("the file is not a Word (.docx) document")

// maxPart caps an unpacked XML part, so a hostile archive cannot blow up.
const maxPart = 64 << 20

// mergeParts are the parts of a DOCX whose text can hold merge fields: the
// body, headers, footers, footnotes and endnotes.
var mergeParts = regexp.MustCompile(`^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$`)

// openDOCX opens a DOCX archive and checks that it holds a Word body.
func openDOCX(docx []byte) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		return nil, ErrNotWord
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return zr, nil
		}
	}
	return nil, ErrNotWord
}

func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if len(data) > maxPart {
		return nil, fmt.Errorf("%s is larger than %d MB unpacked", f.Name, maxPart>>20)
	}
	return data, nil
}

// eachPart parses every part that can hold merge fields and hands it to fn;
// a part fn changed (true) is written back. The archive's other files are
// copied untouched, in their order, so the result opens in Word like the
// template did, and the same template and values give the same bytes.
func eachPart(docx []byte, fn func(root *xnode) bool) ([]byte, error) {
	zr, err := openDOCX(docx)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if !mergeParts.MatchString(f.Name) {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		data, err := readPart(f)
		if err != nil {
			return nil, err
		}
		root, err := parseXML(data)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrNotWord, f.Name, err)
		}
		if fn(root) {
			data = root.bytes()
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// FillDOCX fills a Word template's merge fields for one recipient: {{ }}
// tags of the one template language typed in the text (even when Word split
// them across runs) and Word MERGEFIELD fields, simple (w:fldSimple) and complex (w:fldChar runs). A
// field the recipient has no value for (a lead field in a contact's letter)
// prints empty; a name that is no merge field at all is left as it is.
func FillDOCX(docx []byte, values map[string]string) ([]byte, error) {
	return eachPart(docx, func(root *xnode) bool {
		return fillFields(root, func(expr string) (string, bool) { return domain.RenderMergeTag(expr, values) })
	})
}

// DOCXFields lists the merge field names a Word template uses, each once
// (paragraph by paragraph: simple fields, complex fields, then {{tokens}}).
func DOCXFields(docx []byte) ([]string, error) {
	var names []string
	seen := map[string]bool{}
	_, err := eachPart(docx, func(root *xnode) bool {
		fillFields(root, func(name string) (string, bool) {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
			return "", false
		})
		return false
	})
	return names, err
}
