package domain

import (
	"fmt"
	"strings"
)

// ContactProfile is a contact with the fields drip triggers look at.
type ContactProfile struct {
	Contact
	PartnerType string   `json:"partner_type"`
	Tags        []string `json:"tags"`
	// ConsentToContact false keeps every marketing email from the contact
	// (checked when each is sent); an unsubscribe sets it false.
	ConsentToContact bool `json:"consent_to_contact"`
	// TimeZone is the contact's IANA time zone, whose clock send windows
	// follow ("": the deployment's DEFAULT_TIME_ZONE).
	TimeZone string `json:"time_zone"`
}

// ContactInput creates a contact, or changes one (a PATCH sets only the
// fields it names: nil pointers are left as they are).
type ContactInput struct {
	FirstName   *string   `json:"first_name"`
	LastName    *string   `json:"last_name"`
	Email       *string   `json:"email"`
	Phone       *string   `json:"phone"`
	Status      *string   `json:"status"`
	PartnerType *string   `json:"partner_type"`
	Tags        *[]string `json:"tags"`
	// ConsentToContact defaults to true for a new contact.
	ConsentToContact *bool `json:"consent_to_contact"`
	// TimeZone is an IANA zone such as Europe/Paris ("": the default).
	TimeZone *string `json:"time_zone"`
}

// Apply writes the fields the input names onto c, trimmed.
func (in ContactInput) Apply(c *ContactProfile) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&c.FirstName, in.FirstName)
	set(&c.LastName, in.LastName)
	set(&c.Email, in.Email)
	set(&c.Phone, in.Phone)
	set(&c.Status, in.Status)
	set(&c.PartnerType, in.PartnerType)
	set(&c.TimeZone, in.TimeZone)
	if in.ConsentToContact != nil {
		c.ConsentToContact = *in.ConsentToContact
	}
	if in.Tags != nil {
		seen := map[string]bool{}
		tags := []string{}
		for _, t := range *in.Tags {
			t = strings.TrimSpace(t)
			if t != "" && !seen[strings.ToLower(t)] {
				seen[strings.ToLower(t)] = true
				tags = append(tags, t)
			}
		}
		c.Tags = tags
	}
	if c.Status == "" {
		c.Status = "Other"
	}
	if c.Tags == nil {
		c.Tags = []string{}
	}
}

// ValidateContact checks a contact as it would be stored.
func ValidateContact(c ContactProfile) error {
	var v Validator
	v.Check(c.FirstName != "" || c.LastName != "", "last_name", "a contact needs a first or last name")
	v.MaxLen("first_name", c.FirstName, MaxName)
	v.MaxLen("last_name", c.LastName, MaxName)
	if c.Email != "" {
		v.EmailAddress("email", c.Email)
	}
	v.MaxLen("phone", c.Phone, MaxPhone)
	v.MaxLen("status", c.Status, MaxLabel)
	v.MaxLen("partner_type", c.PartnerType, MaxLabel)
	v.TimeZoneField("time_zone", c.TimeZone)
	v.Check(len(c.Tags) <= 50, "tags", "at most 50 tags")
	for i, t := range c.Tags {
		v.MaxLen(fmt.Sprintf("tags[%d]", i), t, MaxLabel)
	}
	return v.Err()
}
