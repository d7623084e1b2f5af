package rig

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// MaxPerRequest is the API's limit of ids in one request.
const MaxPerRequest = 10000

// CreateContacts creates n contacts through the API, the i-th with the
// address email(i) and the first name P<i>, and returns their ids in order.
func CreateContacts(ctx context.Context, api *Client, n int, lastName string, email func(i int) string) ([]string, error) {
	ids := make([]string, n)
	g, gctx := errgroup.WithContext(ctx)
	// The contacts meet no drip trigger, so each create is one insert;
	// 32 at a time keep the API and PostgreSQL busy on two cores.
	g.SetLimit(32)
	var mu sync.Mutex
	for i := range n {
		g.Go(func() error {
			var out struct {
				ID string `json:"id"`
			}
			body := map[string]any{"first_name": fmt.Sprintf("P%06d", i), "last_name": lastName, "email": email(i)}
			if err := api.Do(gctx, http.MethodPost, "/contacts", body, &out); err != nil {
				return err
			}
			mu.Lock()
			ids[i] = out.ID
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return ids, fmt.Errorf("create contacts: %w", err)
	}
	return ids, nil
}

// Campaign is a campaign driven through the API.
type Campaign struct {
	ID  string
	api *Client
}

// CreateCampaign creates a public campaign managed by the caller, with the
// given participant statuses and the contacts as participants.
func CreateCampaign(ctx context.Context, api *Client, name string, statuses []domain.ParticipantStatus, contacts []string) (Campaign, error) {
	var me domain.User
	if err := api.Call(ctx, http.MethodGet, "/me", nil, &me); err != nil {
		return Campaign{}, err
	}
	var created struct {
		ID string `json:"id"`
	}
	err := api.Do(ctx, http.MethodPost, "/campaigns", map[string]any{"name": name,
		"priority": "A", "manager_id": me.ID, "security": "public"}, &created)
	if err != nil {
		return Campaign{}, err
	}
	c := Campaign{ID: created.ID, api: api}
	if err := api.Do(ctx, http.MethodPut, "/campaigns/"+c.ID+"/workflow", map[string]any{"statuses": statuses}, nil); err != nil {
		return c, err
	}
	for _, chunk := range Chunks(contacts, MaxPerRequest) {
		if err := api.Do(ctx, http.MethodPost, "/campaigns/"+c.ID+"/participants", map[string]any{"contact_ids": chunk}, nil); err != nil {
			return c, err
		}
	}
	return c, nil
}

// Move moves the campaign to a stage with its API call (start, complete,
// cancel). A repeat after a lost answer is refused with 409, which counts
// as moved.
func (c Campaign) Move(ctx context.Context, verb string) error {
	err := c.api.Call(ctx, http.MethodPost, "/campaigns/"+c.ID+"/"+verb, nil, nil)
	var ae *APIError
	if errors.As(err, &ae) && ae.Status == http.StatusConflict {
		return nil
	}
	return err
}

// StatusCounts returns how many participants are in each status.
func (c Campaign) StatusCounts(ctx context.Context) (map[string]int, error) {
	var chart struct {
		Items []domain.StatusCount `json:"items"`
	}
	if err := c.api.Do(ctx, http.MethodGet, "/campaigns/"+c.ID+"/charts/participants-by-status", nil, &chart); err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, it := range chart.Items {
		out[it.Status] = it.Count
	}
	return out, nil
}

// ParticipantIDs lists the campaign's participants.
func (c Campaign) ParticipantIDs(ctx context.Context) ([]string, error) {
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
		if err := c.api.Call(ctx, http.MethodGet, path, nil, &page); err != nil {
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

// MoveAll moves every participant to status with one batch per 10,000 and
// returns the batch ids. A batch repeated after a lost answer moves nobody
// twice: its items are refused (already there).
func (c Campaign) MoveAll(ctx context.Context, ids []string, status string) ([]string, error) {
	var batches []string
	for _, chunk := range Chunks(ids, MaxPerRequest) {
		var b domain.Batch
		if err := c.api.Call(ctx, http.MethodPost, "/campaigns/"+c.ID+"/participants/status",
			map[string]any{"participant_ids": chunk, "status": status}, &b); err != nil {
			return batches, err
		}
		batches = append(batches, b.ID)
	}
	return batches, nil
}

// Batch returns a batch process without its items.
func Batch(ctx context.Context, api *Client, id string) (domain.Batch, error) {
	var b domain.Batch
	err := api.Do(ctx, http.MethodGet, "/batch-processes/"+id+"?limit=1", nil, &b)
	return b, err
}

// Chunks cuts ids into slices of at most size.
func Chunks(ids []string, size int) [][]string {
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
