package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
)

var uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsUUID reports whether s has the form of a UUID.
func IsUUID(s string) bool { return uuidRe.MatchString(s) }

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

// DripStepKey is the idempotency key of the run-th run of a drip step
// (1-based step number) in the enrollment-th enrollment of a contact: a run
// again is a new run, a new enrollment after removal has new keys, and a
// retry of the same run repeats nothing.
func DripStepKey(campaignID, contactID string, enrollment, step, run int) string {
	return fmt.Sprintf("%s/e%d/s%d/r%d", DripWorkflowID(campaignID, contactID), enrollment, step, run)
}
