package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ContactPage is one keyset page of contacts.
type ContactPage struct {
	Items []domain.ContactListItem `json:"items"`
	// NextCursor continues after the last item; empty on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// likeEscaper makes a search word match itself in a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// contactListSQL builds the query of one page of f (read with one row more
// than f.Limit) and its parameters: the contact_list query with one
// contact_list_* condition per word and filter f names.
func contactListSQL(f domain.ContactFilter) (string, []any) {
	var where strings.Builder
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	cond := func(name string, params ...string) {
		pairs := make([]string, 0, 2*len(params))
		for i, p := range params {
			pairs = append(pairs, "{"+string(rune('p'+i))+"}", p)
		}
		where.WriteString("\n  AND ")
		where.WriteString(strings.NewReplacer(pairs...).Replace(q(name)))
		where.WriteString("\n")
	}
	for _, w := range f.Words {
		cond("contact_list_word", arg(likeEscaper.Replace(w)+"%"))
	}
	if f.Type != "" {
		cond("contact_list_type", arg(f.Type))
	}
	if f.PartnerType != "" {
		cond("contact_list_partner_type", arg(f.PartnerType))
	}
	if f.CustomerStatus != "" {
		cond("contact_list_customer_status", arg(f.CustomerStatus))
	}
	if f.GroupID != "" {
		cond("contact_list_group", arg(f.GroupID))
	}
	if f.After != nil {
		cond("contact_list_after", arg(f.After.Last), arg(f.After.First), arg(f.After.ID))
	}
	sql := strings.NewReplacer("{{where}}", where.String(), "{{limit}}", arg(f.Limit+1)).Replace(q("contact_list"))
	return sql, args
}

// ContactPage returns the contacts f selects in name order and the cursor
// of the next page. It reads one row more than asked to know whether
// another page follows.
func (s *Store) ContactPage(ctx context.Context, f domain.ContactFilter) (ContactPage, error) {
	sql, args := contactListSQL(f)
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return ContactPage{}, err
	}
	type listed struct {
		item        domain.ContactListItem
		last, first string
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (listed, error) {
		var l listed
		c := &l.item
		err := r.Scan(&c.ID, &c.FirstName, &c.LastName, &c.Email, &c.Phone, &c.Status, &c.CreatedAt, &c.PartnerType,
			&c.Tags, &c.ConsentToContact, &c.TimeZone, &c.CustomerStatus, &c.Company, &l.last, &l.first)
		return l, err
	})
	if err != nil {
		return ContactPage{}, err
	}
	out := ContactPage{Items: make([]domain.ContactListItem, 0, len(got))}
	for i, l := range got {
		if i == f.Limit {
			prev := got[i-1]
			out.NextCursor = domain.ContactCursor{Last: prev.last, First: prev.first, ID: prev.item.ID}.Encode()
			break
		}
		out.Items = append(out.Items, l.item)
	}
	return out, nil
}
