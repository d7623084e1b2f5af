package domain

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTemplatesKeepTheExistingTokenNamesAndAliases(t *testing.T) {
	values := MergeValues(Contact{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.org"}, "Spring")
	assert.Equal(t, "Dear Ada Lovelace (ada@example.org), Spring",
		Merge("Dear {{nameFirst}} {{ last_name }} ({{EMAIL}}), {{campaign_name}}", values))
	// A field this recipient has no value for stays visible as written.
	assert.Equal(t, "Hi {{company}}", Merge("Hi {{company}}", values))
}

func TestTemplateFilters(t *testing.T) {
	values := map[string]string{"nameFirst": "ada lovelace", "nameLast": ""}
	assert.Equal(t, "ADA LOVELACE", Merge(`{{ first_name | upper }}`, values))
	assert.Equal(t, "Ada Lovelace", Merge(`{{ first_name | title }}`, values))
	assert.Equal(t, "friend", Merge(`{{ last_name | default "friend" }}`, values))
	assert.Equal(t, "FRIEND", Merge(`{{last_name|default "friend"|upper}}`, values))
	assert.Equal(t, "a {{ b | c }}", Merge(`a {{ "{{ b | c }}" }}`, values))
	assert.Equal(t, `say "hi"`, Merge(`{{ "say \"hi\"" }}`, values))
}

func TestHTMLTemplatesEscapeValuesAndGetATextAlternative(t *testing.T) {
	values := map[string]string{"nameFirst": "<Ada & Co>", "campaignName": "Spring"}
	e := RenderEmail("News for {{first_name}}", "<p>Dear {{first_name}},</p><p>{{ campaign | upper }}</p>", values)
	assert.Equal(t, "News for <Ada & Co>", e.Subject)
	assert.Equal(t, "<p>Dear &lt;Ada &amp; Co&gt;,</p><p>SPRING</p>", e.HTML)
	assert.Equal(t, "Dear <Ada & Co>,\nSPRING", e.Text)
	plain := RenderEmail("Hi", "Dear {{first_name}} < 3", values)
	assert.Empty(t, plain.HTML)
	assert.Equal(t, "Dear <Ada & Co> < 3", plain.Text)
}

func TestTemplateSyntaxErrorsNameTheirPlace(t *testing.T) {
	for src, want := range map[string]string{
		"Hi {{first_name":                "line 1, column 4: {{ is not closed with }}",
		"Hi\n  {{ }}":                    "line 2, column 6: {{ }} names no field",
		"{{ first_name | shout }}":       `unknown filter "shout"`,
		"{{ first_name | default }}":     "filter default needs one quoted text",
		"{{ first_name | upper \"x\" }}": "filter upper takes no argument",
		"{{ first name }}":               `"first name" is not a field name`,
		"{{ first_name | }}":             "a filter is missing after |",
		"{{ a {{ b }}":                   "{{ is not closed with }} before the next {{",
		`{{ "open }}`:                    "a quoted text in {{ }} is not closed",
	} {
		_, err := ParseMerge(src)
		require.Error(t, err, src)
		assert.Contains(t, err.Error(), want, src)
	}
}

func TestSavingATemplateChecksItsVariables(t *testing.T) {
	var v Validator
	v.Template("body", "Dear {{first_name}} of {{company}}", CampaignScope)
	v.Template("subject", "{{ nameFirst", CampaignScope)
	v.Template("ok", "{{ partner_type | default \"partner\" }}", DripScope)
	err := v.Err()
	require.Error(t, err)
	fields := err.(*ValidationError).Fields
	require.Len(t, fields, 2)
	assert.Equal(t, "body", fields[0].Field)
	assert.Contains(t, fields[0].Message, "unknown variable {{company}}")
	assert.Contains(t, fields[0].Message, "nameFirst")
	assert.Equal(t, "subject", fields[1].Field)
	assert.Contains(t, fields[1].Message, "template syntax error at line 1, column 1")

	assert.NoError(t, LeadScope.Check("{{company}} {{market_segment}}"))
	assert.NoError(t, DocumentScope.Check("{{company}} {{first_name}} {{partnerType}}"))
}

func TestEveryPlaceThatSavesATemplateChecksIt(t *testing.T) {
	def := DefaultWorkflow()
	def.Statuses[1].Actions = append(def.Statuses[1].Actions, Action{Kind: ActionEmail, Subject: "Hi {{frist_name}}"})
	err := def.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown variable {{frist_name}}")

	drip := DripCampaignInput{Name: "D", Steps: []DripStep{{Name: "s", Action: DripEmail, Subject: "x", Body: "{{ first_name | loud }}"}}}
	drip.Normalize()
	assert.ErrorContains(t, drip.Validate(), "steps[0].body: template syntax error")

	doc := Document{Name: "Letter", Body: "Dear {{nosuch}}"}
	assert.ErrorContains(t, doc.Validate(), "body: unknown variable {{nosuch}}")

	mail := LeadEmail{Subject: "{{campaignName}}", Body: "<p>Hi</p>"}
	assert.ErrorContains(t, mail.Validate(), "subject: unknown variable {{campaignName}}")
}

func TestTemplatesSavedBeforeTheChecksStillMerge(t *testing.T) {
	// A stray "{{" used to be left alone while the tokens around it merged.
	values := map[string]string{"nameFirst": "Ada"}
	assert.Equal(t, "{{ oops Ada", Merge("{{ oops {{first_name}}", values))
	spans := MergeTokenSpans("{{ oops {{first_name}}")
	require.Len(t, spans, 1)
}

func TestWordTemplateTagsUseTheSameLanguage(t *testing.T) {
	values := map[string]string{"nameFirst": "ada"}
	v, ok := RenderMergeTag(" first_name | upper ", values)
	assert.True(t, ok)
	assert.Equal(t, "ADA", v)
	v, ok = RenderMergeTag("company", values) // a lead field in a contact's letter prints empty
	assert.True(t, ok)
	assert.Empty(t, v)
	_, ok = RenderMergeTag("nosuch", values)
	assert.False(t, ok)
	s := "Dear {{ first_name | title }}!"
	spans := MergeTokenSpans(s)
	require.Len(t, spans, 1)
	assert.Equal(t, "first_name | title", s[spans[0][2]:spans[0][3]])
	assert.True(t, strings.HasPrefix(s[spans[0][0]:spans[0][1]], "{{"))
}
