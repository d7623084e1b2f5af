package web

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// leadField is one field of the Add and Edit dialogs.
type leadField struct {
	Name, Label string
	// Kind is text, email, tel, country (the phone's), contact or a
	// datalist's id (suggestions: market segment, sales concept, source type).
	Kind     string
	Required bool
}

// leadFields are the dialogs' fields, in order (seed 001's New Lead dialog).
var leadFields = []leadField{
	{"first_name", "First name", "text", true}, {"last_name", "Last name", "text", true},
	{"company", "Company", "text", false}, {"position", "Position", "text", false},
	{"email", "Email", "email", false}, {"phone_country", "Country", "country", false}, {"phone", "Phone", "tel", false},
	{"market_segment", "Market Segment", "segments", false}, {"sales_concept", "Sales Concept", "concepts", true},
	{"source", "Source", "text", false}, {"source_type", "Source Type", "sourcetypes", true},
	{"matched_contact_id", "Matched Contact", "contact", false},
	{"address", "Address", "text", false}, {"address_city", "City", "text", false},
	{"address_state", "State", "text", false}, {"address_country", "Country of address", "text", false},
	{"address_zip", "Zip", "text", false},
}

// leadSuggestions are the examples of the seed, offered as suggestions (the
// fields take any text).
var leadSuggestions = map[string][]string{
	"segments":    {"Starting Out", "Pre-Retirement", "Retirement"},
	"concepts":    {"General Interest", "Retirement Income", "Mortgage Needs"},
	"sourcetypes": {"Conference", "Event Marketing", "Vendor List", "Web", "Referral"},
}

// leadForm is the Add or Edit dialog.
type leadForm struct {
	dialogForm
	Action string
	// Consent is the Consent to Contact checkbox.
	Consent bool
	// B2B makes the company required.
	B2B bool
	// Statuses are the statuses an edit may choose (none on Add), as
	// (value, label) pairs.
	Statuses [][2]string
}

// readLeadForm reads the dialog's fields from a posted form.
func readLeadForm(c *gin.Context) leadForm {
	f := leadForm{dialogForm: newDialog(true, nil), Consent: c.PostForm("consent_to_contact") != ""}
	for _, fd := range leadFields {
		f.Values[fd.Name] = strings.TrimSpace(c.PostForm(fd.Name))
	}
	f.Values["status"] = c.PostForm("status")
	return f
}

// input is the form as a new lead.
func (f leadForm) input() domain.LeadInput {
	v := f.Values
	consent := f.Consent
	return domain.LeadInput{FirstName: v["first_name"], LastName: v["last_name"], Company: v["company"], Position: v["position"],
		Email: v["email"], Phone: v["phone"], PhoneCountry: v["phone_country"], MarketSegment: v["market_segment"],
		SalesConcept: v["sales_concept"], Source: v["source"], SourceType: v["source_type"], ConsentToContact: &consent,
		MatchedContactID: v["matched_contact_id"], Address: v["address"], AddressCity: v["address_city"],
		AddressState: v["address_state"], AddressCountry: v["address_country"], AddressZip: v["address_zip"]}
}

// patch is the form as an edit: every field of the dialog, and the status.
func (f leadForm) patch() domain.LeadPatch {
	in := f.input()
	p := domain.LeadPatch{FirstName: &in.FirstName, LastName: &in.LastName, Company: &in.Company, Position: &in.Position,
		Email: &in.Email, Phone: &in.Phone, PhoneCountry: &in.PhoneCountry, MarketSegment: &in.MarketSegment,
		SalesConcept: &in.SalesConcept, Source: &in.Source, SourceType: &in.SourceType, ConsentToContact: in.ConsentToContact,
		MatchedContactID: &in.MatchedContactID, Address: &in.Address, AddressCity: &in.AddressCity,
		AddressState: &in.AddressState, AddressCountry: &in.AddressCountry, AddressZip: &in.AddressZip}
	if st := domain.LeadStatus(f.Values["status"]); st != "" {
		p.Status = &st
	}
	return p
}

// formOf is the Edit dialog of a lead, filled with its values.
func formOf(l domain.Lead) leadForm {
	in := domain.InputOf(l)
	f := leadForm{Consent: l.ConsentToContact, dialogForm: newDialog(false, map[string]string{"first_name": in.FirstName, "last_name": in.LastName, "company": in.Company,
		"position": in.Position, "email": in.Email, "phone": l.PhoneShown(),
		"phone_country": in.PhoneCountry, "market_segment": in.MarketSegment, "sales_concept": in.SalesConcept,
		"source": in.Source, "source_type": in.SourceType, "matched_contact_id": in.MatchedContactID,
		"address": in.Address, "address_city": in.AddressCity, "address_state": in.AddressState,
		"address_country": in.AddressCountry, "address_zip": in.AddressZip, "status": string(l.Status)})}
	return f
}

// leadFormView is a dialog with the choices its fields offer.
type leadFormView struct {
	leadForm
	Fields      []leadField
	Countries   [][2]string
	Contacts    [][2]string
	Suggestions map[string][]string
}

var (
	countriesOnce sync.Once
	countries     [][2]string
)

// phoneCountries are the Country field's choices: Unspecified (the number
// is kept as typed), then every country by its English name.
func phoneCountries() [][2]string {
	countriesOnce.Do(func() {
		names := display.English.Regions()
		for _, pc := range domain.PhoneCountries() {
			name := pc.Code
			if r, err := language.ParseRegion(pc.Code); err == nil {
				if n := names.Name(r); n != "" {
					name = n
				}
			}
			countries = append(countries, [2]string{pc.Code, fmt.Sprintf("%s (+%d)", name, pc.CallingCode)})
		}
		sort.Slice(countries, func(i, j int) bool { return countries[i][1] < countries[j][1] })
		countries = append([][2]string{{domain.PhoneUnspecified, "Unspecified"}}, countries...)
	})
	return countries
}

// leadDialog makes the dialog's view with its choices.
func (p *Pages) leadDialog(c *gin.Context, f leadForm) (leadFormView, error) {
	b2b, err := p.st.LeadSettings(c)
	if err != nil {
		return leadFormView{}, err
	}
	f.B2B = b2b
	contacts, err := p.st.ContactChoices(c, 200)
	if err != nil {
		return leadFormView{}, err
	}
	v := leadFormView{leadForm: f, Fields: leadFields, Countries: phoneCountries(), Suggestions: leadSuggestions,
		Contacts: [][2]string{{"", "None"}}}
	current := f.Values["matched_contact_id"]
	for _, ct := range contacts {
		v.Contacts = append(v.Contacts, [2]string{ct.ID, ct.Name})
		if ct.ID == current {
			current = ""
		}
	}
	if current != "" { // a contact past the first ones is kept as it is
		v.Contacts = append(v.Contacts, [2]string{current, current})
	}
	return v, nil
}

// Required reports whether a field must be filled (the company in B2B mode).
func (v leadFormView) Required(fd leadField) bool {
	return fd.Required || (fd.Name == "company" && v.B2B)
}
