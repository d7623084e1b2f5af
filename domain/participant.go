package domain

import "time"

// Participant is a contact taking part in a campaign.
type Participant struct {
	ID          string    `json:"id"`
	CampaignID  string    `json:"campaign_id"`
	ContactID   string    `json:"contact_id"`
	OwnerID     string    `json:"owner_id,omitempty"`
	Status      string    `json:"status"`
	Transitions int       `json:"transitions"`
	StatusSince time.Time `json:"status_since"`
	FirstName   string    `json:"first_name"`
	LastName    string    `json:"last_name"`
	Email       string    `json:"email"`
	CreatedAt   time.Time `json:"created_at"`

	// Version is the campaign version whose definition the participant runs.
	Version int `json:"version"`
	// Test marks a participant of a test run: left out of every chart and report.
	Test bool `json:"test"`
	// UnsubscribedAt is when the contact unsubscribed through a link of
	// this campaign: its emails are suppressed from then on.
	UnsubscribedAt *time.Time `json:"unsubscribed_at,omitempty"`
}

// Contact is a person known to the CRM.
type Contact struct {
	ID        string    `json:"id"`
	FirstName string    `json:"first_name"`
	LastName  string    `json:"last_name"`
	Email     string    `json:"email"`
	Phone     string    `json:"phone"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// MergeValues are the merge tokens a participant's email or document can use.
func MergeValues(c Contact, campaignName string) map[string]string {
	return map[string]string{
		"nameFirst":     c.FirstName,
		"nameLast":      c.LastName,
		"emailAddress":  c.Email,
		"phoneBusiness": c.Phone,
		"campaignName":  campaignName,
	}
}

// User is a person who signs in to Drumbeat.
type User struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Email      string   `json:"email"`
	Privileges []string `json:"privileges"`
	// Active is false for a deactivated user, whose tokens no longer work.
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// Has reports whether the user holds a privilege (or is an administrator).
func (u User) Has(privilege string) bool {
	for _, p := range u.Privileges {
		if p == privilege || p == PrivAdmin {
			return true
		}
	}
	return false
}

// Privileges.
const (
	// PrivAdmin grants everything.
	PrivAdmin = "admin"
	// PrivCampaigns allows working with campaigns.
	PrivCampaigns = "campaigns"
	// PrivLeads is the privilege of the Integrated Lead Management workspace.
	PrivLeads = "ilm:EnableIntegratedLeadManagement"
	// PrivMarketing allows starting drip campaigns.
	PrivMarketing = "marketing"
)
