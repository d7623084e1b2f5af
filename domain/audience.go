package domain

import (
	"fmt"
	"strings"
	"time"
)

// Audience types (seed 003).
const (
	AudienceNone      = ""
	AudienceLeads     = "Leads"
	AudienceCustomers = "Customers"
)

// Customer statuses and the audience's status filter.
const (
	CustomerActive   = "Active"
	CustomerInactive = "Inactive"
	CustomerAll      = "All"
	// SendToAll is the one Send To option: everybody the filters select.
	SendToAll = "All"
)

// LeadFilters select leads by segment; an empty filter matches every value.
type LeadFilters struct {
	MarketSegment string `json:"market_segment"`
	SalesConcept  string `json:"sales_concept"`
	SourceType    string `json:"source_type"`
}

// Audience is who a campaign version targets and its schedule enrolls.
type Audience struct {
	// Type is Leads, Customers or "" (no audience: participants are added by hand).
	Type string `json:"type"`
	// CustomerGroupID is the customer group; blank means every customer.
	CustomerGroupID string `json:"customer_group_id"`
	// SendTo is All: everybody the group and status select.
	SendTo string `json:"send_to"`
	// CustomerStatus is Active, Inactive or All.
	CustomerStatus string      `json:"customer_status"`
	LeadFilters    LeadFilters `json:"lead_filters"`
	// SendWindow, when set, is when the audience's emails may reach each
	// contact (its own clock); else the campaign's window applies.
	SendWindow *SendWindow `json:"send_window"`
}

func canonical(s string, options ...string) string {
	for _, o := range options {
		if strings.EqualFold(strings.TrimSpace(s), o) {
			return o
		}
	}
	return strings.TrimSpace(s)
}

// Normalize trims the audience, spells its options canonically and fills defaults.
func (a *Audience) Normalize() {
	a.Type = canonical(a.Type, AudienceLeads, AudienceCustomers)
	a.CustomerGroupID = strings.TrimSpace(a.CustomerGroupID)
	a.SendTo = canonical(a.SendTo, SendToAll)
	if a.SendTo == "" {
		a.SendTo = SendToAll
	}
	a.CustomerStatus = canonical(a.CustomerStatus, CustomerActive, CustomerInactive, CustomerAll)
	if a.CustomerStatus == "" {
		a.CustomerStatus = CustomerAll
	}
	a.LeadFilters.MarketSegment = strings.TrimSpace(a.LeadFilters.MarketSegment)
	a.LeadFilters.SalesConcept = strings.TrimSpace(a.LeadFilters.SalesConcept)
	a.LeadFilters.SourceType = strings.TrimSpace(a.LeadFilters.SourceType)
	a.SendWindow.Normalize()
}

// Validate checks the audience's own fields (whether the group exists is
// the store's to check).
func (a Audience) Validate() error {
	var v Validator
	v.Check(a.Type == AudienceNone || a.Type == AudienceLeads || a.Type == AudienceCustomers, "type", "must be Leads or Customers")
	v.Check(a.SendTo == SendToAll, "send_to", "must be All")
	v.Check(a.CustomerStatus == CustomerActive || a.CustomerStatus == CustomerInactive || a.CustomerStatus == CustomerAll,
		"customer_status", "must be Active, Inactive or All")
	v.Check(a.CustomerGroupID == "" || IsUUID(a.CustomerGroupID), "customer_group_id", "must be a customer group id")
	if a.Type != AudienceCustomers {
		v.Check(a.CustomerGroupID == "", "customer_group_id", "applies to a Customers audience only")
	}
	if a.Type != AudienceLeads {
		v.Check(a.LeadFilters == LeadFilters{}, "lead_filters", "apply to a Leads audience only")
	}
	for name, f := range map[string]string{"market_segment": a.LeadFilters.MarketSegment,
		"sales_concept": a.LeadFilters.SalesConcept, "source_type": a.LeadFilters.SourceType} {
		v.MaxLen("lead_filters."+name, f, MaxName)
	}
	a.SendWindow.Check(&v, "send_window")
	return v.Err()
}

