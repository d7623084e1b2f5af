package store

// ContactListSQL exposes the contacts list's query builder to the tests.
var ContactListSQL = contactListSQL

// SetSearchWalk makes a text search's first statement read only the newest
// n leads, until the test ends.
func SetSearchWalk(t interface{ Cleanup(func()) }, n int) {
	old := searchWalk
	searchWalk = n
	t.Cleanup(func() { searchWalk = old })
}
