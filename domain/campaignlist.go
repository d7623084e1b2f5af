package domain

import (
	"strings"
	"unicode"
)

// Campaign list sort fields (GET /api/v1/campaigns?sort=).
const (
	SortName      = "name"
	SortPriority  = "priority"
	SortStartDate = "start_date"
	SortCreatedAt = "created_at"
)

// CampaignSorts lists the fields a campaign list can be sorted by.
var CampaignSorts = []string{SortName, SortPriority, SortStartDate, SortCreatedAt}

// DefaultCampaignSort shows the newest campaigns first.
const DefaultCampaignSort = "-" + SortCreatedAt

// CampaignSort is a sort field and direction; its String form is the query
// parameter ("name", "-created_at").
type CampaignSort struct {
	Field string
	Desc  bool
}

// String returns the sort as written in a query parameter.
func (s CampaignSort) String() string {
	if s.Desc {
		return "-" + s.Field
	}
	return s.Field
}

// ParseCampaignSort reads "field" (ascending) or "-field" (descending).
func ParseCampaignSort(s string) (CampaignSort, bool) {
	out := CampaignSort{Field: s}
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		out = CampaignSort{Field: rest, Desc: true}
	}
	for _, f := range CampaignSorts {
		if f == out.Field {
			return out, true
		}
	}
	return CampaignSort{}, false
}

// CampaignCursor marks where a page of campaigns ended: the sort it was
// taken with, the last row's sort key and its id (the tie-breaker).
type CampaignCursor struct {
	Sort string
	Key  string
	ID   string
}

// Encode returns the cursor (EncodeCursor).
func (c CampaignCursor) Encode() string { return EncodeCursor(c.Sort, c.Key, c.ID) }

// DecodeCampaignCursor reads a token made by Encode.
func DecodeCampaignCursor(token string) (CampaignCursor, bool) {
	var c CampaignCursor
	if DecodeCursor(token, &c.Sort, &c.Key, &c.ID) != nil || !IsUUID(c.ID) || strings.ContainsRune(c.Key, 0) {
		return CampaignCursor{}, false
	}
	if _, ok := ParseCampaignSort(c.Sort); !ok {
		return CampaignCursor{}, false
	}
	return c, true
}

// CampaignFilter selects one page of campaigns.
type CampaignFilter struct {
	// Search is a PostgreSQL tsquery built by SearchQuery ("" for none).
	Search    string
	ManagerID string
	Stage     Stage
	Priority  Priority
	Sort      CampaignSort
	Limit     int
	// After is the previous page's cursor, nil for the first page.
	After *CampaignCursor
	// Viewer is the user asking: a private campaign is shown only to
	// administrators, its creator, its manager and its team members.
	Viewer User
}

// CampaignListParams are the raw query parameters of a campaign list.
type CampaignListParams struct {
	Q, ManagerID, Stage, Priority, Sort, Cursor, Limit string
}

// Filter validates the parameters and returns the filter they describe.
func (p CampaignListParams) Filter() (CampaignFilter, error) {
	var v Validator
	f := CampaignFilter{ManagerID: p.ManagerID, Stage: Stage(p.Stage),
		Priority: Priority(strings.ToUpper(p.Priority)), Limit: DefaultPageLimit}
	if pr, err := ParsePage(p.Limit, ""); err != nil {
		v.Add("limit", "must be a whole number from 1 to %d", MaxPageLimit)
	} else {
		f.Limit = pr.Limit
	}
	v.MaxLen("q", p.Q, MaxSearchLength)
	f.Search = SearchQuery(p.Q)
	v.Check(p.ManagerID == "" || IsUUID(p.ManagerID), "manager_id", "must be a user id")
	v.Check(p.Stage == "" || f.Stage.Valid(), "stage", "must be planning, in_progress, completed or cancelled")
	v.Check(p.Priority == "" || f.Priority.Valid(), "priority", "must be A, B or C")
	sort := p.Sort
	if sort == "" {
		sort = DefaultCampaignSort
	}
	var ok bool
	f.Sort, ok = ParseCampaignSort(sort)
	v.Check(ok, "sort", "must be one of %s, each optionally prefixed with - for descending order", strings.Join(CampaignSorts, ", "))
	if p.Cursor != "" {
		cur, ok := DecodeCampaignCursor(p.Cursor)
		switch {
		case !ok:
			v.Add("cursor", invalidCursor)
		case cur.Sort != f.Sort.String():
			v.Add("cursor", "was made for sort=%s; repeat the same sort or start again without a cursor", cur.Sort)
		default:
			f.After = &cur
		}
	}
	return f, v.Err()
}

// SearchQuery turns free text into a PostgreSQL tsquery in which every word
// must match the start of a word of the record ("spring mort" finds "Spring
// Mortgage Review"). Only letters and digits pass, so user input can never
// form tsquery syntax. It returns "" when the text has no word.
func SearchQuery(text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, w := range words {
		words[i] = w + ":*"
	}
	return strings.Join(words, " & ")
}
