package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// demoNS derives the demo records' fixed ids, so seeding twice changes nothing.
var demoNS = uuid.MustParse("6f1c1a52-4f0e-4c59-9a55-0b7d2f1d2a10")

func demoID(name string) string { return uuid.NewSHA1(demoNS, []byte(name)).String() }

var demoFirst = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Dennis",
	"Radia", "Tim", "Sophie", "John", "Hedy", "Carl", "Katherine", "Linus", "Anita", "Niklaus"}
var demoLast = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Ritchie",
	"Perlman", "Berners-Lee", "Wilson", "McCarthy", "Lamarr", "Shannon", "Johnson", "Torvalds", "Borg", "Wirth"}

// demoCampaignID is the demo campaign's id.
var demoCampaignID = demoID("campaign:spring-review")

func runSeed(ctx context.Context, cfg config) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	return seedDemo(ctx, st, cfg.DemoToken, cfg.DemoPassword)
}

// seedDemo loads users, a token and a web sign-in password for the
// administrator, contacts and one campaign with participants.
func seedDemo(ctx context.Context, st *store.Store, token, password string) error {
	pw := domain.UserPatch{Password: &password}
	if err := pw.Validate(); err != nil {
		return fmt.Errorf("DEMO_PASSWORD: %w", err)
	}
	users := []domain.User{
		{ID: demoID("user:admin"), Name: "Avery Admin", Email: "admin@drumbeat.local", Privileges: []string{domain.PrivAdmin}},
		{ID: demoID("user:manager"), Name: "Morgan Manager", Email: "morgan@drumbeat.local",
			Privileges: []string{domain.PrivCampaigns, domain.PrivMarketing, domain.PrivLeads}},
		{ID: demoID("user:support"), Name: "Sam Support", Email: "sam@drumbeat.local", Privileges: []string{domain.PrivCampaigns}},
	}
	for _, u := range users {
		if err := st.UpsertUser(ctx, u); err != nil {
			return fmt.Errorf("seed user %s: %w", u.Email, err)
		}
	}
	if err := st.AddToken(ctx, users[0].ID, token, "demo"); err != nil {
		return err
	}
	if err := st.EnsurePassword(ctx, users[0].ID, password); err != nil {
		return err
	}
	var contactIDs []string
	for i := range demoFirst {
		c := domain.Contact{ID: demoID(fmt.Sprintf("contact:%d", i)), FirstName: demoFirst[i], LastName: demoLast[i],
			Email: strings.ToLower(demoFirst[i]+"."+strings.ReplaceAll(demoLast[i], "-", "")) + "@example.com",
			Phone: fmt.Sprintf("+1 416 555 01%02d", i)}
		if err := st.UpsertContact(ctx, c); err != nil {
			return fmt.Errorf("seed contact: %w", err)
		}
		contactIDs = append(contactIDs, c.ID)
	}
	_, err := st.GetCampaign(ctx, demoCampaignID)
	if errors.Is(err, domain.ErrNotFound) {
		in := domain.CampaignInput{Name: "Spring Mortgage Review", Priority: "A", ManagerID: users[1].ID,
			Description: "Invite existing clients to review their mortgage before renewal season.", Security: "public"}
		if err = st.CreateCampaign(ctx, demoCampaignID, users[0].ID, in, domain.DefaultWorkflow()); err != nil {
			return fmt.Errorf("seed campaign: %w", err)
		}
		if _, err = st.AddParticipants(ctx, demoCampaignID, contactIDs, users[1].ID); err != nil {
			return fmt.Errorf("seed participants: %w", err)
		}
	}
	if err != nil {
		return err
	}
	if err := seedDrips(ctx, st, users[0].ID); err != nil {
		return err
	}
	slog.Info("demo data ready", "users", len(users), "contacts", len(contactIDs), "campaign", demoCampaignID)
	return nil
}
