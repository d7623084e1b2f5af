package domain

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testUnsubscribe = Unsubscribe{BaseURL: "https://crm.example.com/", Secret: []byte("0123456789abcdef0123456789abcdef")}

func TestUnsubscribeTokenRoundTrip(t *testing.T) {
	for _, tok := range []UnsubscribeToken{
		{ContactID: "7f278f1c-173b-4a23-a4dc-a9f594a5f47e", Address: "ann@example.org", CampaignID: "d51e7b04-6e34-41c1-a4fe-60d9e46f5756"},
		{ContactID: "7f278f1c-173b-4a23-a4dc-a9f594a5f47e", Address: "ann@example.org", DripCampaignID: "d51e7b04-6e34-41c1-a4fe-60d9e46f5756"},
		{LeadID: 42, Address: "lea|pipe@example.org", BatchID: "d51e7b04-6e34-41c1-a4fe-60d9e46f5756"},
		{Address: "tester@example.org", CampaignID: "d51e7b04-6e34-41c1-a4fe-60d9e46f5756"},
	} {
		s := testUnsubscribe.Token(tok)
		got, ok := testUnsubscribe.Parse(s)
		require.True(t, ok, "%+v", tok)
		assert.Equal(t, tok, got)
		assert.Equal(t, s, testUnsubscribe.Token(tok), "the same recipient and source give the same link")
		assert.NotContains(t, s, "/")
	}
	link := testUnsubscribe.URL(UnsubscribeToken{Address: "Ann@Example.org"})
	assert.True(t, strings.HasPrefix(link, "https://crm.example.com/u/"), link)
	got, ok := testUnsubscribe.Parse(strings.TrimPrefix(link, "https://crm.example.com/u/"))
	require.True(t, ok)
	assert.Equal(t, "ann@example.org", got.Address, "the address is normalized")
}

// Forged, altered or foreign tokens are refused, and so is every token when
// no secret is configured.
func TestUnsubscribeTokenRefusesForgeries(t *testing.T) {
	tok := UnsubscribeToken{ContactID: "7f278f1c-173b-4a23-a4dc-a9f594a5f47e", Address: "ann@example.org",
		CampaignID: "d51e7b04-6e34-41c1-a4fe-60d9e46f5756"}
	good := testUnsubscribe.Token(tok)
	p64, mac, _ := strings.Cut(good, ".")
	payload, err := base64.RawURLEncoding.DecodeString(p64)
	require.NoError(t, err)
	reencode := func(p string) string { return base64.RawURLEncoding.EncodeToString([]byte(p)) + "." + mac }
	other := Unsubscribe{Secret: []byte("another secret, another secret!!")}
	for name, bad := range map[string]string{
		"other secret":    other.Token(tok),
		"altered address": reencode(strings.Replace(string(payload), "ann@", "bob@", 1)),
		"altered source":  reencode(strings.Replace(string(payload), "|campaign|", "|drip|", 1)),
		"altered mac":     p64 + "." + strings.Repeat("A", len(mac)),
		"no mac":          p64,
		"empty":           "",
		"garbage":         "%%%.%%%",
		"too long":        strings.Repeat("A", 3000) + "." + mac,
	} {
		_, ok := testUnsubscribe.Parse(bad)
		assert.False(t, ok, name)
	}
	// A correctly signed payload that breaks the format is refused too.
	for name, p := range map[string]string{
		"bad version": "2|c|7f278f1c-173b-4a23-a4dc-a9f594a5f47e|campaign|d51e7b04-6e34-41c1-a4fe-60d9e46f5756|ann@example.org",
		"bad kind":    "1|x|7f278f1c-173b-4a23-a4dc-a9f594a5f47e|campaign|d51e7b04-6e34-41c1-a4fe-60d9e46f5756|ann@example.org",
		"bad id":      "1|c|7|campaign|d51e7b04-6e34-41c1-a4fe-60d9e46f5756|ann@example.org",
		"bad lead":    "1|l|-3|batch|d51e7b04-6e34-41c1-a4fe-60d9e46f5756|ann@example.org",
		"bad source":  "1|c|7f278f1c-173b-4a23-a4dc-a9f594a5f47e|folder|d51e7b04-6e34-41c1-a4fe-60d9e46f5756|ann@example.org",
		"bad address": "1|c|7f278f1c-173b-4a23-a4dc-a9f594a5f47e|campaign|d51e7b04-6e34-41c1-a4fe-60d9e46f5756|nobody",
	} {
		signed := base64.RawURLEncoding.EncodeToString([]byte(p)) + "." +
			base64.RawURLEncoding.EncodeToString(testUnsubscribe.mac([]byte(p)))
		_, ok := testUnsubscribe.Parse(signed)
		assert.False(t, ok, name)
	}
	_, ok := Unsubscribe{}.Parse(Unsubscribe{}.Token(tok))
	assert.False(t, ok, "without a secret no token is valid")
}

func TestWithUnsubscribeLink(t *testing.T) {
	text, html := WithUnsubscribeLink("Hello\n\n", "", "https://x/u/a&b")
	assert.Equal(t, "Hello\n\n--\nTo stop receiving these emails, unsubscribe: https://x/u/a&b\n", text)
	assert.Empty(t, html, "no HTML part is made up")
	_, html = WithUnsubscribeLink("Hi", "<html><BODY><p>Hi</p></BODY></html>", "https://x/u/a&b")
	assert.Equal(t, `<html><BODY><p>Hi</p><p style="font-size:12px;color:#666">To stop receiving these emails, `+
		`<a href="https://x/u/a&amp;b">unsubscribe</a>.</p></BODY></html>`, html)
	_, html = WithUnsubscribeLink("Hi", "<p>Hi</p>", "https://x/u/t")
	assert.True(t, strings.HasPrefix(html, "<p>Hi</p><p "), html)
}

func TestSuppressionRules(t *testing.T) {
	assert.Equal(t, SuppressHardBounce, SuppressionFor(EventHardBounce, 0))
	assert.Equal(t, SuppressComplaint, SuppressionFor(EventComplaint, 0))
	assert.Empty(t, SuppressionFor(EventSoftBounce, 2))
	assert.Equal(t, SuppressHardBounce, SuppressionFor(EventSoftBounce, 3))

	in := SuppressionInput{Address: "  Ann@Example.ORG "}
	in.Normalize()
	assert.Equal(t, SuppressionInput{Address: "ann@example.org", Reason: SuppressManual}, in)
	assert.NoError(t, in.Validate())
	err := CheckSuppressionRows([]SuppressionInput{{Address: "ok@example.org", Reason: "manual"},
		{Address: "nope", Reason: "manual"}, {Address: "x@example.org", Reason: "later"}}, []int{2, 5, 9})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	assert.Equal(t, []string{"lines[5].address", "lines[9].reason"}, fields)

	var v Validator
	Sender{FromName: "Team\nBcc: x", FromAddress: "Team <team@example.org>", ReplyTo: "a@example.org"}.Check(&v)
	require.ErrorAs(t, v.Err(), &ve)
	fields = nil
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	assert.Equal(t, []string{"sender.from_address", "sender.from_name"}, fields)
	v = Validator{}
	Sender{}.Check(&v)
	assert.NoError(t, v.Err(), "an empty sender is MAIL_FROM")
}
