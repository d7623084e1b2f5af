package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// The routes of the workspaces with pages of their own, one function a
// workspace; Mount adds each under the workspace's path and privilege.
// Pages post their forms (POST /.../delete where the API answers DELETE),
// and every change calls the operation the API's route calls.

// campaignRoutes are the Campaigns workspace: the list, the pages and forms
// of one campaign, every one behind campaignGuard, and its Participants,
// Opportunities and Documents tabs, every one of which opens the campaign
// first, under the API's access rule.
func (p *Pages) campaignRoutes(g *gin.RouterGroup) {
	g.GET("", p.campaigns)
	g.POST("", p.createCampaign)
	one := g.Group("/:id", p.campaignGuard)
	one.GET("", p.campaign)
	one.POST("/edit", p.editCampaign)
	one.POST("/delete", p.deleteCampaign)
	one.POST("/start", p.moveCampaign(domain.StageInProgress))
	one.POST("/complete", p.moveCampaign(domain.StageCompleted))
	one.POST("/cancel", p.moveCampaign(domain.StageCancelled))
	one.POST("/team", p.addTeamMember)
	one.POST("/team/remove", p.removeTeamMember)
	one.POST("/workflow/select", p.selectTemplate)
	one.POST("/workflow/reload", p.reloadTemplate)
	one.GET("/versions", p.versions)
	one.POST("/versions", p.newVersion)
	one.POST("/versions/:n/status", p.setVersionStatus)
	one.GET("/audience", p.audience)
	one.POST("/audience", p.saveAudience)
	one.POST("/audience/run", p.runAudience)

	tabs := g.Group("/:id", p.openCampaign)
	participants := tabs.Group("/participants")
	participants.GET("", p.participants)
	participants.POST("", p.addParticipants)
	participants.POST("/status", p.batchParticipantStatus)
	participants.POST("/remove-all", p.removeAllParticipants)
	participants.POST("/:pid", p.changeParticipant)
	participants.POST("/:pid/remove", p.removeParticipant)
	tabs.GET("/opportunities", p.opportunities)
	tabs.POST("/opportunities/:oid", p.editOpportunity)
	tabs.GET("/documents", p.documents)
	tabs.POST("/documents/:doc/email", p.emailDocument)
}

// leadRoutes are the pages of the Leads workspace (seed 001); the group
// needs the leads privilege, as the API's /leads routes do.
func (p *Pages) leadRoutes(g *gin.RouterGroup) {
	g.GET("", p.leads)
	g.POST("", p.createLead)
	g.POST("/columns", p.saveLeadColumns)
	g.GET("/export.csv", p.exportLeads)
	g.GET("/charts", p.leadCharts)
	// The toolbar's actions on the selected leads: each opens its form (GET,
	// with the selection in the query) and starts its batch process or
	// deletes (POST).
	for _, a := range selectionActions {
		g.GET("/"+a.Key, p.selectionForm(a))
		g.POST("/"+a.Key, p.selectionDo(a))
	}
	// The import wizard.
	imports := g.Group("/imports")
	imports.GET("/new", p.importUploadForm)
	imports.POST("", p.uploadImport)
	imports.GET("/:id", p.leadImport)
	imports.POST("/:id/rows/:row", p.correctImportRow)
	imports.POST("/:id/complete", p.completeImport)
	// A lead's page and its actions, and its notes and activities: added
	// (no child), changed and deleted.
	one := g.Group("/:id")
	one.GET("", p.lead)
	one.POST("/edit", p.editLead)
	one.POST("/convert", p.convertLead)
	one.POST("/archive", p.archiveLead)
	one.POST("/delete", p.deleteLead)
	one.POST("/owner", p.assignLeadOwner)
	one.GET("/documents/:doc", p.leadDocument)
	notes := one.Group("/notes")
	notes.POST("", p.saveLeadNote)
	notes.POST("/:child", p.saveLeadNote)
	notes.POST("/:child/delete", p.deleteLeadChild(p.app.DeleteLeadNote, "Note deleted."))
	activities := one.Group("/activities")
	activities.POST("", p.saveLeadActivity)
	activities.POST("/:child", p.saveLeadActivity)
	activities.POST("/:child/delete", p.deleteLeadChild(p.app.DeleteLeadActivity, "Activity deleted."))
}

