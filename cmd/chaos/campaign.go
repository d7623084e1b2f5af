package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// statusResponded is where the run's batch moves everyone.
const statusResponded = "Responded"

// followUpDelay is how long after Responded its email is sent.
const followUpDelay = 30 * time.Second

// maxPerRequest is the API's limit of ids in one request.
const maxPerRequest = 10000

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
	ID         string
	Recipients []string
	Contacts   []string
}

// setupCampaign creates n contacts, a campaign with the run's workflow and
// n participants, through the API.
func setupCampaign(ctx context.Context, api *apiClient, n int) (campaign, error) {
	var me domain.User
	if err := api.call(ctx, http.MethodGet, "/me", nil, &me); err != nil {
		return campaign{}, err
	}
	c := campaign{Recipients: make([]string, n), Contacts: make([]string, n)}
	g, gctx := errgroup.WithContext(ctx)
	// A contact's create waits for its drip-trigger evaluation (a workflow),
	// so the creates are bound by that wait rather than by the API's CPU.
	g.SetLimit(32)
	var mu sync.Mutex
	for i := range n {
		email := fmt.Sprintf("p%06d%s", i, recipientDomain)
		c.Recipients[i] = email
		g.Go(func() error {
			var out struct {
				ID string `json:"id"`
			}
			body := map[string]any{"first_name": fmt.Sprintf("P%06d", i), "last_name": "Chaos", "email": email}
			if err := api.do(gctx, http.MethodPost, "/contacts", body, &out); err != nil {
				return err
			}
			mu.Lock()
			c.Contacts[i] = out.ID
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return c, fmt.Errorf("create contacts: %w", err)
	}
	var created struct {
		ID string `json:"id"`
	}
	err := api.do(ctx, http.MethodPost, "/campaigns", map[string]any{"name": "Chaos run " + time.Now().UTC().Format(time.RFC3339),
		"priority": "A", "manager_id": me.ID, "security": "public"}, &created)
	if err != nil {
		return c, err
	}
	c.ID = created.ID
	if err := api.do(ctx, http.MethodPut, "/campaigns/"+c.ID+"/workflow", map[string]any{"statuses": chaosWorkflow()}, nil); err != nil {
		return c, err
	}
	for _, chunk := range chunks(c.Contacts, maxPerRequest) {
		if err := api.do(ctx, http.MethodPost, "/campaigns/"+c.ID+"/participants", map[string]any{"contact_ids": chunk}, nil); err != nil {
			return c, err
		}
	}
	return c, nil
}

// start starts the campaign. A repeat after a lost answer is refused with
// 409 "already in progress", which counts as started.
func (c campaign) start(ctx context.Context, api *apiClient) error {
	err := api.call(ctx, http.MethodPost, "/campaigns/"+c.ID+"/start", nil, nil)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusConflict {
		return nil
	}
	return err
}

// statusCounts returns how many participants are in each status.
func (c campaign) statusCounts(ctx context.Context, api *apiClient) (map[string]int, error) {
	var chart struct {
		Items []domain.StatusCount `json:"items"`
	}
	if err := api.do(ctx, http.MethodGet, "/campaigns/"+c.ID+"/charts/participants-by-status", nil, &chart); err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, it := range chart.Items {
		out[it.Status] = it.Count
	}
	return out, nil
}

// participantIDs lists the campaign's participants.
func (c campaign) participantIDs(ctx context.Context, api *apiClient) ([]string, error) {
	var ids []string
	cursor := ""
	for {
		var page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		path := "/campaigns/" + c.ID + "/participants?limit=500"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		if err := api.call(ctx, http.MethodGet, path, nil, &page); err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		if page.NextCursor == "" {
			return ids, nil
		}
		cursor = page.NextCursor
	}
}

// moveAll moves every participant to status with one batch per 10,000 and
// returns the batch ids. A batch repeated after a lost answer moves nobody
// twice: its items are refused (already there).
func (c campaign) moveAll(ctx context.Context, api *apiClient, ids []string, status string) ([]string, error) {
	var batches []string
	for _, chunk := range chunks(ids, maxPerRequest) {
		var b domain.Batch
		if err := api.call(ctx, http.MethodPost, "/campaigns/"+c.ID+"/participants/status",
			map[string]any{"participant_ids": chunk, "status": status}, &b); err != nil {
			return batches, err
		}
		batches = append(batches, b.ID)
	}
	return batches, nil
}

// batch returns a batch process without its items.
func batch(ctx context.Context, api *apiClient, id string) (domain.Batch, error) {
	var b domain.Batch
	err := api.do(ctx, http.MethodGet, "/batch-processes/"+id+"?limit=1", nil, &b)
	return b, err
}

func chunks(ids []string, size int) [][]string {
	var out [][]string
	for len(ids) > size {
		out = append(out, ids[:size])
		ids = ids[size:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}
