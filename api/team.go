package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func (s *server) teamRoutes(g *gin.RouterGroup) {
	g.GET("/:id/team", s.listTeam)
	g.POST("/:id/team", s.addTeamMember)
	g.DELETE("/:id/team/:user_id/:role", s.removeTeamMember)
}

// teamList is a campaign's team.
type teamList struct {
	Items []domain.TeamMember `json:"items"`
}

func (s *server) listTeam(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	s.writeTeam(c, http.StatusOK, id)
}

func (s *server) writeTeam(c *gin.Context, status int, id string) {
	team, err := s.store.ListTeam(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	if team == nil {
		team = []domain.TeamMember{}
	}
	c.JSON(status, teamList{Items: team})
}

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
	role, err := in.Validate()
	if err != nil {
		fail(c, err)
		return
	}
	if err := s.store.AddTeamMember(c, id, in.UserID, role); err != nil {
		fail(c, err)
		return
	}
	s.writeTeam(c, http.StatusCreated, id)
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
	if err := s.store.RemoveTeamMember(c, id, userID, role); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
