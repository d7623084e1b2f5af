package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"strconv"
	"strings"
)

// UnsubscribeToken is what a personal unsubscribe link names: the recipient
// (a contact, a lead, or only an address, for a campaign's test recipients)
// and the campaign, drip campaign or lead batch the message came from.
type UnsubscribeToken struct {
	ContactID string
	LeadID    int64
	Address   string
	// Exactly one source is set, or none.
	CampaignID     string
	DripCampaignID string
	BatchID        string
}

// Source names the token's source as the suppression list records it:
// campaign/{id}, drip/{id}, batch/{id}, or "".
func (t UnsubscribeToken) Source() string {
	switch {
	case t.CampaignID != "":
		return "campaign/" + t.CampaignID
	case t.DripCampaignID != "":
		return "drip/" + t.DripCampaignID
	case t.BatchID != "":
		return "batch/" + t.BatchID
	}
	return ""
}

// Unsubscribe signs and checks unsubscribe tokens and builds their links.
// A token is the recipient and source in plain text, base64url, then a dot
// and the first 128 bits of its HMAC-SHA256 under Secret: it cannot be made
// or altered without the secret, and a link stays valid for ever.
type Unsubscribe struct {
	// BaseURL is where the API is reached from outside (PUBLIC_URL).
	BaseURL string
	// Secret is UNSUBSCRIBE_SECRET. Without one, no token is valid.
	Secret []byte
}

// macBytes is the length of a token's signature.
const macBytes = 16

// tokenVersion starts every payload, so the format can change later.
const tokenVersion = "1"

// Token signs t.
func (u Unsubscribe) Token(t UnsubscribeToken) string {
	recipient, id := "a", ""
	switch {
	case t.ContactID != "":
		recipient, id = "c", t.ContactID
	case t.LeadID > 0:
		recipient, id = "l", strconv.FormatInt(t.LeadID, 10)
	}
	kind, source, _ := strings.Cut(t.Source(), "/")
	// The address goes last: it is the only part that may hold a "|".
	payload := strings.Join([]string{tokenVersion, recipient, id, kind, source, NormalizeEmail(t.Address)}, "|")
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(u.mac([]byte(payload)))
}

func (u Unsubscribe) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, u.Secret)
	m.Write(payload)
	return m.Sum(nil)[:macBytes]
}

// Parse checks a token's signature and reads it; ok is false for anything
// this Unsubscribe did not sign.
func (u Unsubscribe) Parse(token string) (t UnsubscribeToken, ok bool) {
	if len(u.Secret) == 0 || len(token) > 2048 {
		return t, false
	}
	p64, m64, found := strings.Cut(token, ".")
	enc := base64.RawURLEncoding
	payload, err1 := enc.DecodeString(p64)
	mac, err2 := enc.DecodeString(m64)
	if !found || err1 != nil || err2 != nil || !hmac.Equal(mac, u.mac(payload)) {
		return t, false
	}
	f := strings.SplitN(string(payload), "|", 6)
	if len(f) != 6 || f[0] != tokenVersion || !ValidEmailAddress(f[5]) {
		return t, false
	}
	t.Address = f[5]
	switch f[1] {
	case "c":
		t.ContactID, ok = f[2], IsUUID(f[2])
	case "l":
		n, err := strconv.ParseInt(f[2], 10, 64)
		t.LeadID, ok = n, err == nil && n > 0
	case "a":
		ok = f[2] == ""
	}
	if !ok || (f[3] == "") != (f[4] == "") || (f[4] != "" && !IsUUID(f[4])) {
		return UnsubscribeToken{}, false
	}
	switch f[3] {
	case "campaign":
		t.CampaignID = f[4]
	case "drip":
		t.DripCampaignID = f[4]
	case "batch":
		t.BatchID = f[4]
	case "":
	default:
		return UnsubscribeToken{}, false
	}
	return t, true
}

// URL is the personal unsubscribe link of t: BaseURL/u/{token}.
func (u Unsubscribe) URL(t UnsubscribeToken) string {
	return strings.TrimRight(u.BaseURL, "/") + "/u/" + u.Token(t)
}

// WithUnsubscribeLink adds the unsubscribe link to a message's plain-text
// body and, when it has one, its HTML body (before </body> when there is
// one). Every marketing email carries it.
func WithUnsubscribeLink(text, htmlBody, link string) (string, string) {
	text = strings.TrimRight(text, "\n") + "\n\n--\nTo stop receiving these emails, unsubscribe: " + link + "\n"
	if htmlBody == "" {
		return text, ""
	}
	footer := `<p style="font-size:12px;color:#666">To stop receiving these emails, <a href="` +
		html.EscapeString(link) + `">unsubscribe</a>.</p>`
	if i := strings.LastIndex(strings.ToLower(htmlBody), "</body>"); i >= 0 {
		return text, htmlBody[:i] + footer + htmlBody[i:]
	}
	return text, htmlBody + footer
}
