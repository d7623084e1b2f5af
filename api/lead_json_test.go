package api

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	must "github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// TestLeadPageJSONIsEncodingJSON: a page of leads written by appendLeadPage
// is byte for byte what encoding/json writes for it, for pages whose every
// field is filled at random (strings from an alphabet of everything that
// needs escaping, times in several zones and precisions, absent and present
// optional fields), so a field added to domain.Lead and not to appendLead
// fails here.
func TestLeadPageJSONIsEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		var leads []domain.Lead
		if n > 0 { // the first page is empty
			for range 1 + rng.IntN(4) {
				leads = append(leads, randomLead(t, rng))
			}
		}
		page := domain.Page[leadView]{Items: []leadView{}, NextCursor: pick(rng, "", randomText(rng))}
		for _, l := range leads {
			page.Items = append(page.Items, viewLead(l))
		}
		want, err := json.Marshal(page)
		must.NoError(t, err)
		must.Equal(t, string(want), string(appendLeadPage(nil, leads, page.NextCursor)), "page %d", n)
	}
}

// randomLead fills every exported field of a lead at random, failing on a
// field of a kind it does not know.
func randomLead(t *testing.T, rng *rand.Rand) domain.Lead {
	var l domain.Lead
	fill(t, rng, reflect.ValueOf(&l).Elem())
	if rng.IntN(2) == 0 { // a phone whose display form is worked out when read
		l.Phone, l.PhoneCountry, l.PhoneDisplayed = "+4930123456"+strconv.Itoa(rng.IntN(10)), "DE", ""
	}
	return l
}

func fill(t *testing.T, rng *rand.Rand, s reflect.Value) {
	zones := []*time.Location{time.UTC, time.FixedZone("", 2*3600), time.FixedZone("", -(5*3600 + 30*60))}
	randomTime := func() time.Time {
		ns := []int{0, 500_000_000, 123_456_000, 1}[rng.IntN(4)]
		return time.Date(1990+rng.IntN(60), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60),
			rng.IntN(60), ns, zones[rng.IntN(len(zones))])
	}
	for i := range s.NumField() {
		f := s.Field(i)
		switch {
		case f.Kind() == reflect.String:
			f.SetString(pick(rng, "", randomText(rng)))
		case f.Kind() == reflect.Int || f.Kind() == reflect.Int64:
			f.SetInt(rng.Int64N(2_000_000) - 1_000_000)
		case f.Kind() == reflect.Bool:
			f.SetBool(rng.IntN(2) == 1)
		case f.Type() == reflect.TypeFor[time.Time]():
			f.Set(reflect.ValueOf(randomTime()))
		case f.Type() == reflect.TypeFor[*time.Time]():
			if rng.IntN(2) == 1 {
				tm := randomTime()
				f.Set(reflect.ValueOf(&tm))
			}
		default:
			t.Fatalf("domain.Lead.%s: a field of type %s, which this test (and appendLead) must learn to write",
				s.Type().Field(i).Name, f.Type())
		}
	}
}

// randomText is a string of up to 12 runes from an alphabet of plain
// letters and of everything encoding/json escapes or replaces.
func randomText(rng *rand.Rand) string {
	alphabet := []string{"a", "Z", "7", " ", "-", "\"", "\\", "/", "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00",
		"\x1f", "\x7f", "é", "Ł", "€", "“", "中", "😀", "\u2028", "\u2029", "\xff", "\xe2\x82", "'"}
	var b strings.Builder
	for range rng.IntN(13) {
		b.WriteString(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

func pick(rng *rand.Rand, a, b string) string {
	if rng.IntN(4) == 0 {
		return a
	}
	return b
}

// BenchmarkLeadPageJSON writes a page of 100 leads like those of the
// benchmark's million (plain text, every field set) as the handler wrote it
// before (views, then encoding/json) and with appendLeadPage.
func BenchmarkLeadPageJSON(b *testing.B) {
	created := time.Date(2026, 11, 30, 9, 15, 27, 123_456_000, time.UTC)
	next := "eyJ2IjoiMjAyNi0xMS0zMFQwOToxNToyNy4xMjM0NTZaIiwiaWQiOjk5OTAwMX0"
	var leads []domain.Lead
	for i := range 100 {
		leads = append(leads, domain.Lead{ID: int64(1_000_000 - i), FirstName: "Anna",
			LastName: "Smithson", Company: "Northwind Traders", Position: "Head of Purchasing",
			Email: "anna.smithson@northwind.example", Phone: "+14155550123", PhoneCountry: "US",
			MarketSegment: "Enterprise", SalesConcept: "Direct", Source: "Trade show 2026", SourceType: "Event",
			ConsentToContact: true, TimeZone: "America/New_York", Address: "1 Main Street", AddressCity: "Springfield",
			AddressState: "IL", AddressCountry: "US", AddressZip: "62701", Status: "New", Score: 42,
			OwnerID: "6f1c1f64-3a43-4a8e-9d3b-0f2c5d1e7a90", CreatedBy: "6f1c1f64-3a43-4a8e-9d3b-0f2c5d1e7a90",
			CreatedAt: created, UpdatedAt: created, PhoneDisplayed: "(415) 555-0123"})
	}
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			page := domain.Page[leadView]{Items: make([]leadView, 0, len(leads)), NextCursor: next}
			for _, l := range leads {
				page.Items = append(page.Items, viewLead(l))
			}
			if _, err := json.Marshal(page); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("appendLeadPage", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf = appendLeadPage(buf[:0], leads, next)
		}
	})
}
