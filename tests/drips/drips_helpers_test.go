package drips

import (
	"time"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// marketer is a user without the Marketing privilege: it may read drips but
// not start or change them.
func noMarketingToken(h *harness.Harness) string {
	h.T.Helper()
	tok := "tok-" + harness.RandHex(8)
	require.NoError(h.T, h.Store.AddToken(h.T.Context(), h.Manager.ID, tok, "manager"))
	return tok
}

type campaignsAnswer struct {
	Items []domain.DripCampaign `json:"items"`
}

func waitStatus(h *harness.Harness, contactID, campaignID string, want domain.DripStatus) {
	h.T.Helper()
	workertest.Eventually(h.T, 60*time.Second, func() (bool, string) {
		s := h.Steps(contactID, campaignID)
		return s.Enrollment.Status == want, string(s.Enrollment.Status)
	})
}
