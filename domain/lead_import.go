package domain

import (
	"sort"
	"strings"
)

// MaxImportRows bounds the rows of one lead import.
const MaxImportRows = 10000

// ImportFields are the CSV columns a lead import understands (the lead's
// writable fields).
var ImportFields = []string{"first_name", "last_name", "company", "position", "email", "phone", "phone_country",
	"market_segment", "sales_concept", "source", "source_type", "consent_to_contact", "matched_contact_id",
	"address", "address_city", "address_state", "address_country", "address_zip", "time_zone"}

// ImportFieldKnown reports whether a CSV column is understood.
func ImportFieldKnown(name string) bool {
	for _, f := range ImportFields {
		if f == name {
			return true
		}
	}
	return false
}

// CheckImportFileName checks the name an uploaded file is kept under.
func CheckImportFileName(name string) error {
	var v Validator
	v.MaxLen("file_name", name, MaxFileName)
	return v.Err()
}

// ImportRow is one staged row of a lead import.
type ImportRow struct {
	RowNo int               `json:"row"`
	Data  map[string]string `json:"data"`
	Skip  bool              `json:"skip"`
	// Duplicate is set when the row matches an existing lead (Matches): it
	// is skipped on completion unless ImportDuplicate is set.
	Duplicate       bool          `json:"duplicate"`
	ImportDuplicate bool          `json:"import_duplicate"`
	Status          string        `json:"status"`
	LeadID          *int64        `json:"lead_id,omitempty"`
	Message         string        `json:"message,omitempty"`
	Errors          []FieldError  `json:"errors"`
	Matches         []ImportMatch `json:"matches"`
}

// ImportMatch is an existing lead a staged row may duplicate.
type ImportMatch struct {
	LeadID int64    `json:"lead_id"`
	By     []string `json:"by"`
}

// LeadImport is an uploaded CSV staged for review.
type LeadImport struct {
	ID        string `json:"id"`
	FileName  string `json:"file_name"`
	Status    string `json:"status"`
	BatchID   string `json:"batch_id,omitempty"`
	CreatedBy string `json:"created_by"`
	Rows      int    `json:"rows"`
	Invalid   int    `json:"invalid"`
	Skipped   int    `json:"skipped"`
	Imported  int    `json:"imported"`
	Failed    int    `json:"failed"`
	// Duplicates counts the staged rows, not skipped, that match an existing lead.
	Duplicates int `json:"duplicates"`
}

// Lead import statuses: staged for review, importing while its batch
// process runs, then completed or failed with it.
const (
	ImportStaged    = "staged"
	ImportImporting = "importing"
	ImportCompleted = "completed"
	ImportFailed    = "failed"
)

// ImportInput turns a staged row into a normalized lead input, or the
// row's field errors.
func ImportInput(data map[string]string, b2b bool) (LeadInput, error) {
	in := LeadInput{FirstName: data["first_name"], LastName: data["last_name"], Company: data["company"],
		Position: data["position"], Email: data["email"], Phone: data["phone"], PhoneCountry: data["phone_country"],
		MarketSegment: data["market_segment"], SalesConcept: data["sales_concept"], Source: data["source"],
		SourceType: data["source_type"], MatchedContactID: data["matched_contact_id"], Address: data["address"],
		AddressCity: data["address_city"], AddressState: data["address_state"], AddressCountry: data["address_country"],
		AddressZip: data["address_zip"], TimeZone: data["time_zone"]}
	var consentErr *FieldError
	switch strings.ToLower(strings.TrimSpace(data["consent_to_contact"])) {
	case "true", "yes", "y", "1":
		t := true
		in.ConsentToContact = &t
	case "false", "no", "n", "0":
		f := false
		in.ConsentToContact = &f
	case "":
	default:
		consentErr = &FieldError{Field: "consent_to_contact", Message: "must be yes or no"}
	}
	out, err := in.Normalize(b2b)
	if consentErr == nil {
		return out, err
	}
	var fields []FieldError
	if ve, ok := err.(*ValidationError); ok {
		for _, f := range ve.Fields {
			if f.Field != "consent_to_contact" {
				fields = append(fields, f)
			}
		}
	}
	fields = append(fields, *consentErr)
	sort.SliceStable(fields, func(i, j int) bool { return fields[i].Field < fields[j].Field })
	return out, &ValidationError{Fields: fields}
}

// ImportMatchPhone is the form of a row's phone that matches a stored lead phone.
func ImportMatchPhone(data map[string]string) string {
	p, _, err := NormalizePhone(data["phone"], data["phone_country"])
	if err != nil {
		return strings.TrimSpace(data["phone"])
	}
	return p
}
