package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// The handlers of most routes read the path's id, perhaps a JSON body, call
// one store or app operation and answer what it returns. The constructors
// below write that sequence once; a route table names the operation. Each
// reads the path before the body, so an id that is not one is 404 whatever
// the body holds, and answers its problems with pathID, bind and fail.

// getByID answers 200 with the record get reads for the path's id: a read
// of the store, whose only access check is the route's privilege.
func getByID[T any](get func(context.Context, string) (T, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		v, err := get(c, id)
		reply(c, http.StatusOK, v, err)
	}
}

// callByID answers status with what do returns for the signed-in user and
// the path's id, an operation without a body.
func callByID[T any](status int, do func(context.Context, domain.User, string) (T, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		v, err := do(c, currentUser(c), id)
		reply(c, status, v, err)
	}
}

// createWith decodes the body strictly (bind) and answers status with what
// do makes of it for the signed-in user.
func createWith[In, Out any](status int, do func(context.Context, domain.User, In) (Out, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var in In
		if !bind(c, &in) {
			return
		}
		v, err := do(c, currentUser(c), in)
		reply(c, status, v, err)
	}
}

// withBody reads the path (path answers its own 404), then decodes the
// body strictly (bind), and answers status with what do makes of them for
// the signed-in user.
func withBody[P, In, Out any](status int, path func(*gin.Context) (P, bool), do func(context.Context, domain.User, P, In) (Out, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		at, ok := path(c)
		if !ok {
			return
		}
		var in In
		if !bind(c, &in) {
			return
		}
		v, err := do(c, currentUser(c), at, in)
		reply(c, status, v, err)
	}
}

// updateByID is withBody answering 200 for the path's id: the change of a
// record with the record as it is then.
func updateByID[In, Out any](do func(context.Context, domain.User, string, In) (Out, error)) gin.HandlerFunc {
	return withBody(http.StatusOK, idPath, do)
}

// idPath reads the path's id (pathID).
func idPath(c *gin.Context) (string, bool) { return pathID(c, "id") }

// deleteByID answers 204 once do has deleted, for the signed-in user, the
// record of the path's id.
func deleteByID(do func(context.Context, domain.User, string) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		noContent(c, do(c, currentUser(c), id))
	}
}

// listAll answers one page (limit, cursor) of a list the store reads whole
// (replyPage); key is an item's unique key.
func listAll[T any](list func(context.Context) ([]T, error), key func(T) string) gin.HandlerFunc {
	return func(c *gin.Context) {
		r, ok := pageRequest(c)
		if !ok {
			return
		}
		items, err := list(c)
		replyPage(c, r, items, err, key)
	}
}

// listOf answers one page (limit, cursor) of a list that list reads whole
// for the signed-in user and the path (replyPage); key is an item's unique
// key.
func listOf[P, T any](path func(*gin.Context) (P, bool), list func(context.Context, domain.User, P) ([]T, error), key func(T) string) gin.HandlerFunc {
	return func(c *gin.Context) {
		at, ok := path(c)
		if !ok {
			return
		}
		r, ok := pageRequest(c)
		if !ok {
			return
		}
		items, err := list(c, currentUser(c), at)
		replyPage(c, r, items, err, key)
	}
}

// noContent answers 204, or the problem err describes.
func noContent(c *gin.Context, err error) {
	if err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
