package domain

import "mime"

// ContentDisposition is the Content-Disposition of a file to download
// named name: RFC 6266, with an RFC 2231 filename* where the name is not
// ASCII, so that any script survives.
func ContentDisposition(name string) string {
	if d := mime.FormatMediaType("attachment", map[string]string{"filename": name}); d != "" {
		return d
	}
	return "attachment"
}
