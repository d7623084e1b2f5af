package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// demoDripID is the demo partner drip campaign's id.
var demoDripID = demoID("drip:partner-welcome")

// seedDrips loads a partner drip campaign that enrolls realtors by trigger;
// seeding again changes nothing.
func seedDrips(ctx context.Context, st *store.Store, createdBy string) error {
	_, err := st.GetDripCampaign(ctx, demoDripID)
	if !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	in := domain.DripCampaignInput{
		Name:        "Realtor partner welcome",
		Description: "Welcome new realtor partners over their first three months.",
		Trigger:     &domain.DripTrigger{PartnerType: "Realtor"},
		Steps: []domain.DripStep{
			{Name: "Welcome email", Action: domain.DripEmail, Subject: "Welcome aboard, {{nameFirst}}",
				Body: "Dear {{nameFirst}} {{nameLast}},\n\nThank you for partnering with us.\n"},
			{Name: "Intro call", OffsetDays: 2, Action: domain.DripTask, Subject: "Call {{nameFirst}} {{nameLast}}", DueInDays: 3},
			{Name: "Check-in text", OffsetDays: 14, Action: domain.DripSMS, Body: "Hi {{nameFirst}}, how are things going?"},
			{Name: "Co-marketing ideas", OffsetDays: 30, Action: domain.DripEmail, Subject: "Ideas for our next campaign",
				Body: "Hi {{nameFirst}},\n\nHere are a few co-marketing ideas for this quarter.\n"},
			{Name: "Quarterly review", OffsetDays: 45, OffsetHours: 9, Action: domain.DripTask, Subject: "Quarterly review with {{nameFirst}}"},
		},
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return fmt.Errorf("seed drip campaign: %w", err)
	}
	if err := st.CreateDripCampaign(ctx, demoDripID, createdBy, in); err != nil {
		return fmt.Errorf("seed drip campaign: %w", err)
	}
	return nil
}
