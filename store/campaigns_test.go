package store_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// Keyset paging through every sort returns each campaign exactly once, in
// the order the sort promises, whatever the page size, with many ties and
// missing start dates.
func TestListCampaignsKeysetPaging(t *testing.T) {
	st := storetest.New(t)
	ctx := t.Context()
	admin := domain.User{ID: uuid.NewString(), Name: "Admin", Email: "a@x.test", Privileges: []string{domain.PrivAdmin}}
	require.NoError(t, st.UpsertUser(ctx, admin))
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 60
	for i := range n {
		p := rng.IntN(3)
		in := domain.CampaignInput{Name: fmt.Sprintf("%c campaign %d", 'A'+rng.IntN(4), i%7), Priority: domain.Priority("ABC"[p : p+1]),
			Security: "public"}
		if i%3 != 0 {
			d := time.Date(2026, time.Month(1+rng.IntN(3)), 1, 0, 0, 0, 0, time.UTC)
			in.StartDate = &d
		}
		if i%5 == 0 {
			in.Name = strings.ToLower(in.Name)
		}
		require.NoError(t, st.CreateCampaign(ctx, uuid.NewString(), admin.ID, in, domain.DefaultWorkflow()))
	}
	for _, sortBy := range []string{"name", "-name", "priority", "-priority", "start_date", "-start_date"} {
		for _, limit := range []int{1, 7, 60, 100} {
			f, err := domain.CampaignListParams{Sort: sortBy}.Filter()
			require.NoError(t, err)
			f.Limit, f.Viewer = limit, admin
			var got []store.CampaignListItem
			for pages := 0; pages <= 61; pages++ {
				page, err := st.ListCampaigns(ctx, f)
				require.NoError(t, err)
				got = append(got, page...)
				if len(page) < limit {
					break
				}
				last := page[len(page)-1]
				f.After = &domain.CampaignCursor{Sort: sortBy, Key: last.SortKey, ID: last.ID}
			}
			require.Len(t, got, n, "sort=%s limit=%d", sortBy, limit)
			seen := map[string]bool{}
			for i, c := range got {
				require.False(t, seen[c.ID], "sort=%s limit=%d: %s twice", sortBy, limit, c.Name)
				seen[c.ID] = true
				if i == 0 {
					continue
				}
				prev := got[i-1]
				key := func(c store.CampaignListItem) string {
					switch strings.TrimPrefix(sortBy, "-") {
					case "name":
						return strings.ToLower(c.Name)
					case "priority":
						return string(c.Priority)
					}
					if c.StartDate == nil {
						return "9999"
					}
					return c.StartDate.Format(time.DateOnly)
				}
				a, b := key(prev), key(c)
				if strings.HasPrefix(sortBy, "-") {
					a, b = b, a
				}
				assert.LessOrEqual(t, a, b, "sort=%s limit=%d at %d", sortBy, limit, i)
			}
		}
	}
}
