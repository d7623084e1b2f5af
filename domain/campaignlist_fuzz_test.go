package domain

import "testing"

// FuzzDecodeCampaignCursor reads any token as the campaign list's cursor:
// a token is refused or decodes to a cursor that encodes back to itself.
// Seeds: testdata/fuzz/FuzzDecodeCampaignCursor.
func FuzzDecodeCampaignCursor(f *testing.F) {
	f.Fuzz(func(t *testing.T, token string) {
		c, ok := DecodeCampaignCursor(token)
		if !ok {
			if c != (CampaignCursor{}) {
				t.Fatalf("a refused token returned %+v", c)
			}
			return
		}
		if _, ok := ParseCampaignSort(c.Sort); !ok || !IsUUID(c.ID) {
			t.Fatalf("accepted a cursor with a bad sort or id: %+v", c)
		}
		again, ok := DecodeCampaignCursor(c.Encode())
		if !ok || again != c {
			t.Fatalf("cursor %+v does not survive encoding: %+v, %v", c, again, ok)
		}
	})
}
