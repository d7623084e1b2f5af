package api

import (
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// A page of leads is the API's most frequent large answer (100 leads, about
// 80 KB). encoding/json's reflection and the buffers it grows took a fifth
// of the API's CPU on it, and their garbage most of the collector's share,
// so a page is written here field by field into a reused buffer. The bytes
// are exactly those of encoding/json (TestLeadPageJSONIsEncodingJSON fills
// every field of every kind and compares), so the JSON contract stays the
// struct tags of domain.Lead and leadView.

// leadPageBuffers are the buffers pages are written into, reused.
var leadPageBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 128<<10); return &b }}

// renderLeadPage answers 200 with a page of leads, as domain.Page[leadView].
func renderLeadPage(c *gin.Context, items []domain.Lead, next string) {
	bp := leadPageBuffers.Get().(*[]byte)
	b := appendLeadPage((*bp)[:0], items, next)
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
	*bp = b
	leadPageBuffers.Put(bp)
}

// appendLeadPage appends the page of items as encoding/json writes a
// domain.Page[leadView] of their views (an empty page's items are []).
func appendLeadPage(b []byte, items []domain.Lead, next string) []byte {
	b = append(b, `{"items":[`...)
	for i := range items {
		if i > 0 {
			b = append(b, ',')
		}
		v := viewLead(items[i])
		b = appendLead(b, &v)
	}
	b = append(b, ']')
	if next != "" {
		b = append(b, `,"next_cursor":`...)
		b = appendJSONString(b, next)
	}
	return append(b, '}')
}

// appendLead appends v as encoding/json writes a leadView: domain.Lead's
// fields in their order, its phone_country given way to the view's, which
// follows with phone_display.
func appendLead(b []byte, v *leadView) []byte {
	l := &v.Lead
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, l.ID, 10)
	for _, f := range []struct{ key, val string }{
		{`,"first_name":`, l.FirstName}, {`,"last_name":`, l.LastName}, {`,"company":`, l.Company},
		{`,"position":`, l.Position}, {`,"email":`, l.Email}, {`,"phone":`, l.Phone},
		{`,"market_segment":`, l.MarketSegment}, {`,"sales_concept":`, l.SalesConcept}, {`,"source":`, l.Source},
		{`,"source_type":`, l.SourceType},
	} {
		b = appendJSONString(append(b, f.key...), f.val)
	}
	b = strconv.AppendBool(append(b, `,"consent_to_contact":`...), l.ConsentToContact)
	for _, f := range []struct{ key, val string }{
		{`,"time_zone":`, l.TimeZone}, {`,"matched_contact_id":`, l.MatchedContactID}, {`,"address":`, l.Address},
		{`,"address_city":`, l.AddressCity}, {`,"address_state":`, l.AddressState},
		{`,"address_country":`, l.AddressCountry}, {`,"address_zip":`, l.AddressZip}, {`,"status":`, string(l.Status)},
	} {
		b = appendJSONString(append(b, f.key...), f.val)
	}
	b = strconv.AppendInt(append(b, `,"score":`...), int64(l.Score), 10)
	for _, f := range []struct{ key, val string }{
		{`,"owner_id":`, l.OwnerID}, {`,"created_by":`, l.CreatedBy}, {`,"contact_id":`, l.ContactID},
		{`,"company_id":`, l.CompanyID}, {`,"opportunity_id":`, l.OpportunityID},
	} {
		b = appendJSONString(append(b, f.key...), f.val)
	}
	b = append(b, `,"converted_at":`...)
	if l.ConvertedAt == nil {
		b = append(b, "null"...)
	} else {
		b = appendJSONTime(b, *l.ConvertedAt)
	}
	b = appendJSONTime(append(b, `,"created_at":`...), l.CreatedAt)
	b = appendJSONTime(append(b, `,"updated_at":`...), l.UpdatedAt)
	if l.CampaignID != "" {
		b = appendJSONString(append(b, `,"campaign_id":`...), l.CampaignID)
	}
	b = strconv.AppendBool(append(b, `,"test":`...), l.Test)
	b = appendJSONString(append(b, `,"phone_country":`...), v.PhoneCountry)
	b = appendJSONString(append(b, `,"phone_display":`...), v.PhoneDisplay)
	return append(b, '}')
}

// appendJSONTime appends t as time.Time's MarshalJSON writes it (RFC 3339
// with the nanoseconds it has). The store's times are within the years
// MarshalJSON accepts.
func appendJSONTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// jsonSafe marks the ASCII bytes encoding/json writes as they are, with its
// HTML escaping on (as json.Marshal has it): 0x20 to 0x7f, but not '"', '\\',
// '<', '>' or '&'.
var jsonSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		safe[c] = true
	}
	for _, c := range `"\<>&` {
		safe[c] = false
	}
	return safe
}()

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes a string: the
// short escapes, \u00XX for other control bytes and for < > &, \ufffd for
// each byte that is not UTF-8, and \u2028 and \u2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
