package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func (s *server) teamRoutes(g *gin.RouterGroup) {
	g.GET("/:id/team", listOf(idPath, s.app.Team, teamKey))
	g.POST("/:id/team", s.addTeamMember)
	g.DELETE("/:id/team/:user_id/:role", s.removeTeamMember)
}

// teamKey tells a team's rows apart: a user may hold two roles.
func teamKey(m domain.TeamMember) string { return m.UserID + "/" + string(m.Role) }

// addTeamMember gives a user a Sponsor or Support role. The Manager role is
// the campaign's manager_id and is changed with PATCH /campaigns/{id} (409).
func (s *server) addTeamMember(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in domain.TeamMemberInput
	if !bind(c, &in) {
		return
	}
	team, err := s.app.AddTeamMember(c, currentUser(c), id, in)
	reply(c, http.StatusCreated, domain.Page[domain.TeamMember]{Items: team}, err)
}

// removeTeamMember takes one role away from a user; the Manager stays (409).
func (s *server) removeTeamMember(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	userID, ok := pathID(c, "user_id")
	if !ok {
		return
	}
	role, ok := domain.ParseTeamRole(c.Param("role"))
	if !ok {
		problem(c, http.StatusNotFound, "not-found", "Not found", "role "+c.Param("role")+" is not Manager, Sponsor or Support")
		return
	}
	if err := s.app.RemoveTeamMember(c, currentUser(c), id, userID, role); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
