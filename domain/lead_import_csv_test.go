package domain

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseImportCSV: a lead export's header (read-only columns included)
// is accepted and those columns are left out; headers are matched
// case-insensitively, a byte order mark is dropped, cells are trimmed.
func TestParseImportCSV(t *testing.T) {
	file := "\ufeffID,First_Name,last_name,phone,phone_country,status,created_at\n" +
		"7, Ann ,Lee,+12125550100,US,New,2026-01-01T00:00:00Z\n" +
		"8,\"Bob, Jr\",Ray,,Unspecified,Archived,\n"
	rows, err := ParseImportCSV(strings.NewReader(file))
	require.NoError(t, err)
	assert.Equal(t, []map[string]string{
		{"first_name": "Ann", "last_name": "Lee", "phone": "+12125550100", "phone_country": "US"},
		{"first_name": "Bob, Jr", "last_name": "Ray", "phone": "", "phone_country": "Unspecified"},
	}, rows)
}

// TestParseImportCSVRefusals: every unusable file is a ValidationError on
// "file" that says why; a failing reader is not mistaken for bad input.
func TestParseImportCSVRefusals(t *testing.T) {
	for file, why := range map[string]string{
		"":                                 "is empty",
		"first_name,salary\nA,1\n":         `column "salary" is not a lead field`,
		"first_name,First_Name\nA,B\n":     `column "first_name" appears twice`,
		"first_name,last_name\n":           "has no rows after the header",
		"first_name,last_name\nA,B,C\n":    "is not valid CSV",
		"first_name,last_name\n\"A,B\nC,D": "is not valid CSV",
	} {
		_, err := ParseImportCSV(strings.NewReader(file))
		var ve *ValidationError
		require.True(t, errors.As(err, &ve), "%q: %v", file, err)
		require.Len(t, ve.Fields, 1, "%q", file)
		assert.Equal(t, "file", ve.Fields[0].Field)
		assert.Contains(t, ve.Fields[0].Message, why, "%q", file)
	}

	var sb strings.Builder
	sb.WriteString("first_name,last_name\n")
	for i := 0; i <= MaxImportRows; i++ {
		fmt.Fprintf(&sb, "A%d,B\n", i)
	}
	_, err := ParseImportCSV(strings.NewReader(sb.String()))
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Contains(t, ve.Fields[0].Message, "more than")

	broken := errors.New("connection reset")
	_, err = ParseImportCSV(io.MultiReader(strings.NewReader("first_name,last_name\nA,"), &failingReader{broken}))
	assert.ErrorIs(t, err, broken)
	assert.False(t, errors.As(err, &ve), "a read failure is not the file's fault")
}

type failingReader struct{ err error }

func (r *failingReader) Read([]byte) (int, error) { return 0, r.err }
