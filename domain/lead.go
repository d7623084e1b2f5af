package domain

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// LeadStatus is where a lead is in its life cycle.
type LeadStatus string

// Lead statuses (seed 001): New -> Qualifying -> Qualified (by conversion)
// or Archived.
const (
	LeadNew        LeadStatus = "New"
	LeadQualifying LeadStatus = "Qualifying"
	LeadQualified  LeadStatus = "Qualified"
	LeadArchived   LeadStatus = "Archived"
)

// LeadStatuses are the statuses in their order of the life cycle.
var LeadStatuses = []LeadStatus{LeadNew, LeadQualifying, LeadQualified, LeadArchived}

// LeadStatusKnown reports whether s names a lead status.
func LeadStatusKnown(s string) bool {
	for _, st := range LeadStatuses {
		if string(st) == s {
			return true
		}
	}
	return false
}

// Batch process types of the Leads workspace.
const (
	BatchLeadOwner  = "Lead Owner Assignment"
	BatchLeadEmail  = "Lead Batch Email"
	BatchLeadPrint  = "Lead Batch Print"
	BatchLeadImport = "Lead Import"
)

// LeadBatchTypes are the batch process types that work on leads: a batch of
// these types is seen by holders of the leads privilege. Every other batch
// belongs to the campaign its parameters name and follows that campaign's
// visibility.
var LeadBatchTypes = []string{BatchLeadOwner, BatchLeadEmail, BatchLeadPrint, BatchLeadImport}

