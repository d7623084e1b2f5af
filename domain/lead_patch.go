package domain

// LeadPatch is an edit of a lead: the fields it names (nil leaves a field
// as it is) and optionally a new status (New -> Qualifying, or Archived).
// The JSON API binds a partial body into it; the Edit form sets every field.
type LeadPatch struct {
	FirstName        *string     `json:"first_name"`
	LastName         *string     `json:"last_name"`
	Company          *string     `json:"company"`
	Position         *string     `json:"position"`
	Email            *string     `json:"email"`
	Phone            *string     `json:"phone"`
	PhoneCountry     *string     `json:"phone_country"`
	MarketSegment    *string     `json:"market_segment"`
	SalesConcept     *string     `json:"sales_concept"`
	Source           *string     `json:"source"`
	SourceType       *string     `json:"source_type"`
	ConsentToContact *bool       `json:"consent_to_contact"`
	TimeZone         *string     `json:"time_zone"`
	MatchedContactID *string     `json:"matched_contact_id"`
	Address          *string     `json:"address"`
	AddressCity      *string     `json:"address_city"`
	AddressState     *string     `json:"address_state"`
	AddressCountry   *string     `json:"address_country"`
	AddressZip       *string     `json:"address_zip"`
	CampaignID       *string     `json:"campaign_id"`
	Status           *LeadStatus `json:"status"`
}

// ApplyTo edits a lead (its current state, locked by the caller): only a
// New or Qualifying lead can be edited, the campaign it came from never
// changes, the fields are normalized as on creation (b2b: the company is
// required) and a status change must be one an edit may make. On error the
// lead may be half-changed: the caller writes nothing then.
func (p LeadPatch) ApplyTo(l *Lead, b2b bool) error {
	if err := CheckLeadEditable(*l, "edited"); err != nil {
		return err
	}
	in := InputOf(*l)
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&in.FirstName, p.FirstName)
	set(&in.LastName, p.LastName)
	set(&in.Company, p.Company)
	set(&in.Position, p.Position)
	set(&in.Email, p.Email)
	set(&in.Phone, p.Phone)
	set(&in.PhoneCountry, p.PhoneCountry)
	set(&in.MarketSegment, p.MarketSegment)
	set(&in.SalesConcept, p.SalesConcept)
	set(&in.Source, p.Source)
	set(&in.SourceType, p.SourceType)
	set(&in.TimeZone, p.TimeZone)
	set(&in.MatchedContactID, p.MatchedContactID)
	set(&in.Address, p.Address)
	set(&in.AddressCity, p.AddressCity)
	set(&in.AddressState, p.AddressState)
	set(&in.AddressCountry, p.AddressCountry)
	set(&in.AddressZip, p.AddressZip)
	if p.ConsentToContact != nil {
		in.ConsentToContact = p.ConsentToContact
	}
	if p.CampaignID != nil && *p.CampaignID != l.CampaignID {
		return &ValidationError{Fields: []FieldError{{Field: "campaign_id",
			Message: "is the campaign the lead came from: it is set when the lead is created"}}}
	}
	in, err := in.Normalize(b2b)
	if err != nil {
		return err
	}
	if p.Status != nil {
		if err := CheckLeadStatus(l.Status, *p.Status); err != nil {
			return err
		}
		l.Status = *p.Status
	}
	in.Apply(l)
	return nil
}
