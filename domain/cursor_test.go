package domain

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func isInvalidCursor(t *testing.T, err error) {
	t.Helper()
	var ve *ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	assert.Equal(t, "cursor", ve.Fields[0].Field)
}

func TestCursorCodecRoundTripsAndRefusesWhatNoPageGaveOut(t *testing.T) {
	c := EncodeCursor("Spring", 42, "b6f6a5b2-7c8e-4d0e-9c1e-1f2a3b4c5d6e")
	var s, id string
	var n int
	require.NoError(t, DecodeCursor(c, &s, &n, &id))
	assert.Equal(t, []any{"Spring", 42, "b6f6a5b2-7c8e-4d0e-9c1e-1f2a3b4c5d6e"}, []any{s, n, id})
	assert.NotContains(t, c, "Spring", "opaque: base64url")

	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for name, bad := range map[string]string{
		"not base64url":  "not a cursor!",
		"not an array":   b64(`{"s":"x"}`),
		"too short":      b64(`["x",1]`),
		"too long":       b64(`["x",1,"y","z"]`),
		"a wrong type":   b64(`[1,1,"y"]`),
		"not JSON":       b64(`["x",`),
		"standard b64 +": "WyJ4Il0+",
	} {
		t.Run(name, func(t *testing.T) { isInvalidCursor(t, DecodeCursor(bad, &s, &n, &id)) })
	}
	require.NoError(t, DecodeCursor("", &s), "the first page")
}

func TestTypedCursors(t *testing.T) {
	at := time.Date(2026, 12, 2, 9, 30, 0, 123456789, time.FixedZone("CET", 3600))
	id := "b6f6a5b2-7c8e-4d0e-9c1e-1f2a3b4c5d6e"
	got, gotID, err := DecodeTimeCursor(TimeCursor(at, id))
	require.NoError(t, err)
	assert.True(t, got.Equal(at))
	assert.Equal(t, id, gotID)
	_, _, err = DecodeTimeCursor(EncodeCursor("yesterday", id))
	isInvalidCursor(t, err)
	_, _, err = DecodeTimeCursor(EncodeCursor(at.Format(time.RFC3339Nano), "not-a-uuid"))
	isInvalidCursor(t, err)

	n, err := DecodeIntCursor(IntCursor(7), 10)
	require.NoError(t, err)
	assert.EqualValues(t, 7, n)
	_, err = DecodeIntCursor(IntCursor(11), 10)
	isInvalidCursor(t, err)
	_, err = DecodeIntCursor(EncodeCursor(-1), 10)
	isInvalidCursor(t, err)
	_, err = DecodeIntCursor(EncodeCursor(1.5), 10)
	isInvalidCursor(t, err)

	_, err = DecodeIDCursor(EncodeCursor("x"))
	isInvalidCursor(t, err)
}

func TestParsePage(t *testing.T) {
	r, err := ParsePage("", "")
	require.NoError(t, err)
	assert.Equal(t, DefaultPageLimit, r.Limit)
	for _, bad := range []string{"0", "501", "-1", "+5", "ten", "1e2"} {
		_, err := ParsePage(bad, "")
		var ve *ValidationError
		require.True(t, errors.As(err, &ve), bad)
		assert.Equal(t, "limit", ve.Fields[0].Field, bad)
	}
	r, err = ParsePage("500", "abc")
	require.NoError(t, err)
	assert.Equal(t, PageRequest{Limit: 500, Cursor: "abc"}, r)
}

func TestPageAfter(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e"}
	key := func(s string) string { return s }
	var seen []string
	r := PageRequest{Limit: 2}
	for range 4 {
		pg, err := PageAfter(items, r, key)
		require.NoError(t, err)
		seen = append(seen, pg.Items...)
		if pg.NextCursor == "" {
			break
		}
		r.Cursor = pg.NextCursor
	}
	assert.Equal(t, items, seen)
	_, err := PageAfter(items, PageRequest{Limit: 2, Cursor: EncodeCursor("gone")}, key)
	isInvalidCursor(t, err)
	pg, err := PageAfter([]string(nil), PageRequest{Limit: 2}, key)
	require.NoError(t, err)
	assert.NotNil(t, pg.Items, "an empty list is [] in JSON, not null")
	assert.Empty(t, pg.NextCursor)
}