// Lead is a person who may become a client.
type Lead struct {
	ID               int64  `json:"id"`
	FirstName        string `json:"first_name"`
	LastName         string `json:"last_name"`
	Company          string `json:"company"`
	Position         string `json:"position"`
	Email            string `json:"email"`
	Phone            string `json:"phone"`
	PhoneCountry     string `json:"phone_country"`
	MarketSegment    string `json:"market_segment"`
	SalesConcept     string `json:"sales_concept"`
	Source           string `json:"source"`
	SourceType       string `json:"source_type"`
	ConsentToContact bool   `json:"consent_to_contact"`
	// TimeZone is the lead's IANA time zone ("": DEFAULT_TIME_ZONE).
	TimeZone         string     `json:"time_zone"`
	MatchedContactID string     `json:"matched_contact_id"`
	Address          string     `json:"address"`
	AddressCity      string     `json:"address_city"`
	AddressState     string     `json:"address_state"`
	AddressCountry   string     `json:"address_country"`
	AddressZip       string     `json:"address_zip"`
	Status           LeadStatus `json:"status"`
	Score            int        `json:"score"`
	OwnerID          string     `json:"owner_id"`
	CreatedBy        string     `json:"created_by"`
	ContactID        string     `json:"contact_id"`
	CompanyID        string     `json:"company_id"`
	OpportunityID    string     `json:"opportunity_id"`
	ConvertedAt      *time.Time `json:"converted_at"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
	// CampaignID is the campaign the lead came from, if any.
	CampaignID string `json:"campaign_id,omitempty"`
	// Test marks a lead that arrived while its campaign was in Test: never
	// billed, left out of reports.
	Test bool `json:"test"`
	// PhoneDisplayed is PhoneDisplay of the phone as the store kept it when
	// the lead was written ("" when it kept none); read it through
	// PhoneShown.
	PhoneDisplayed string `json:"-"`
}

// PhoneShown is the lead's phone as people read it (PhoneDisplay): the form
// the store kept beside the number, else worked out now (a lead written
// before the store kept one, or one that never went through the store).
func (l Lead) PhoneShown() string {
	if l.PhoneDisplayed != "" || l.Phone == "" {
		return l.PhoneDisplayed
	}
	return PhoneDisplay(l.Phone, l.PhoneCountry)
}

// LeadInput is what a user may write on a lead (never its id, score,
// status, owner or timestamps).
type LeadInput struct {
	FirstName        string `json:"first_name"`
	LastName         string `json:"last_name"`
	Company          string `json:"company"`
	Position         string `json:"position"`
	Email            string `json:"email"`
	Phone            string `json:"phone"`
	PhoneCountry     string `json:"phone_country"`
	MarketSegment    string `json:"market_segment"`
	SalesConcept     string `json:"sales_concept"`
	Source           string `json:"source"`
	SourceType       string `json:"source_type"`
	ConsentToContact *bool  `json:"consent_to_contact"`
	TimeZone         string `json:"time_zone"`
	MatchedContactID string `json:"matched_contact_id"`
	Address          string `json:"address"`
	AddressCity      string `json:"address_city"`
	AddressState     string `json:"address_state"`
	AddressCountry   string `json:"address_country"`
	AddressZip       string `json:"address_zip"`
	// CampaignID is the campaign the lead comes from; it is set when the lead
	// is created and never changes.
	CampaignID string `json:"campaign_id"`
}

// Normalize checks a lead input and returns it cleaned: trimmed text, the
// phone in E.164 (or as entered for an Unspecified country). Every invalid
// field is reported at once.
func (in LeadInput) Normalize(b2b bool) (LeadInput, error) {
	t := strings.TrimSpace
	out := LeadInput{FirstName: t(in.FirstName), LastName: t(in.LastName), Company: t(in.Company), Position: t(in.Position),
		Email: t(in.Email), Phone: t(in.Phone), MarketSegment: t(in.MarketSegment), SalesConcept: t(in.SalesConcept),
		Source: t(in.Source), SourceType: t(in.SourceType), ConsentToContact: in.ConsentToContact, TimeZone: t(in.TimeZone),
		MatchedContactID: t(in.MatchedContactID), Address: t(in.Address), AddressCity: t(in.AddressCity),
		AddressState: t(in.AddressState), AddressCountry: t(in.AddressCountry), AddressZip: t(in.AddressZip),
		CampaignID: t(in.CampaignID)}
	var v Validator
	v.Check(out.CampaignID == "" || IsUUID(out.CampaignID), "campaign_id", "is not a campaign id")
	v.Check(out.FirstName != "", "first_name", "is required")
	v.Check(out.LastName != "", "last_name", "is required")
	v.Check(out.SalesConcept != "", "sales_concept", "is required")
	v.Check(out.SourceType != "", "source_type", "is required")
	v.Check(out.ConsentToContact != nil, "consent_to_contact", "is required (true or false)")
	v.Check(!b2b || out.Company != "", "company", "is required in B2B mode")
	if out.Email == "" && out.Phone == "" {
		v.Add("email", "an email address or a phone number is required")
		v.Add("phone", "an email address or a phone number is required")
	}
	if out.Email != "" {
		v.EmailAddress("email", out.Email)
	}
	phone, country, err := NormalizePhone(out.Phone, in.PhoneCountry)
	if err != nil {
		field := "phone"
		if _, ok := err.(countryError); ok {
			field = "phone_country"
		}
		v.Add(field, "%s", err.Error())
	}
	out.Phone, out.PhoneCountry = phone, country
	v.Check(out.MatchedContactID == "" || IsUUID(out.MatchedContactID), "matched_contact_id", "is not a contact id")
	v.TimeZoneField("time_zone", out.TimeZone)
	for name, limit := range map[string]struct {
		val string
		max int
	}{"first_name": {out.FirstName, MaxName}, "last_name": {out.LastName, MaxName}, "company": {out.Company, MaxName},
		"position": {out.Position, MaxName}, "source": {out.Source, MaxName}, "address": {out.Address, MaxStreetAddress},
		"market_segment": {out.MarketSegment, MaxLabel}, "sales_concept": {out.SalesConcept, MaxLabel},
		"source_type": {out.SourceType, MaxLabel}, "address_city": {out.AddressCity, MaxLabel},
		"address_state": {out.AddressState, MaxLabel}, "address_country": {out.AddressCountry, MaxLabel},
		"address_zip": {out.AddressZip, MaxLabel}} {
		v.MaxLen(name, limit.val, limit.max)
	}
	return out, v.Err()
}

// Apply writes an input's fields onto a lead.
func (in LeadInput) Apply(l *Lead) {
	l.FirstName, l.LastName, l.Company, l.Position = in.FirstName, in.LastName, in.Company, in.Position
	l.Email, l.Phone, l.PhoneCountry = in.Email, in.Phone, in.PhoneCountry
	l.MarketSegment, l.SalesConcept, l.Source, l.SourceType = in.MarketSegment, in.SalesConcept, in.Source, in.SourceType
	if in.ConsentToContact != nil {
		l.ConsentToContact = *in.ConsentToContact
	}
	l.MatchedContactID = in.MatchedContactID
	l.TimeZone = in.TimeZone
	l.Address, l.AddressCity, l.AddressState, l.AddressCountry, l.AddressZip =
		in.Address, in.AddressCity, in.AddressState, in.AddressCountry, in.AddressZip
}

// InputOf returns the writable fields of a lead, for a partial update.
func InputOf(l Lead) LeadInput {
	consent := l.ConsentToContact
	country := l.PhoneCountry
	if country == "" {
		country = PhoneUnspecified
	}
	return LeadInput{FirstName: l.FirstName, LastName: l.LastName, Company: l.Company, Position: l.Position,
		Email: l.Email, Phone: l.Phone, PhoneCountry: country, MarketSegment: l.MarketSegment, SalesConcept: l.SalesConcept,
		Source: l.Source, SourceType: l.SourceType, ConsentToContact: &consent, MatchedContactID: l.MatchedContactID,
		Address: l.Address, AddressCity: l.AddressCity, AddressState: l.AddressState, AddressCountry: l.AddressCountry,
		AddressZip: l.AddressZip, CampaignID: l.CampaignID, TimeZone: l.TimeZone}
}

// CheckLeadEditable refuses changes to a lead that is no longer worked on:
// a qualified lead lives on as its contact, an archived one is history.
func CheckLeadEditable(l Lead, what string) error {
	if l.Status == LeadQualified || l.Status == LeadArchived {
		return &TransitionError{Entity: "lead", From: string(l.Status), To: string(l.Status),
			Reason: "a " + strings.ToLower(string(l.Status)) + " lead cannot be " + what}
	}
	return nil
}

// CheckLeadStatus tells whether a lead may move to a status by an edit or
// the archive action; Qualified is reached only by conversion.
func CheckLeadStatus(from, to LeadStatus) error {
	if from == to && (to == LeadNew || to == LeadQualifying) {
		return nil
	}
	allowed := map[LeadStatus][]LeadStatus{
		LeadNew:        {LeadQualifying, LeadArchived},
		LeadQualifying: {LeadArchived},
	}
	for _, s := range allowed[from] {
		if s == to {
			return nil
		}
	}
	reason := ""
	if to == LeadQualified {
		reason = "a lead becomes Qualified only by conversion"
	}
	return &TransitionError{Entity: "lead", From: string(from), To: string(to), Reason: reason}
}

// CheckOwnerChange refuses a new owner for a qualified (or archived) lead.
func CheckOwnerChange(l Lead) error {
	return CheckLeadEditable(l, "given a new owner")
}

// AssignOwner gives a lead a new owner. The same owner again changes
// nothing (so a repeated batch page is harmless); a qualified or archived
// lead refuses a new one.
func AssignOwner(l *Lead, ownerID string) error {
	if l.OwnerID == ownerID {
		return nil
	}
	if err := CheckOwnerChange(*l); err != nil {
		return err
	}
	l.OwnerID = ownerID
	return nil
}

// Archive moves a lead to Archived: it is kept as history.
func Archive(l *Lead) error {
	if err := CheckLeadStatus(l.Status, LeadArchived); err != nil {
		return err
	}
	l.Status = LeadArchived
	return nil
}

// CheckConvert tells whether a lead may be converted.
func CheckConvert(l Lead) error {
	if l.Status != LeadNew && l.Status != LeadQualifying {
		return &TransitionError{Entity: "lead", From: string(l.Status), To: string(LeadQualified),
			Reason: "only a New or Qualifying lead can be converted"}
	}
	return nil
}

// LeadMergeValues are the merge tokens a lead's email or document can use.
func LeadMergeValues(l Lead) map[string]string {
	return map[string]string{
		"company": l.Company, "marketSegment": l.MarketSegment, "salesConcept": l.SalesConcept,
		"source": l.Source, "sourceType": l.SourceType, "emailAddress": l.Email,
		"phoneBusiness": l.PhoneShown(), "address": l.Address,
		"addressCity": l.AddressCity, "addressState": l.AddressState, "addressCountry": l.AddressCountry,
		"addressZip": l.AddressZip, "nameFirst": l.FirstName, "nameLast": l.LastName, "position": l.Position,
	}
}

// auditSkip are lead fields an audit entry does not list (they change with
// every write or are derived).
var auditSkip = map[string]bool{"updated_at": true, "created_at": true, "id": true}

// LeadChanges lists the fields that differ between two versions of a lead,
// as their values before and after.
func LeadChanges(before, after Lead) (map[string]any, map[string]any) {
	b, a := toMap(before), toMap(after)
	bo, ao := map[string]any{}, map[string]any{}
	for k, av := range a {
		if auditSkip[k] {
			continue
		}
		if bv := b[k]; !reflect.DeepEqual(bv, av) {
			bo[k], ao[k] = bv, av
		}
	}
	return bo, ao
}

// LeadFields returns every audited field of a lead (for a create or delete entry).
func LeadFields(l Lead) map[string]any {
	m := toMap(l)
	for k := range auditSkip {
		delete(m, k)
	}
	return m
}

func toMapString(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

func toMap(v any) map[string]any {
	raw, _ := json.Marshal(v)
	m := map[string]any{}
	_ = json.Unmarshal(raw, &m)
	return m
}

// AuditEntry is one change of a lead, its activities or notes.
type AuditEntry struct {
	ID     int64          `json:"id"`
	LeadID int64          `json:"lead_id"`
	Entity string         `json:"entity"`
	Action string         `json:"action"`
	UserID string         `json:"user_id"`
	At     time.Time      `json:"at"`
	Before map[string]any `json:"before"`
	After  map[string]any `json:"after"`
}
