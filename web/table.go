package web

import (
	"maps"
	"net/url"
	"slices"
	"strings"
)

// table is the data-table component: a text search, filter chips, sortable
// column headers, rows and a keyset "next page" link. Every link keeps the
// list's other parameters; changing the search, a filter or the sort starts
// again from the first page.
type table struct {
	// Action is the list's path; Params its current query.
	Action string
	Params url.Values
	// Noun names the records ("campaigns") in the search field and when empty.
	Noun    string
	Chips   []chipGroup
	Columns []column
	Rows    []row
	// NextCursor continues the list; "" on the last page.
	NextCursor string
	// Form is the id of the form that a cell's checkbox belongs to (the
	// table sits in no form of its own).
	Form string
}

// chipGroup is one filter (a query parameter) and its choices.
type chipGroup struct {
	Label, Param string
	Chips        []chip
	// Menu shows the choices in a drop-down (many choices, like users).
	Menu bool
}

// chip is one choice of a filter.
type chip struct {
	Label, URL string
	Active     bool
}

// column is a header; Sort is its sort field ("" when it cannot be sorted).
type column struct {
	Label, Sort string
	// URL sorts by this column (or reverses it); Dir is "asc" or "desc"
	// when the list is sorted by it.
	URL, Dir string
}

// row is one record; the first cell is usually the link to its page.
type row struct{ Cells []cell }

// cell is one value; Label repeats its column's label for narrow screens,
// where a row is shown as a card.
// Badge, when set, shows the text as a pill of that class (a stage, say).
// Check, when set, shows a checkbox of that name with the text as its value
// (a row selected for a batch action).
// Links, when set, are the row's actions (Edit, Delete) instead of a value.
type cell struct {
	Label, Text, URL, Class, Badge, Check string
	Links                                 []cellLink
}

// cellLink is one action of a row; Name marks it for scripts and tests.
type cellLink struct{ Label, URL, Name string }

// with returns the list's URL with the parameters set ("" removes one) and
// the cursor dropped, unless set keeps it.
func (t *table) with(set ...string) string {
	v := url.Values{}
	for k, vals := range t.Params {
		if k != "cursor" {
			v[k] = vals
		}
	}
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			v.Del(set[i])
		} else {
			v.Set(set[i], set[i+1])
		}
	}
	if len(v) == 0 {
		return t.Action
	}
	return t.Action + "?" + v.Encode()
}

// keep returns the list's URL with one more parameter, keeping every other
// one, the cursor included: a row's action opens on the same page.
func (t *table) keep(name, value string) string {
	v := url.Values{}
	for k, vals := range t.Params {
		v[k] = vals
	}
	v.Set(name, value)
	return t.Action + "?" + v.Encode()
}

// Keep lists the parameters the search form repeats as hidden fields.
func (t *table) Keep() []struct{ Name, Value string } {
	var out []struct{ Name, Value string }
	for _, k := range slices.Sorted(maps.Keys(t.Params)) {
		if k == "q" || k == "cursor" || t.Params.Get(k) == "" {
			continue
		}
		out = append(out, struct{ Name, Value string }{k, t.Params.Get(k)})
	}
	return out
}

// Q is the current search text.
func (t *table) Q() string { return t.Params.Get("q") }

// NextURL is the link to the next page ("" on the last one).
func (t *table) NextURL() string {
	if t.NextCursor == "" {
		return ""
	}
	return t.with("cursor", t.NextCursor)
}

// FirstURL goes back to the first page when the list is past it.
func (t *table) FirstURL() string {
	if t.Params.Get("cursor") == "" {
		return ""
	}
	return t.with()
}

// ClearURL removes the search and every filter, keeping the sort.
func (t *table) ClearURL() string {
	set := []string{"q", ""}
	for _, g := range t.Chips {
		set = append(set, g.Param, "")
	}
	return t.with(set...)
}

// Filtered reports whether a search or a filter is applied.
func (t *table) Filtered() bool {
	if t.Q() != "" {
		return true
	}
	for _, g := range t.Chips {
		if t.Params.Get(g.Param) != "" {
			return true
		}
	}
	return false
}

// addChips adds a filter: each choice is (value, label); choosing the active
// one again removes the filter.
func (t *table) addChips(label, param string, menu bool, choices ...[2]string) {
	g := chipGroup{Label: label, Param: param, Menu: menu}
	cur := t.Params.Get(param)
	for _, ch := range choices {
		active := strings.EqualFold(cur, ch[0])
		target := ch[0]
		if active {
			target = ""
		}
		g.Chips = append(g.Chips, chip{Label: ch[1], URL: t.with(param, target), Active: active})
	}
	t.Chips = append(t.Chips, g)
}

// ActiveLabel is the label of the group's chosen chip ("" when none).
func (g chipGroup) ActiveLabel() string {
	for _, c := range g.Chips {
		if c.Active {
			return c.Label
		}
	}
	return ""
}

// addColumns sets the headers; cols are (label, sort field) pairs and sort
// is the current sort ("name" or "-name").
func (t *table) addColumns(sort string, cols ...[2]string) {
	field, desc := strings.TrimPrefix(sort, "-"), strings.HasPrefix(sort, "-")
	for _, c := range cols {
		col := column{Label: c[0], Sort: c[1]}
		if c[1] != "" {
			next := c[1]
			if c[1] == field {
				col.Dir = "asc"
				if desc {
					col.Dir = "desc"
				} else {
					next = "-" + c[1]
				}
			}
			col.URL = t.with("sort", next)
		}
		t.Columns = append(t.Columns, col)
	}
}