// CustomerGroup is a named group of customers.
type CustomerGroup struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Members     int       `json:"members"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// CustomerGroupInput creates or replaces a customer group.
type CustomerGroupInput struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Normalize trims the input.
func (in *CustomerGroupInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
}

// Validate checks the input.
func (in CustomerGroupInput) Validate() error {
	var v Validator
	v.Check(in.Name != "", "name", "is required")
	v.MaxLen("name", in.Name, MaxName)
	v.MaxLen("description", in.Description, MaxDescription)
	return v.Err()
}

// MaxCustomerGroups bounds the groups one customer belongs to.
const MaxCustomerGroups = 1000

// Customer is a contact's customer record: a status (Active or Inactive;
// "" when the contact is not a customer) and the groups it belongs to.
type Customer struct {
	ContactID string   `json:"contact_id"`
	Status    string   `json:"status"`
	GroupIDs  []string `json:"group_ids"`
}

// Normalize spells the status canonically.
func (c *Customer) Normalize() {
	c.Status = canonical(c.Status, CustomerActive, CustomerInactive)
	if c.GroupIDs == nil {
		c.GroupIDs = []string{}
	}
}

// Validate checks a customer record.
func (c Customer) Validate() error {
	var v Validator
	v.Check(c.Status == "" || c.Status == CustomerActive || c.Status == CustomerInactive, "status", "must be Active, Inactive or null (not a customer)")
	v.Check(c.Status != "" || len(c.GroupIDs) == 0, "group_ids", "only a customer (status Active or Inactive) belongs to groups")
	v.MaxItems("group_ids", len(c.GroupIDs), MaxCustomerGroups)
	for i, g := range c.GroupIDs {
		v.Check(IsUUID(g), fmt.Sprintf("group_ids[%d]", i), "is not a customer group id")
	}
	return v.Err()
}

// Eligibility says whether a campaign's audience is processed now, and if
// not, every reason why.
type Eligibility struct {
	Eligible bool     `json:"eligible"`
	Reasons  []string `json:"reasons"`
}

// AudienceEligibility applies the rule of seed 003: a campaign's audience is
// processed only when its current version is Published, start date <= now <
// end date (a missing date leaves that side open), and its schedule runs.
// It must also have an audience and be in progress (started).
func AudienceEligibility(c Campaign, v CampaignVersion, scheduleRunning bool, now time.Time) Eligibility {
	var reasons []string
	if v.Status != VersionPublished {
		reasons = append(reasons, fmt.Sprintf("the current version (%d) is %s, not Published", v.Version, v.Status))
	}
	if v.Audience.Type == AudienceNone {
		reasons = append(reasons, "the current version has no audience")
	}
	if c.ManagerID == "" {
		reasons = append(reasons, "the campaign has no manager to own its participants")
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if c.StartDate != nil && c.StartDate.After(today) {
		reasons = append(reasons, "the start date "+c.StartDate.Format(time.DateOnly)+" is in the future")
	}
	if c.EndDate != nil && !c.EndDate.After(today) {
		reasons = append(reasons, "the end date "+c.EndDate.Format(time.DateOnly)+" has passed")
	}
	if c.Stage != StageInProgress {
		reasons = append(reasons, "the campaign is "+strings.ReplaceAll(string(c.Stage), "_", " ")+", not in progress")
	}
	if !scheduleRunning {
		reasons = append(reasons, "its audience schedule is not running")
	}
	if reasons == nil {
		reasons = []string{}
	}
	return Eligibility{Eligible: len(reasons) == 0, Reasons: reasons}
}

// CampaignSettings are a campaign's operational settings, outside its
// versioned definition: the test recipients of test mode, the audience
// schedule's interval and pause, who its emails come from, when they may
// reach a contact (its send window, on the contact's clock) and what
// becomes of one past the frequency cap.
type CampaignSettings struct {
	TestRecipients          []string    `json:"test_recipients"`
	AudienceIntervalSeconds int         `json:"audience_interval_seconds"`
	AudiencePaused          bool        `json:"audience_paused"`
	Sender                  Sender      `json:"sender"`
	SendWindow              *SendWindow `json:"send_window"`
	// OverCap is "defer" (the default) or "skip".
	OverCap string `json:"over_cap"`
}

// Audience schedule interval bounds.
const (
	MinAudienceInterval = 10
	MaxAudienceInterval = 7 * 24 * 3600
)

// Normalize trims the recipients.
func (s *CampaignSettings) Normalize() {
	out := make([]string, 0, len(s.TestRecipients))
	for _, r := range s.TestRecipients {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	s.TestRecipients = out
	s.Sender.Normalize()
	s.SendWindow.Normalize()
	s.OverCap = NormalizeOverCap(s.OverCap)
}

// Validate checks the settings.
func (s CampaignSettings) Validate() error {
	var v Validator
	v.Check(len(s.TestRecipients) <= 20, "test_recipients", "at most 20 test recipients")
	for i, r := range s.TestRecipients {
		v.EmailAddress(fmt.Sprintf("test_recipients[%d]", i), r)
	}
	v.Check(s.AudienceIntervalSeconds >= MinAudienceInterval && s.AudienceIntervalSeconds <= MaxAudienceInterval,
		"audience_interval_seconds", "must be from %d to %d", MinAudienceInterval, MaxAudienceInterval)
	s.Sender.Check(&v)
	s.SendWindow.Check(&v, "send_window")
	CheckOverCap(&v, s.OverCap)
	return v.Err()
}

// AudienceScheduleID is the id of a campaign's audience Temporal Schedule.
func AudienceScheduleID(campaignID string) string { return "audience/" + campaignID }

// AudienceSweepWorkflowID is the id the schedule gives each sweep (Temporal
// appends the scheduled time).
func AudienceSweepWorkflowID(campaignID string) string { return "audience/" + campaignID + "/sweep" }

// AudienceSyncWorkflowID is the workflow that keeps a campaign's audience
// schedule in line with the campaign.
func AudienceSyncWorkflowID(campaignID string) string { return "audience/" + campaignID + "/sync" }

// AudienceScheduleRunning says whether a campaign's audience schedule should
// run: its current version is Published with an audience, the campaign is in
// progress, and no operator paused it. Otherwise the schedule is paused.
func AudienceScheduleRunning(c Campaign, v CampaignVersion, s CampaignSettings) bool {
	return c.Stage == StageInProgress && v.Status == VersionPublished && v.Audience.Type != AudienceNone && !s.AudiencePaused
}

// ScheduleWant is what a campaign's audience schedule should be.
type ScheduleWant struct {
	CampaignID string
	// Running says whether it should run now (AudienceScheduleRunning).
	Running bool
	Every   time.Duration
	// Note describes the campaign for an operator in Temporal Web.
	Note string
}

// ScheduleState is a campaign's audience schedule as it is.
type ScheduleState struct {
	ID              string     `json:"id"`
	Exists          bool       `json:"exists"`
	Running         bool       `json:"running"`
	IntervalSeconds int        `json:"interval_seconds"`
	Runs            int        `json:"runs"`
	NextRun         *time.Time `json:"next_run,omitempty"`
}

// AudienceScheduleFor is the schedule a campaign should have.
func AudienceScheduleFor(c Campaign, v CampaignVersion, s CampaignSettings) ScheduleWant {
	return ScheduleWant{CampaignID: c.ID, Running: AudienceScheduleRunning(c, v, s),
		Every: time.Duration(s.AudienceIntervalSeconds) * time.Second, Note: c.Name}
}
