package main

import (
	"context"
	"fmt"
	"time"

	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// statusResponded is where the run's batch moves everyone.
const statusResponded = "Responded"

// followUpDelay is how long after Responded its email is sent.
const followUpDelay = 30 * time.Second

// chaosWorkflow is the campaign's participant workflow: Contacted sends one
// email, Responded (final) sends one more 30 s later, through a durable timer.
func chaosWorkflow() []domain.ParticipantStatus {
	return []domain.ParticipantStatus{
		{Name: domain.StatusTargeted, Next: []string{domain.StatusContacted}},
		{Name: domain.StatusContacted, Next: []string{statusResponded}, Actions: []domain.Action{{Kind: domain.ActionEmail,
			Subject: subjectFirst + " for {{nameFirst}}", Body: "Dear {{nameFirst}},\n\nthis is the first message of the run.\n"}}},
		{Name: statusResponded, Next: []string{}, Actions: []domain.Action{{Kind: domain.ActionEmail,
			Subject: subjectFollowUp + " for {{nameFirst}}", Body: "Dear {{nameFirst}},\n\nthanks for answering.\n",
			DelaySeconds: int64(followUpDelay / time.Second)}}},
	}
}

// campaign is the run's campaign and its people.
type campaign struct {
	rig.Campaign
	Recipients []string
	Contacts   []string
}

// setupCampaign creates n contacts, a campaign with the run's workflow and
// n participants, through the API.
func setupCampaign(ctx context.Context, api *rig.Client, n int) (campaign, error) {
	c := campaign{Recipients: make([]string, n)}
	for i := range n {
		c.Recipients[i] = fmt.Sprintf("p%06d%s", i, recipientDomain)
	}
	var err error
	if c.Contacts, err = rig.CreateContacts(ctx, api, n, "Chaos", func(i int) string { return c.Recipients[i] }); err != nil {
		return c, err
	}
	c.Campaign, err = rig.CreateCampaign(ctx, api, "Chaos run "+time.Now().UTC().Format(time.RFC3339), chaosWorkflow(), c.Contacts)
	return c, err
}
