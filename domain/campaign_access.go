package domain

// CampaignOpen says whether a user may open a campaign to read it, or to
// change something of it (write): a campaign the user may not see is not
// found, as if it did not exist; a deleted campaign (every version Deleted)
// is read-only for ever. visible and status are what the store's access
// check of the campaign reported.
func CampaignOpen(visible bool, status VersionStatus, write bool) error {
	if !visible {
		return ErrNotFound
	}
	if write && status == VersionDeleted {
		return &ConflictError{Reason: "the campaign is deleted: it is read-only for ever and cannot be undeleted"}
	}
	return nil
}