// contactRoutes are the Contacts & Partners workspace (seeds 002 and 003):
// contacts, a contact's partner campaign list, customer groups and drip
// campaign definitions. Each change needs the privilege its API route
// needs: Marketing for drips, Campaigns for customers and groups.
func (p *Pages) contactRoutes(g *gin.RouterGroup) {
	marketing, campaigns := p.need(domain.PrivMarketing), p.need(domain.PrivCampaigns)
	g.GET("", p.contacts)
	g.POST("", p.createContact)
	// Setup → Customers → Groups (seed 003).
	groups := g.Group("/customer-groups", campaigns)
	groups.GET("", p.customerGroups)
	groups.POST("", p.createCustomerGroup)
	groups.POST("/:gid", p.changeCustomerGroup)
	groups.POST("/:gid/delete", p.deleteCustomerGroup)
	// The drip campaign definitions: the API lets anyone read them; editing
	// is Marketing's.
	drips := g.Group("/drip-campaigns", marketing)
	drips.GET("", p.dripCampaigns)
	drips.GET("/new", p.newDripCampaign)
	drips.POST("", p.saveDripCampaign)
	drips.GET("/:did", p.dripCampaign)
	drips.POST("/:did", p.saveDripCampaign)
	drips.POST("/:did/delete", p.deleteDripCampaign)
	g.GET("/:id", p.contact)
	g.POST("/:id", p.changeContact)
	g.POST("/:id/customer", campaigns, p.changeCustomer)
	// A contact's Campaigns sub-tab (seed 002): every signed-in user reads
	// the partner campaign list and a campaign's steps; starting and
	// changing them needs Marketing.
	enrolled := g.Group("/:id/drips")
	enrolled.POST("", marketing, p.startDrip)
	enrolled.POST("/delete", marketing, p.deleteSelectedDrips)
	enrolled.GET("/:cid", p.drip)
	enrolled.POST("/:cid/pause", marketing, p.dripChange("paused", p.app.PauseDrip))
	enrolled.POST("/:cid/run", marketing, p.dripChange("running again", p.app.RunDrip))
	enrolled.POST("/:cid/remove", marketing, p.dripChange("removed", p.app.RemoveDrip))
	enrolled.POST("/:cid/steps/:step/skip", marketing, p.stepChange("skipped", p.app.SkipStep))
	enrolled.POST("/:cid/steps/:step/run-again", marketing, p.stepChange("run again", p.app.RunStepAgain))
}

// batchRoutes serves the Batch Processes workspace (g is /batch-processes):
// every batch the user may see, each one's progress and items, and the
// files they printed. A batch the user may not see answers 404.
func (p *Pages) batchRoutes(g *gin.RouterGroup) {
	g.GET("", p.batches)
	one := g.Group("/:id", p.visibleBatch)
	one.GET("", p.batch)
	one.GET("/progress", p.batchFragment)
	one.GET("/output", p.batchOutput)
	one.GET("/files/:gid", p.batchFile)
}

// adminRoutes are the Administration workspace, one group a tab
// (adminSections); its landing page is the first tab.
func (p *Pages) adminRoutes(g *gin.RouterGroup) {
	g.GET("", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, adminSections[0].Path) })
	templates := g.Group("/workflow-templates")
	editorRoutes(templates, p.adminTemplates, p.newTemplate, p.editTemplate, p.saveTemplate)
	templates.POST("/:id/delete", p.deleteTemplate)
	scoring := g.Group("/lead-scoring")
	scoring.GET("", p.scoring)
	scoring.POST("/rules", p.saveRule)
	scoring.POST("/rules/:id", p.saveRule)
	scoring.POST("/rules/:id/delete", p.deleteRule)
	scoring.POST("/settings", p.saveLeadSettings)
	plans := g.Group("/activity-plans")
	editorRoutes(plans, p.plans, p.newPlan, p.editPlan, p.savePlan)
	plans.POST("/:id/active", p.setPlanActive)
	filters := g.Group("/filters")
	filters.GET("", p.filters)
	filters.POST("", p.createFilter)
	users := g.Group("/users")
	users.GET("", p.users)
	users.POST("", p.createUser)
	users.GET("/:id", p.userPage)
	users.POST("/:id", p.updateUser)
	users.POST("/:id/password", p.setPassword)
	users.POST("/:id/tokens", p.issueToken)
	users.POST("/:id/tokens/:token_id/revoke", p.revokeToken)
}

// editorRoutes serve a list of records (g) with one editor page for a new
// record (/new) and one for a stored one (/{id}); both post to save, which
// creates without an id and replaces with one.
func editorRoutes(g *gin.RouterGroup, list, blank, edit, save gin.HandlerFunc) {
	g.GET("", list)
	g.GET("/new", blank)
	g.POST("", save)
	g.GET("/:id", edit)
	g.POST("/:id", save)
}
