package domain

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseIntIsStrict(t *testing.T) {
	tests := []struct {
		in       string
		min, max int64
		want     int64
		ok       bool
	}{
		{"1", 1, math.MaxInt64, 1, true},
		{"42", 1, 100, 42, true},
		{"0", 0, 10, 0, true},
		{"-5", -10, 10, -5, true},
		{"9223372036854775807", 1, math.MaxInt64, math.MaxInt64, true},
		{"+1", 1, math.MaxInt64, 0, false},
		{"01", 1, math.MaxInt64, 0, false},
		{"00", 0, 10, 0, false},
		{"-0", -10, 10, 0, false},
		{"-5", 0, 10, 0, false},
		{" 1", 1, 10, 0, false},
		{"1 ", 1, 10, 0, false},
		{"1e3", 1, 10000, 0, false},
		{"0x10", 1, 100, 0, false},
		{"", 0, 10, 0, false},
		{"-", -10, 10, 0, false},
		{"2147483648", 1, math.MaxInt32, 0, false},
		{"9223372036854775808", 1, math.MaxInt64, 0, false},
		{"99999999999999999999", 1, math.MaxInt64, 0, false},
		{"-99999999999", math.MinInt32, math.MaxInt32, 0, false},
		{"١", 0, 10, 0, false}, // a digit of another script
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			n, ok := ParseInt(tc.in, tc.min, tc.max)
			assert.Equal(t, tc.ok, ok)
			if tc.ok {
				assert.Equal(t, tc.want, n)
			}
		})
	}
}

func TestIsUUIDAcceptsOnlyTheCanonicalForm(t *testing.T) {
	for in, want := range map[string]bool{
		"0f8fad5b-d9cb-469f-a165-70867728950e":   true,
		"0F8FAD5B-D9CB-469F-A165-70867728950E":   false, // PostgreSQL would read it, as another workflow id
		"{0f8fad5b-d9cb-469f-a165-70867728950e}": false,
		"0f8fad5bd9cb469fa16570867728950e":       false,
		"0f8fad5b-d9cb-469f-a165-70867728950e ":  false,
		"":                                       false,
	} {
		assert.Equal(t, want, IsUUID(in), "%q", in)
	}
}

func TestEmailAddressIsOneDeliverableAddress(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"ann@example.test", true},
		{"ann.lee+news@mail.example.test", true},
		{"a,evil@x.test", false},
		{"ann@x.test,evil@x.test", false},
		{"ann@x.test;evil@x.test", false},
		{"Ann <ann@x.test>", false},
		{"<ann@x.test>", false},
		{`"a,evil"@x.test`, false},
		{"ann@x.test\r\nBcc: evil@x.test", false},
		{"ann@x.test\n", false},
		{"ann\r@x.test", false},
		{"ann@x.test\x00", false},
		{"ann lee@x.test", false},
		{"ann@x.test (Ann)", false},
		{"ann", false},
		{"@x.test", false},
		{"ann@", false},
		{strings.Repeat("a", 250) + "@x.test", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.ok, ValidEmailAddress(tc.in))
		})
	}
}

