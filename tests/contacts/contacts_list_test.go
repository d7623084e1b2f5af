package contacts

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

type contactPage struct {
	Items      []domain.ContactListItem `json:"items"`
	NextCursor string                   `json:"next_cursor"`
}

// contactList reads one page of GET /api/v1/contacts?query.
func contactList(h *harness.Harness, query string) contactPage {
	h.T.Helper()
	var p contactPage
	resp := h.Call("GET", "/api/v1/contacts?"+query, nil, &p)
	require.Equal(h.T, http.StatusOK, resp.StatusCode, "GET /contacts?%s: %s", query, harness.ReadAll(h.T, resp))
	return p
}

// contactNames are the "First Last" names of the page's contacts, in order.
func contactNames(p contactPage) []string {
	names := []string{}
	for _, c := range p.Items {
		names = append(names, strings.TrimSpace(c.FirstName+" "+c.LastName))
	}
	return names
}

// TestContactList: the contacts list searches every word against names,
// emails and company names (word starts, case-insensitive), filters by
// type, customer status, customer group and partner type, pages by keyset
// in name order, and refuses a bad page size, cursor or filter with 422.
func TestContactList(t *testing.T) {
	h := harness.New(t)
	ctx := t.Context()
	mk := func(first, last string, fields map[string]any) string {
		body := map[string]any{"last_name": last, "email": strings.ToLower(first+"."+last) + h.Suffix, "phone": ""}
		for k, v := range fields {
			body[k] = v
		}
		return h.NewContact(first, body).ID
	}
	ann := mk("Ann", "Archer", map[string]any{"status": "Client", "partner_type": "Realtor"})
	annabel := mk("Annabel", "Baker", map[string]any{"status": "Prospect", "partner_type": "Lender"})
	bob := mk("Bob", "Cole", map[string]any{"status": "client", "partner_type": "realtor"})
	mk("Cara", "Dunn", map[string]any{"email": "cd.mail" + h.Suffix})
	mk("Joanne", "Fox", nil)
	for i := range 12 {
		mk(fmt.Sprintf("Zed%02d", i), "Paging", nil)
	}
	group := h.Group("Gold")
	h.Customer(ann, "Active", group)
	h.Customer(annabel, "Inactive")
	// Bob's company, as a conversion in B2B mode links it.
	company := uuid.NewString()
	_, err := h.Store.Pool().Exec(ctx, "INSERT INTO companies (id, name) VALUES ($1, 'Acme Mortgages')", company)
	require.NoError(t, err)
	_, err = h.Store.Pool().Exec(ctx, "UPDATE contacts SET company_id = $1 WHERE id = $2", company, bob)
	require.NoError(t, err)
	erased := mk("Anna", "Erased", nil)
	require.Equal(t, http.StatusNoContent, h.Call("DELETE", "/api/v1/contacts/"+erased, nil, nil).StatusCode)

	for _, tc := range []struct {
		query, why string
		want       []string
	}{
		{"q=ann", "a word starts a first name; an erased contact is never listed", []string{"Ann Archer", "Annabel Baker"}},
		{"q=ARCH+ann", "every word, in any field and any case", []string{"Ann Archer"}},
		{"q=acme", "the company's name", []string{"Bob Cole"}},
		{"q=mort", "the start of the company's name, not a later word", nil},
		{"q=cd.mail", "the start of an email", []string{"Cara Dunn"}},
		{"q=anne", "the middle of a name is not searched", nil},
		{"q=%25", "% is a character, not a wildcard", nil},
		{"type=CLIENT", "the type, case-insensitive", []string{"Ann Archer", "Bob Cole"}},
		{"partner_type=Realtor", "the partner type, case-insensitive", []string{"Ann Archer", "Bob Cole"}},
		{"customer_status=active", "active customers", []string{"Ann Archer"}},
		{"customer_status=Inactive", "inactive customers", []string{"Annabel Baker"}},
		{"group_id=" + group, "members of the group", []string{"Ann Archer"}},
		{"group_id=" + uuid.NewString(), "an unknown group has no members", nil},
		{"type=client&q=bob", "search and filters together", []string{"Bob Cole"}},
		{"type=client&partner_type=lender", "filters together", nil},
	} {
		want := tc.want
		if want == nil {
			want = []string{}
		}
		assert.Equal(t, want, contactNames(contactList(h, tc.query)), "%s: %s", tc.query, tc.why)
	}
	bobs := contactList(h, "q=bob").Items
	require.Len(t, bobs, 1)
	assert.Equal(t, "Acme Mortgages", bobs[0].Company)
	assert.Equal(t, "Active", contactList(h, "q=ann+archer").Items[0].CustomerStatus)

	// Paging: every contact once, in name order, over pages of the asked size.
	var all []string
	cursor, pages := "", 0
	for {
		p := contactList(h, "limit=5&cursor="+url.QueryEscape(cursor))
		pages++
		assert.LessOrEqual(t, len(p.Items), 5)
		all = append(all, contactNames(p)...)
		if p.NextCursor == "" {
			break
		}
		require.Less(t, pages, 10, "paging does not end")
		cursor = p.NextCursor
	}
	assert.Equal(t, 4, pages, "17 contacts, 5 a page")
	want := []string{"Ann Archer", "Annabel Baker", "Bob Cole", "Cara Dunn", "Joanne Fox"}
	for i := range 12 {
		want = append(want, fmt.Sprintf("Zed%02d Paging", i))
	}
	assert.Equal(t, want, all, "by last name, then first name")
	first := contactList(h, "q=paging&limit=5")
	assert.Equal(t, []string{"Zed00 Paging", "Zed01 Paging", "Zed02 Paging", "Zed03 Paging", "Zed04 Paging"}, contactNames(first))
	second := contactList(h, "q=paging&limit=5&cursor="+url.QueryEscape(first.NextCursor))
	assert.Equal(t, []string{"Zed05 Paging", "Zed06 Paging", "Zed07 Paging", "Zed08 Paging", "Zed09 Paging"}, contactNames(second))
	third := contactList(h, "q=paging&limit=5&cursor="+url.QueryEscape(second.NextCursor))
	assert.Equal(t, []string{"Zed10 Paging", "Zed11 Paging"}, contactNames(third))
	assert.Empty(t, third.NextCursor, "the last page has no next cursor")
	h.Contacts(40)
	byDefault := contactList(h, "")
	assert.Len(t, byDefault.Items, domain.DefaultPageLimit, "57 contacts: the default page holds 50")
	assert.NotEmpty(t, byDefault.NextCursor)

	for _, tc := range []struct{ query, field string }{
		{"limit=0", "limit"}, {"limit=501", "limit"}, {"limit=ten", "limit"}, {"limit=%2B5", "limit"},
		{"cursor=forged", "cursor"}, {"cursor=" + domain.ContactCursor{Last: "a", First: "b", ID: "7"}.Encode(), "cursor"},
		{"customer_status=gold", "customer_status"}, {"group_id=gold", "group_id"},
		{"q=" + strings.Repeat("a", domain.MaxSearchLength+1), "q"}, {"type=" + strings.Repeat("t", domain.MaxLabel+1), "type"},
	} {
		var p harness.Problem
		resp := h.Call("GET", "/api/v1/contacts?"+tc.query, nil, &p)
		harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, tc.field)
	}
}
