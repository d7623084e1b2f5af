package store

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
)

// Fragments expand into the queries that use them, nested ones too; other
// {{...}} placeholders are left for the query's code; a use with the wrong
// number of arguments is refused when the queries load.
func TestQueryFragments(t *testing.T) {
	files := fstest.MapFS{"queries/a.sql": {Data: []byte(`-- fragment: owned(r, user)
-- A comment that stays in the file.
({r}.owner = {user}::uuid)

-- fragment: shown(r, user, admin)
({admin}::bool OR {{owned {r} {user}}})

-- name: list
-- Kept comment.
SELECT * FROM things t WHERE {{shown t $1 $2}} ORDER BY {{key}};
`)}}
	got := loadQueries(files)
	assert.Equal(t, "-- Kept comment.\nSELECT * FROM things t WHERE ($2::bool OR (t.owner = $1::uuid)) ORDER BY {{key}};", got["list"])
	assert.Len(t, got, 1, "fragments are not queries")

	bad := fstest.MapFS{"queries/a.sql": {Data: []byte("-- fragment: owned(r, user)\n({r}.owner = {user})\n-- name: x\nSELECT {{owned t}};\n")}}
	assert.PanicsWithValue(t, `store: fragment owned takes 2 arguments, "{{owned t}}" gives 1`, func() { loadQueries(bad) })
	twice := fstest.MapFS{"queries/a.sql": {Data: []byte("-- fragment: f(a)\n{a}\n-- fragment: f(a)\n{a}\n")}}
	assert.Panics(t, func() { loadQueries(twice) })
}
