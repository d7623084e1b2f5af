package leads

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

type leadPage struct {
	Items      []harness.LeadJSON `json:"items"`
	NextCursor string             `json:"next_cursor"`
}

// leadNames lists every lead a query returns, following the cursor.
func leadNames(h *harness.Harness, token, query string) []string {
	h.T.Helper()
	var names []string
	cursor := ""
	for i := 0; i < 50; i++ {
		var p leadPage
		resp := h.CallAs(token, "GET", "/api/v1/leads?"+query+"&limit=2&cursor="+url.QueryEscape(cursor), nil, &p)
		require.Equal(h.T, http.StatusOK, resp.StatusCode, query)
		for _, l := range p.Items {
			names = append(names, l.FirstName+" "+l.LastName)
		}
		if p.NextCursor == "" {
			return names
		}
		cursor = p.NextCursor
	}
	h.T.Fatal("too many pages")
	return nil
}

// TestLeadLists: text search, the four filters, chips, sorting and keyset pages.
func TestLeadLists(t *testing.T) {
	h := harness.New(t)
	me, myToken := h.User("me", domain.PrivLeads)
	other, _ := h.User("other", domain.PrivLeads)
	mk := func(first, last, sourceType string) harness.LeadJSON {
		b := h.LeadBody(first, last)
		b["source_type"] = sourceType
		return h.CreateLeadAs(myToken, b)
	}
	anna := mk("Anna", "Berg", "Conference")
	bob := mk("Bob", "Annard", "Vendor List")
	cleo := mk("Cleo", "Stone", "Conference")
	dan := mk("Dan", "Old", "Web")
	eve := h.CreateLead(h.LeadBody("Eve", "Admin"))
	ctx := t.Context()
	// Dan was created and last edited long ago; Cleo is qualifying but old; Bob is owned by someone else.
	_, err := h.Store.Pool().Exec(ctx, "UPDATE leads SET created_at = now() - interval '30 days', updated_at = now() - interval '20 days' WHERE id = ANY($1)", []int64{dan.ID, cleo.ID})
	require.NoError(t, err)
	_, err = h.Store.Pool().Exec(ctx, "UPDATE leads SET status = 'Qualifying' WHERE id = $1", cleo.ID)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, h.CallAs(myToken, "PUT", harness.LeadPath(bob.ID, "/owner"), map[string]any{"owner_id": other.ID}, nil).StatusCode)
	_, err = h.Store.Pool().Exec(ctx, "INSERT INTO lead_scoring_rules (id, field, operator, value, points) VALUES (gen_random_uuid(), 'source_type', 'equals', 'Conference', 10); UPDATE leads SET score = lead_score(leads)")
	require.NoError(t, err)
	_ = anna
	_ = eve

	assert.ElementsMatch(t, []string{"Anna Berg", "Bob Annard"}, leadNames(h, myToken, "q=ann"))
	assert.Equal(t, []string{"Anna Berg"}, leadNames(h, myToken, "q=anna+berg"))
	// A search's pages (ids first, then their rows) keep the sort across
	// the cursor.
	assert.Equal(t, []string{"Eve Admin", "Cleo Stone", "Anna Berg"}, leadNames(h, myToken, "q=e&sort=-id"))
	assert.Equal(t, []string{"Eve Admin", "Anna Berg", "Cleo Stone"}, leadNames(h, myToken, "q=e&sort=last_name"))
	assert.Equal(t, []string{"Cleo Stone", "Anna Berg", "Eve Admin"}, leadNames(h, myToken, "q=E&sort=created_at"))
	assert.Equal(t, []string{"Cleo Stone"}, leadNames(h, myToken, "q=e&filter=stale"))
	// A search goes as a statement planned with its values: every kind of
	// value beside the words still reads as its column's type.
	assert.Equal(t, []string{"Bob Annard"}, leadNames(h, myToken, "q=ann&owner="+other.ID))
	assert.Equal(t, []string{"Cleo Stone"}, leadNames(h, myToken, "q=e&status=Qualifying&source_type=Conference"))
	assert.ElementsMatch(t, []string{"Anna Berg", "Cleo Stone", "Eve Admin"}, leadNames(h, myToken, "q=e&score_min=10&score_max=100&filter=all"))
	assert.Equal(t, []string{"Anna Berg"}, leadNames(h, myToken, "q=ANN&filter=recent&sort=-score"))
	assert.Empty(t, leadNames(h, myToken, "q=%25"), "a percent sign is a character, not a wildcard")
	assert.Empty(t, leadNames(h, myToken, "q=a_n"), "so is an underscore")
	assert.Len(t, leadNames(h, myToken, "filter=all"), 5)
	assert.ElementsMatch(t, []string{"Anna Berg", "Bob Annard", "Cleo Stone", "Dan Old"}, leadNames(h, myToken, "filter=mine"))
	assert.ElementsMatch(t, []string{"Anna Berg"}, leadNames(h, myToken, "filter=recent"))
	assert.ElementsMatch(t, []string{"Cleo Stone", "Dan Old"}, leadNames(h, myToken, "filter=stale"))
	assert.ElementsMatch(t, []string{"Bob Annard"}, leadNames(h, myToken, "owner="+other.ID))
	assert.ElementsMatch(t, []string{"Cleo Stone"}, leadNames(h, myToken, "status=Qualifying"))
	assert.ElementsMatch(t, []string{"Anna Berg", "Cleo Stone", "Dan Old", "Eve Admin"}, leadNames(h, myToken, "source_type=Conference&source_type=Web"))
	assert.ElementsMatch(t, []string{"Anna Berg", "Cleo Stone", "Eve Admin"}, leadNames(h, myToken, "score_min=10"))
	assert.ElementsMatch(t, []string{"Anna Berg"}, leadNames(h, myToken, "score_min=10&filter=recent&owner="+me.ID))

	assert.Equal(t, []string{"Eve Admin", "Bob Annard", "Anna Berg", "Dan Old", "Cleo Stone"}, leadNames(h, myToken, "sort=last_name"))
	assert.Equal(t, []string{"Cleo Stone", "Dan Old", "Anna Berg", "Bob Annard", "Eve Admin"}, leadNames(h, myToken, "sort=-last_name"))
	assert.Equal(t, []string{"Eve Admin", "Dan Old", "Cleo Stone", "Bob Annard", "Anna Berg"}, leadNames(h, myToken, "sort=-id"))
	byScore := leadNames(h, myToken, "sort=-score")
	assert.ElementsMatch(t, []string{"Anna Berg", "Cleo Stone", "Eve Admin"}, byScore[:3])
	assert.Equal(t, []string{"Cleo Stone", "Dan Old", "Anna Berg", "Bob Annard", "Eve Admin"}, leadNames(h, myToken, "sort=created_at"),
		"equal creation times are ordered by id")

	for _, bad := range []string{"filter=someone", "sort=password", "status=Lost", "owner=nobody", "score_min=high", "cursor=zzz", "limit=0"} {
		var p harness.Problem
		resp := h.CallAs(myToken, "GET", "/api/v1/leads?"+bad, nil, &p)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, bad)
	}
}