func TestCSVCellDefusesFormulasAndRoundTrips(t *testing.T) {
	tests := []struct{ value, cell string }{
		{"Ann", "Ann"},
		{"", ""},
		{"=1+1", "'=1+1"},
		{"+1 555 0100", "'+1 555 0100"},
		{"-5", "-5"},
		{"+14169792010", "+14169792010"},
		{"+2.50", "+2.50"},
		{"-1+1", "'-1+1"},
		{"+1.", "'+1."},
		{"+", "'+"},
		{"-.5", "'-.5"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\tTab", "'\tTab"},
		{"\rReturn", "'\rReturn"},
		{"'=already quoted", "''=already quoted"},
		{"''=twice", "'''=twice"},
		{"'plain apostrophe", "'plain apostrophe"},
		{"O'Brien", "O'Brien"},
		{"a=b", "a=b"},
	}
	for _, tc := range tests {
		t.Run(tc.value, func(t *testing.T) {
			assert.Equal(t, tc.cell, CSVCell(tc.value))
			assert.Equal(t, tc.value, CSVValue(CSVCell(tc.value)), "an exported cell imports as it was")
		})
	}
	// A cell typed by hand with the apostrophe a spreadsheet shows reads as its text.
	assert.Equal(t, "=1+1", CSVValue("'=1+1"))
	assert.Equal(t, "'plain", CSVValue("'plain"))
}

func TestTextRefusesWhatNoColumnStores(t *testing.T) {
	assert.Empty(t, TextProblem("Grüße, 東京"))
	assert.Contains(t, TextProblem("a\x00b"), "NUL")
	assert.Contains(t, TextProblem("caf\xe9"), "UTF-8")
}

func TestMaxLenCountsCharacters(t *testing.T) {
	var v Validator
	v.MaxLen("name", strings.Repeat("é", MaxName), MaxName) // 400 bytes, 200 characters
	require.NoError(t, v.Err())
	v.MaxLen("name", strings.Repeat("é", MaxName+1), MaxName)
	assert.EqualError(t, v.Err(), "invalid input: name: must be at most 200 characters")
}

// TestEveryTextFieldHasALimit: each record's validation refuses a value one
// character over its limit, naming the field and the limit.
func TestEveryTextFieldHasALimit(t *testing.T) {
	over := func(n int) string { return strings.Repeat("x", n+1) }
	uid := "0f8fad5b-d9cb-469f-a165-70867728950e"
	b2b := false
	consent := true
	lead := func(set func(*LeadInput)) error {
		in := LeadInput{FirstName: "A", LastName: "B", SalesConcept: "C", SourceType: "D", Email: "a@x.test", ConsentToContact: &consent}
		set(&in)
		_, err := in.Normalize(b2b)
		return err
	}
	status := func(a Action) error {
		return WorkflowDef{Statuses: []ParticipantStatus{{Name: StatusTargeted, Next: []string{StatusContacted}},
			{Name: StatusContacted, Actions: []Action{a}}}}.Validate()
	}
	tests := []struct {
		name  string
		err   error
		field string
		limit int
	}{
		{"campaign name", CampaignInput{Name: over(MaxName), Priority: "A", Security: "public"}.Validate(), "name", MaxName},
		{"campaign description", CampaignInput{Name: "C", Priority: "A", Security: "public", Description: over(MaxDescription)}.Validate(), "description", MaxDescription},
		{"campaign allocation role", CampaignInput{Name: "C", Priority: "A", Security: "public", AllocationModel: AllocationCampaignUser,
			AllocationRole: over(MaxName)}.Validate(), "allocation_role", MaxName},
		{"coverage role", CoverageInput{UserID: uid, Role: over(MaxName)}.Validate(), "role", MaxName},
		{"contact status", ValidateContact(ContactProfile{Contact: Contact{LastName: "L", Status: over(MaxLabel)}}), "status", MaxLabel},
		{"contact phone", ValidateContact(ContactProfile{Contact: Contact{LastName: "L", Phone: over(MaxPhone)}}), "phone", MaxPhone},
		{"contact tag", ValidateContact(ContactProfile{Contact: Contact{LastName: "L"}, Tags: []string{over(MaxLabel)}}), "tags[0]", MaxLabel},
		{"folder name", Folder{Name: over(MaxName)}.Validate(), "name", MaxName},
		{"document name", Document{Name: over(MaxName)}.Validate(), "name", MaxName},
		{"document subject", Document{Name: "D", Subject: over(MaxSubject)}.Validate(), "subject", MaxSubject},
		{"document attachment name", Document{Name: "D", AttachmentName: over(MaxFileName) + ".pdf", Attachment: []byte("x")}.Validate(), "attachment_name", MaxFileName},
		{"group description", CustomerGroupInput{Name: "G", Description: over(MaxDescription)}.Validate(), "description", MaxDescription},
		{"drip description", DripCampaignInput{Name: "D", Description: over(MaxDescription), Steps: []DripStep{{Name: "S", Action: DripTask, Subject: "T"}}}.Validate(), "description", MaxDescription},
		{"drip step subject", DripCampaignInput{Name: "D", Steps: []DripStep{{Name: "S", Action: DripTask, Subject: over(MaxSubject)}}}.Validate(), "steps[0].subject", MaxSubject},
		{"drip trigger tag", DripCampaignInput{Name: "D", Trigger: &DripTrigger{Tag: over(MaxLabel)}, Steps: []DripStep{{Name: "S", Action: DripTask, Subject: "T"}}}.Validate(), "trigger.tag", MaxLabel},
		{"template description", WorkflowTemplateInput{Name: "T", Description: over(MaxDescription), Statuses: DefaultWorkflow().Statuses}.Validate(), "description", MaxDescription},
		{"status name", WorkflowDef{Statuses: append(DefaultWorkflow().Statuses, ParticipantStatus{Name: over(MaxName)})}.Validate(), "statuses[7].name", MaxName},
		{"action subject", status(Action{Kind: ActionTask, Subject: over(MaxSubject)}), "statuses[1].actions[0].subject", MaxSubject},
		{"action coverage role", status(Action{Kind: ActionActivityPlan, PlanTemplateID: uid, CoverageRole: over(MaxName)}), "statuses[1].actions[0].coverage_role", MaxName},
		{"filter name", PredefinedFilter{Name: over(MaxName), Conditions: []FilterCondition{{Field: "email", Op: "eq"}}}.Validate(), "name", MaxName},
		{"filter value", PredefinedFilter{Name: "F", Conditions: []FilterCondition{{Field: "email", Op: "eq", Value: over(MaxName)}}}.Validate(), "conditions[0].value", MaxName},
		{"plan name", PlanTemplate{Name: over(MaxName), Steps: []PlanStep{{Kind: "task", Subject: "S"}}}.Validate(), "name", MaxName},
		{"plan step subject", PlanTemplate{Name: "P", Steps: []PlanStep{{Kind: "task", Subject: over(MaxSubject)}}}.Validate(), "steps[0].subject", MaxSubject},
		{"lead first name", lead(func(in *LeadInput) { in.FirstName = over(MaxName) }), "first_name", MaxName},
		{"lead sales concept", lead(func(in *LeadInput) { in.SalesConcept = over(MaxLabel) }), "sales_concept", MaxLabel},
		{"lead city", lead(func(in *LeadInput) { in.AddressCity = over(MaxLabel) }), "address_city", MaxLabel},
		{"lead activity subject", LeadActivity{Kind: "task", Subject: over(MaxSubject)}.Validate(), "subject", MaxSubject},
		{"lead note", LeadNote{Text: over(MaxNote)}.Validate(), "text", MaxNote},
		{"lead email subject", LeadEmail{Subject: over(MaxSubject), Body: "b"}.Validate(), "subject", MaxSubject},
		{"conversion template", ConvertInput{Opportunity: &OpportunityInput{Kind: OpportunityParent, Template: over(MaxName), Description: "d"}}.Validate(), "opportunity.template", MaxName},
		{"participant status", ParticipantChange{Status: new(over(MaxName))}.Validate(), "status", MaxName},
		{"import file name", CheckImportFileName(over(MaxFileName)), "file_name", MaxFileName},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ve *ValidationError
			require.True(t, errors.As(tc.err, &ve), "%v", tc.err)
			var msgs []string
			for _, f := range ve.Fields {
				if f.Field == tc.field {
					msgs = append(msgs, f.Message)
				}
			}
			assert.Contains(t, msgs, "must be at most "+itoa(tc.limit)+" characters", "%v", ve)
		})
	}
}

