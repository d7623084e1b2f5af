package api

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Column ranges of the numbers a path, a query or a cursor carries.
const (
	maxInt4 = 1<<31 - 1 // PostgreSQL integer
	minInt4 = -1 << 31
	maxInt8 = 1<<63 - 1 // PostgreSQL bigint
)

// checkQuery is the one check of every query parameter, before any
// handler: a query string that is not well formed is answered 400, and a
// name or value that holds a NUL character or bytes that are not UTF-8
// (which no text column can store) 422.
func checkQuery(c *gin.Context) {
	vals, err := url.ParseQuery(c.Request.URL.RawQuery)
	if err != nil {
		problem(c, http.StatusBadRequest, "malformed", "Malformed request",
			"the query string is not well formed: "+err.Error())
		return
	}
	names := make([]string, 0, len(vals))
	for name := range vals {
		names = append(names, name)
	}
	sort.Strings(names)
	var v domain.Validator
	for _, name := range names {
		v.Text(name, name)
		for _, val := range vals[name] {
			v.Text(name, val)
		}
	}
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	c.Next()
}

// pathInt reads an integer path parameter, a number from 1 to max written
// canonically ("+1" or "01" is not 1), answering 404 when it is not one: no
// record has such a number.
func pathInt(c *gin.Context, name, what string, max int64) (int64, bool) {
	raw := c.Param(name)
	n, ok := domain.ParseInt(raw, 1, max)
	if !ok {
		problem(c, http.StatusNotFound, "not-found", "Not found", fmt.Sprintf("%q is not a %s", raw, what))
	}
	return n, ok
}

// queryInt reads the integer query parameter name, a number from min to
// max, or def when it is absent; an invalid one is recorded in v.
func queryInt(c *gin.Context, v *domain.Validator, name string, def, min, max int64) int64 {
	raw := c.Query(name)
	if raw == "" {
		return def
	}
	n, ok := domain.ParseInt(raw, min, max)
	v.Check(ok, name, "must be a whole number from %d to %d", min, max)
	return n
}
