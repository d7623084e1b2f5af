package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// userRoutes: administrators manage users; tokens are managed by
// administrators for everyone and by each user for themselves.
func (s *server) userRoutes(v1 *gin.RouterGroup) {
	admin := require(domain.PrivAdmin)
	v1.POST("/users", admin, s.createUser)
	v1.GET("/users", admin, s.listUsers)
	v1.GET("/users/:id", admin, getByID(s.store.GetUser))
	v1.PATCH("/users/:id", admin, updateByID(s.app.UpdateUser))
	v1.GET("/users/:id/tokens", s.tokensOfPathUser, s.listTokens)
	v1.POST("/users/:id/tokens", s.tokensOfPathUser, s.issueToken)
	v1.DELETE("/tokens/:token_id", s.tokenOfOwner, s.revokeToken)
}

func (s *server) createUser(c *gin.Context) {
	var in domain.UserInput
	if !bind(c, &in) {
		return
	}
	u, err := s.app.CreateUser(c, currentUser(c), in)
	if err == nil {
		c.Header("Location", "/api/v1/users/"+u.ID)
	}
	reply(c, http.StatusCreated, u, err)
}

func (s *server) listUsers(c *gin.Context) {
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	us, err := s.store.ListUsers(c, r)
	reply(c, http.StatusOK, us, err)
}

// tokensOfPathUser lets only administrators and the user named in the path
// through (domain.CanManageTokens).
func (s *server) tokensOfPathUser(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if !domain.CanManageTokens(currentUser(c), id) {
		forbiddenTokens(c)
		return
	}
	c.Next()
}

// tokenOfOwner lets only administrators and the token's owner through. For
// anybody else an unknown token is 403 as well, so token ids cannot be probed.
func (s *server) tokenOfOwner(c *gin.Context) {
	id, ok := pathID(c, "token_id")
	if !ok {
		return
	}
	owner, err := s.store.TokenOwner(c, id) // an unknown token has no owner: only an administrator goes on, to a 404
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		fail(c, err)
		return
	}
	if !domain.CanManageTokens(currentUser(c), owner) {
		forbiddenTokens(c)
		return
	}
	c.Next()
}

func forbiddenTokens(c *gin.Context) {
	problem(c, http.StatusForbidden, "forbidden", "Missing privilege",
		"only the privilege "+domain.PrivAdmin+" manages the tokens of other users")
}

func (s *server) listTokens(c *gin.Context) {
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	ts, err := s.store.ListTokens(c, c.Param("id"), r)
	reply(c, http.StatusOK, ts, err)
}

func (s *server) issueToken(c *gin.Context) {
	var in domain.TokenInput
	if !bind(c, &in) {
		return
	}
	t, err := s.app.IssueToken(c, currentUser(c), c.Param("id"), in)
	reply(c, http.StatusCreated, t, err)
}

func (s *server) revokeToken(c *gin.Context) {
	if err := s.store.RevokeToken(c, c.Param("token_id")); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
