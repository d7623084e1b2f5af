package sink

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// maxPartDepth bounds how deeply nested multipart bodies are searched.
const maxPartDepth = 8

// wordDecoder decodes RFC 2047 encoded words in headers.
var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

// parseMessage builds a Message from raw RFC 5322 text. Parsing is best
// effort: whatever cannot be understood is left empty, and Raw always keeps
// the original. received is used when the message has no usable Date.
func parseMessage(raw string, received time.Time) Message {
	m := Message{Raw: raw, Date: received}
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		m.Text = strings.ReplaceAll(raw, "\r\n", "\n")
		return m
	}
	h := msg.Header
	if subj := h.Get("Subject"); subj != "" {
		if dec, err := wordDecoder.DecodeHeader(subj); err == nil {
			m.Subject = dec
		} else {
			m.Subject = subj
		}
	}
	if addrs, err := h.AddressList("From"); err == nil && len(addrs) > 0 {
		m.From = addrs[0].Address
	}
	m.MessageID = strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>")
	if d, err := h.Date(); err == nil {
		m.Date = d
	}
	body, err := io.ReadAll(msg.Body)
	if err != nil {
		return m
	}
	text, _ := extractText(textproto.MIMEHeader(h), body, 0)
	m.Text = strings.ReplaceAll(text, "\r\n", "\n")
	return m
}

// extractText returns the readable text of an entity with header h and body.
// The boolean tells whether the text came from a text/plain part, so a plain
// alternative wins over an HTML one.
func extractText(h textproto.MIMEHeader, body []byte, depth int) (string, bool) {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mediaType, params = "text/plain", map[string]string{}
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		if depth >= maxPartDepth || params["boundary"] == "" {
			return "", false
		}
		return multipartText(body, params["boundary"], depth)
	}
	if !strings.HasPrefix(mediaType, "text/") {
		return "", false
	}
	decoded := decodeTransfer(h.Get("Content-Transfer-Encoding"), body)
	text := toUTF8(params["charset"], decoded)
	return text, mediaType == "text/plain"
}

// multipartText walks the parts of a multipart body and returns the first
// text/plain text found, else the first other text found.
func multipartText(body []byte, boundary string, depth int) (string, bool) {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var fallback string
	for {
		// NextRawPart keeps the transfer encoding so every part is decoded
		// the same way, by decodeTransfer.
		p, err := mr.NextRawPart()
		if err != nil {
			break
		}
		if isAttachment(p.Header) {
			continue
		}
		partBody, err := io.ReadAll(p)
		if err != nil {
			break
		}
		text, plain := extractText(p.Header, partBody, depth+1)
		if plain {
			return text, true
		}
		if fallback == "" {
			fallback = text
		}
	}
	return fallback, false
}

// isAttachment reports whether a part is declared as an attachment.
func isAttachment(h textproto.MIMEHeader) bool {
	disp, _, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	return err == nil && disp == "attachment"
}

// decodeTransfer undoes a Content-Transfer-Encoding. Unknown or broken
// encodings return the body unchanged.
func decodeTransfer(encoding string, body []byte) []byte {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
		if err != nil && len(out) == 0 {
			return body
		}
		return out
	case "base64":
		clean := strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, string(body))
		out, err := base64.StdEncoding.DecodeString(clean)
		if err != nil {
			out, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(clean, "="))
			if err != nil {
				return body
			}
		}
		return out
	default:
		return body
	}
}

// toUTF8 converts text in the named charset to UTF-8. UTF-8 and ASCII pass
// through; ISO-8859-1 (and, approximately, windows-1252) are converted; other
// charsets are returned as they are.
func toUTF8(charset string, b []byte) string {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
		if !hasHighBytes(b) {
			return string(b)
		}
		return latin1(b)
	default:
		return string(b)
	}
}

// hasHighBytes reports whether b holds any byte above 0x7f.
func hasHighBytes(b []byte) bool {
	for _, c := range b {
		if c > 0x7f {
			return true
		}
	}
	return false
}

// latin1 converts ISO-8859-1 bytes to a UTF-8 string.
func latin1(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// charsetReader lets the word decoder read ISO-8859-1 headers and passes any
// other charset through unchanged.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(input)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(toUTF8(charset, b)), nil
}