// TestLeadDetail: activities and notes, and an audit trail of every change
// with who, when and the fields before and after.
func TestLeadDetail(t *testing.T) {
	h := harness.New(t)
	editor, editorToken := h.User("editor", domain.PrivLeads)
	l := h.CreateLead(h.LeadBody("Audrey", "Trail"))
	require.Equal(t, http.StatusOK, h.CallAs(editorToken, "PATCH", harness.LeadPath(l.ID, ""), map[string]any{"position": "CTO", "source": "Referral"}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("PUT", harness.LeadPath(l.ID, "/owner"), map[string]any{"owner_id": editor.ID}, nil).StatusCode)

	var act domain.LeadActivity
	resp := h.Call("POST", harness.LeadPath(l.ID, "/activities"), map[string]any{"kind": "call", "subject": "Intro call"}, &act)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%+v", act)
	resp = h.Call("PATCH", harness.LeadPath(l.ID, "/activities/"+act.ID), map[string]any{"done": true}, &act)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.True(t, act.Done)
	assert.Equal(t, "Intro call", act.Subject)
	var p harness.Problem
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", harness.LeadPath(l.ID, "/activities"), map[string]any{"kind": "party"}, &p).StatusCode)
	assert.Len(t, p.Errors, 2)
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("PATCH", harness.LeadPath(l.ID, "/activities/"+act.ID), map[string]any{"subject": ""}, nil).StatusCode)
	second := domain.LeadActivity{}
	require.Equal(t, http.StatusCreated, h.Call("POST", harness.LeadPath(l.ID, "/activities"), map[string]any{"kind": "task", "subject": "Send brochure"}, &second).StatusCode)
	require.Equal(t, http.StatusNoContent, h.Call("DELETE", harness.LeadPath(l.ID, "/activities/"+second.ID), nil, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("DELETE", harness.LeadPath(l.ID, "/activities/"+second.ID), nil, nil).StatusCode)
	var acts domain.Page[domain.LeadActivity]
	h.Call("GET", harness.LeadPath(l.ID, "/activities"), nil, &acts)
	require.Len(t, acts.Items, 1)

	var note domain.LeadNote
	require.Equal(t, http.StatusCreated, h.Call("POST", harness.LeadPath(l.ID, "/notes"), map[string]any{"text": "Met at expo"}, &note).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("PATCH", harness.LeadPath(l.ID, "/notes/"+note.ID), map[string]any{"text": "Met at expo 2026"}, &note).StatusCode)
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", harness.LeadPath(l.ID, "/notes"), map[string]any{"text": " "}, nil).StatusCode)
	var notes domain.Page[domain.LeadNote]
	h.Call("GET", harness.LeadPath(l.ID, "/notes"), nil, &notes)
	require.Len(t, notes.Items, 1)
	assert.Equal(t, "Met at expo 2026", notes.Items[0].Text)
	assert.Equal(t, http.StatusNotFound, h.Call("POST", harness.LeadPath(424242, "/notes"), map[string]any{"text": "x"}, nil).StatusCode)

	var trail domain.Page[domain.AuditEntry]
	resp = h.Call("GET", harness.LeadPath(l.ID, "/audit"), nil, &trail)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var got [][2]string
	for _, e := range trail.Items {
		got = append(got, [2]string{e.Entity, e.Action})
		assert.False(t, e.At.IsZero())
	}
	assert.Equal(t, [][2]string{{"lead", "create"}, {"lead", "update"}, {"lead", "assign owner"}, {"activity", "create"},
		{"activity", "update"}, {"activity", "create"}, {"activity", "delete"}, {"note", "create"}, {"note", "update"}}, got)
	upd := trail.Items[1]
	assert.Equal(t, editor.ID, upd.UserID)
	assert.Equal(t, map[string]any{"position": "", "source": ""}, upd.Before)
	assert.Equal(t, map[string]any{"position": "CTO", "source": "Referral"}, upd.After)
	own := trail.Items[2]
	assert.Equal(t, h.Admin.ID, own.UserID)
	assert.Equal(t, map[string]any{"owner_id": h.Admin.ID}, own.Before)
	assert.Equal(t, map[string]any{"owner_id": editor.ID}, own.After)
	assert.Equal(t, false, trail.Items[4].Before["done"])
	assert.Equal(t, true, trail.Items[4].After["done"])

	// Paging through the trail, and a refused change leaves no entry.
	var first domain.Page[domain.AuditEntry]
	h.Call("GET", harness.LeadPath(l.ID, "/audit?limit=4"), nil, &first)
	require.Len(t, first.Items, 4)
	var rest domain.Page[domain.AuditEntry]
	h.Call("GET", harness.LeadPath(l.ID, "/audit?limit=100&cursor="+first.NextCursor), nil, &rest)
	assert.Len(t, rest.Items, 5)
	h.Call("PATCH", harness.LeadPath(l.ID, ""), map[string]any{"email": "not-an-email"}, nil)
	h.Call("GET", harness.LeadPath(l.ID, "/audit"), nil, &trail)
	assert.Len(t, trail.Items, 9)
	assert.Equal(t, http.StatusNotFound, h.Call("GET", harness.LeadPath(777777, "/audit"), nil, nil).StatusCode)
}
