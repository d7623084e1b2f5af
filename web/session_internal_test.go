package web

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLocalPath: only paths of this site are followed after the sign-in.
func TestLocalPath(t *testing.T) {
	for next, want := range map[string]string{
		"/campaigns":             "/campaigns",
		"/campaigns/x?tab=a#b":   "/campaigns/x?tab=a#b",
		"":                       "",
		"campaigns":              "",
		"//evil.test/x":          "",
		"/\\evil.test":           "",
		"https://evil.test/":     "",
		"javascript:alert(1)":    "",
		"/ok\r\nSet-Cookie: a=b": "",
		"/%2F%2Fevil.test":       "/%2F%2Fevil.test", // a path on this site, however odd
	} {
		assert.Equal(t, want, localPath(next), "next=%q", next)
	}
	assert.Equal(t, "/login", loginURL("//evil.test"))
	assert.Equal(t, "/login?next=%2Fleads%3Fq%3D1", loginURL("/leads?q=1"))
}
