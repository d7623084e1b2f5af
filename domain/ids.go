package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// uuidRe is a UUID in its canonical form, lower case as PostgreSQL writes
// it. An id in any other spelling is refused rather than read: the same
// record under another spelling would name another workflow
// ("campaign/{id}"), and two spellings of one id must never both act.
var uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// IsUUID reports whether s is a UUID in canonical (lower-case) form.
func IsUUID(s string) bool { return uuidRe.MatchString(s) }

// ParseInt reads a whole number from min to max written canonically: digits
// with no leading zero, a minus sign only for a negative number where min
// allows one, and no plus sign, space or exponent. It is the one reader of
// numbers in paths, query parameters and cursors, so that "+1" or "01"
// never stand for 1 and no number outside its column's range reaches
// PostgreSQL.
func ParseInt(s string, min, max int64) (int64, bool) {
	digits := s
	if len(s) > 1 && s[0] == '-' && min < 0 {
		digits = s[1:]
	}
	if digits == "" || len(digits) > 19 || (digits[0] == '0' && len(digits) > 1) || (digits == "0" && digits != s) {
		return 0, false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < min || n > max {
		return 0, false
	}
	return n, true
}

// CampaignWorkflowID is the deterministic id of a campaign's workflow.
func CampaignWorkflowID(campaignID string) string { return "campaign/" + campaignID }

// ParticipantWorkflowID is the deterministic id of a participant's workflow.
func ParticipantWorkflowID(campaignID, participantID string) string {
	return "campaign/" + campaignID + "/participant/" + participantID
}

// ActionKey is the idempotency key of the index-th action run when a
// participant made its transition-th status change. The bulk campaign start
// and the participant workflow build the same keys, so neither repeats what
// the other did.
func ActionKey(campaignID, participantID string, transition, index int) string {
	return fmt.Sprintf("%s/t%d/a%d", ParticipantWorkflowID(campaignID, participantID), transition, index)
}

// MessageID derives an email Message-ID from an idempotency key, so that a
// message that had to be sent again carries the same id and can be
// recognised as a duplicate by any receiver. It has no angle brackets.
func MessageID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16]) + "@drumbeat.local"
}

func itoa(n int) string { return fmt.Sprint(n) }

// DripWorkflowID is the deterministic id of a contact's enrollment in a drip campaign.
func DripWorkflowID(campaignID, contactID string) string {
	return "drip/" + campaignID + "/" + contactID
}

// ParseDripStepKey reads a DripStepKey back; ok is false for any other key.
func ParseDripStepKey(key string) (campaignID, contactID string, enrollment, step int, ok bool) {
	parts := strings.Split(key, "/")
	if len(parts) != 6 || parts[0] != "drip" {
		return "", "", 0, 0, false
	}
	var run int
	if _, err := fmt.Sscanf(parts[3]+" "+parts[4]+" "+parts[5], "e%d s%d r%d", &enrollment, &step, &run); err != nil {
		return "", "", 0, 0, false
	}
	return parts[1], parts[2], enrollment, step, true
}

// DripStepKey is the idempotency key of the run-th run of a drip step
// (1-based step number) in the enrollment-th enrollment of a contact: a run
// again is a new run, a new enrollment after removal has new keys, and a
// retry of the same run repeats nothing.
func DripStepKey(campaignID, contactID string, enrollment, step, run int) string {
	return fmt.Sprintf("%s/e%d/s%d/r%d", DripWorkflowID(campaignID, contactID), enrollment, step, run)
}

// DripTriggerWorkflowID is the deterministic id of the workflow that enrolls
// a contact in the drip campaigns whose trigger criteria it meets.
func DripTriggerWorkflowID(contactID string) string { return "drip-trigger/" + contactID }
