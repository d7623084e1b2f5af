package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// campaignsPath is the root of every campaign route.
const campaignsPath = "/api/v1/campaigns"

// campaignAccess guards every route under /api/v1/campaigns, whichever group
// registered it: it runs on the whole /api/v1 group and goes by the route
// that matched, so a new campaign route cannot skip it. It needs the
// campaigns privilege (403); on /campaigns/{id}... a campaign the user may
// not see answers 404 as if it did not exist, and a write on a deleted
// campaign (every version Deleted: read-only for ever) answers 409. An
// unknown campaign is left to the handler, which answers 404.
func (s *server) campaignAccess(c *gin.Context) {
	rest, ok := strings.CutPrefix(c.FullPath(), campaignsPath)
	if !ok || (rest != "" && rest[0] != '/') {
		c.Next()
		return
	}
	u := currentUser(c)
	if !u.Has(domain.PrivCampaigns) {
		forbidden(c, domain.PrivCampaigns)
		return
	}
	id := c.Param("id")
	if (rest != "/:id" && !strings.HasPrefix(rest, "/:id/")) || !domain.IsUUID(id) {
		c.Next()
		return
	}
	visible, status, err := s.store.CampaignAccess(c, id, u)
	switch {
	case errors.Is(err, domain.ErrNotFound):
	case err != nil:
		fail(c, err)
		return
	default:
		if err := domain.CampaignOpen(visible, status, !readOnly(c.Request.Method)); err != nil {
			fail(c, err)
			return
		}
	}
	c.Next()
}

// readOnly reports whether a request method only reads.
func readOnly(method string) bool { return method == http.MethodGet || method == http.MethodHead }

// visibleRecord guards the routes of one record (its id in the path as :id)
// with the store's access check of that record kind: a record the user may
// not see answers 404, exactly as one that does not exist.
func visibleRecord(check func(ctx context.Context, id string, u domain.User) (bool, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.Param("id")
		if !domain.IsUUID(id) {
			c.Next() // the handler answers 404 for an id that is not one
			return
		}
		ok, err := check(c, id, currentUser(c))
		switch {
		case err != nil:
			fail(c, err)
		case !ok:
			fail(c, domain.ErrNotFound)
		default:
			c.Next()
		}
	}
}
