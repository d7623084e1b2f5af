package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// versionsView is the Versions tab (seed 004): every version with its
// status and the moves it allows now, New version when the current version
// may be copied, and the frozen-definition notice of the current version.
type versionsView struct {
	Items []app.VersionRecord
	// Current is the current version.
	Current app.VersionRecord
	// Frozen says why the current version's definition cannot change ("" when it can).
	Frozen string
	// CanCopy says whether New version copies the current version now.
	CanCopy bool
}

// versions is a campaign's Versions tab.
func (p *Pages) versions(c *gin.Context) {
	head, err := p.campaignHead(c, "versions")
	if err != nil {
		p.failed(c, err)
		return
	}
	items, err := p.app.Versions(c, user(c), head.Campaign.ID)
	if err != nil {
		p.failed(c, err)
		return
	}
	v := versionsView{Items: items}
	for _, it := range items {
		if it.Current {
			v.Current = it
		}
	}
	if err := v.Current.Status.Editable(v.Current.Version); err != nil {
		v.Frozen, _ = refusalText(err)
	}
	v.CanCopy = v.Current.Status.CanCopy(v.Current.Version) == nil
	p.renderCampaignTab(c, http.StatusOK, "versions", head, v)
}

// newVersion copies the current version into a new Draft (app.CreateVersion).
func (p *Pages) newVersion(c *gin.Context) {
	id := c.Param("id")
	v, err := p.app.CreateVersion(c, user(c), id)
	p.done(c, "/campaigns/"+id+"/versions", fmt.Sprintf("Version %d created as a Draft: it is the current version.", v.Version), err)
}

// setVersionStatus moves a version to another status (app.SetVersionStatus).
func (p *Pages) setVersionStatus(c *gin.Context) {
	id := c.Param("id")
	n, ok := domain.ParseInt(c.Param("n"), 1, 1<<31-1)
	if !ok {
		p.failed(c, domain.ErrNotFound)
		return
	}
	v, err := p.app.SetVersionStatus(c, user(c), id, int(n), app.VersionStatusInput{Status: c.PostForm("status")})
	p.done(c, "/campaigns/"+id+"/versions", "Version "+strconv.Itoa(v.Version)+" is "+string(v.Status)+".", err)
}

// moveLabels are the buttons of the version moves.
var moveLabels = map[domain.VersionStatus]string{
	domain.VersionTest: "Move to Test", domain.VersionPublished: "Publish", domain.VersionSundown: "Sundown",
	domain.VersionDeleted: "Delete",
}

// moveLabel is the button of a move from one status to another.
func moveLabel(from, to domain.VersionStatus) string {
	if from == domain.VersionSundown && to == domain.VersionPublished {
		return "Republish"
	}
	return moveLabels[to]
}
