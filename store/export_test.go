package store

// ContactListSQL exposes the contacts list's query builder to the tests.
var ContactListSQL = contactListSQL