func TestBodiesAreBoundedInBytes(t *testing.T) {
	huge := strings.Repeat("x", MaxBody+1)
	assert.ErrorContains(t, Document{Name: "D", Body: huge}.Validate(), "body: must be at most 1048576 bytes")
	assert.ErrorContains(t, DripCampaignInput{Name: "D", Steps: []DripStep{{Name: "S", Action: DripEmail, Subject: "s", Body: huge}}}.Validate(),
		"steps[0].body: must be at most 1048576 bytes")
	assert.ErrorContains(t, LeadEmail{Subject: "s", Body: huge}.Validate(), "body: must be at most 1048576 bytes besides its embedded images")
	// Embedded images have their own limit: they do not count against the text.
	img := `<img src="data:image/png;base64,` + strings.Repeat("A", 1<<20) + `">`
	assert.NoError(t, LeadEmail{Subject: "s", Body: "<p>Hi</p>" + img}.Validate())
}

func TestAddressesAreCheckedWhereverAccepted(t *testing.T) {
	bad := "a,evil@x.test"
	assert.ErrorContains(t, ValidateContact(ContactProfile{Contact: Contact{LastName: "L", Email: bad}}), "email:")
	assert.ErrorContains(t, CampaignSettings{TestRecipients: []string{"ok@x.test", "t@x.test\r\nBcc: e@x.test"},
		AudienceIntervalSeconds: 3600}.Validate(), "test_recipients[1]:")
	consent := true
	_, err := LeadInput{FirstName: "A", LastName: "B", SalesConcept: "C", SourceType: "D", Email: "Eve <eve@x.test>", ConsentToContact: &consent}.Normalize(false)
	assert.ErrorContains(t, err, "email:")
}

func TestNumbersInDefinitionsAreBounded(t *testing.T) {
	act := func(a Action) error {
		return WorkflowDef{Statuses: []ParticipantStatus{{Name: StatusTargeted, Next: []string{StatusContacted}},
			{Name: StatusContacted, Actions: []Action{a}}}}.Validate()
	}
	assert.ErrorContains(t, act(Action{Kind: ActionEmail, Subject: "s", DelaySeconds: MaxDelaySeconds + 1}), "delay_seconds")
	assert.ErrorContains(t, act(Action{Kind: ActionTask, Subject: "s", DueInDays: MaxDueInDays + 1}), "due_in_days")
	assert.ErrorContains(t, act(Action{Kind: ActionPoints, Points: MaxPoints + 1}), "points")
	assert.ErrorContains(t, act(Action{Kind: ActionOpportunity, Subject: "s", Revenue: MaxRevenue * 10}), "revenue")
	assert.ErrorContains(t, act(Action{Kind: ActionPrint, DocumentID: "doc-1"}), "document_id: must be a document id")
	assert.ErrorContains(t, PlanTemplate{Name: "P", Steps: []PlanStep{{Kind: "task", Subject: "s", DueInDays: MaxDueInDays + 1}}}.Validate(), "due_in_days")
}
