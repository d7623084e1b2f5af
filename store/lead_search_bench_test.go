package store_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/benchdata"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// BenchmarkLeadSearch times one page of a text search, from one client,
// at BENCH_LEADS leads (default 1,000,000, loaded as `make bench` (f) loads
// them): "walk" as ListLeads runs it (the newest leads walked first, from a
// cached plan), "planned" with no walk (every search planned for its
// words). A rare word shows what the walk costs when it cannot fill the
// page. Run it with `go run ./cmd/drumbeat stack -- go test -run '^$'
// -bench BenchmarkLeadSearch ./store/`.
func BenchmarkLeadSearch(b *testing.B) {
	n := 1000000
	if v, err := strconv.Atoi(os.Getenv("BENCH_LEADS")); err == nil && v > 0 {
		n = v
	}
	ctx := b.Context()
	st := storetest.New(b)
	owner, err := st.CreateUser(ctx, domain.UserInput{Name: "Owner Search", Email: "owner.search@example.test",
		Privileges: []string{domain.PrivLeads}})
	require.NoError(b, err)
	require.NoError(b, benchdata.LoadLeads(ctx, st.Pool(), n, []string{owner.ID}))
	for _, text := range []string{"mar", "ann smi", "smithers", "zzz"} {
		for _, mode := range []string{"walk", "planned"} {
			b.Run(text+"/"+mode, func(b *testing.B) {
				if mode == "planned" {
					store.SetSearchWalk(b, 0)
				}
				lq := store.LeadQuery{Text: text, Limit: 101}
				for b.Loop() {
					if _, err := st.ListLeads(ctx, lq); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
