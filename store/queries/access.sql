-- Who sees which record: each rule is written once here, as a fragment, and
-- expanded into every query that needs it ({{name arg ...}}, see queries.go).
-- The viewer comes as query arguments, always in this order (see
-- store.viewerArgs): the user's id (uuid), whether the user is an
-- administrator, whether it holds the campaigns privilege and, for the
-- records of leads, whether it holds the leads privilege (booleans).

-- fragment: campaign_visible(c, user, admin, campaigns)
-- Campaign row c is visible to a user holding the campaigns privilege when
-- it is public, or when the user is an administrator, its creator, its
-- manager or on its team (any role).
({campaigns}::bool AND ({c}.security = 'public' OR {admin}::bool
    OR {c}.created_by = {user}::uuid OR {c}.manager_id = {user}::uuid
    OR EXISTS (SELECT 1 FROM campaign_team ct WHERE ct.campaign_id = {c}.id AND ct.user_id = {user}::uuid)))

-- fragment: campaign_record_visible(campaign_id, user, admin, campaigns)
-- A record that hangs off a campaign (an opportunity, a contact activity, a
-- campaign print, a campaign batch) follows that campaign's visibility. A
-- record whose link is NULL was unlinked when its campaign was deleted (or
-- never had one) and needs the campaigns privilege alone; a record that
-- still names a campaign that no longer exists is gone with it.
({campaigns}::bool AND ({campaign_id} IS NULL OR EXISTS (
    SELECT 1 FROM campaigns lc WHERE lc.id = {campaign_id} AND {{campaign_visible lc {user} {admin} {campaigns}}})))

-- fragment: batch_visible(b, lead_types, user, admin, campaigns, leads)
-- Batch process b of one of the lead batch types needs the leads privilege;
-- every other batch belongs to the campaign its parameters name and follows
-- it. Administrators see every batch, also those of a deleted campaign (or
-- naming none), which nobody else sees.
({admin}::bool OR CASE WHEN {b}.type = ANY({lead_types}::text[]) THEN {leads}::bool
    ELSE {b}.params ? 'campaign_id'
        AND {{campaign_record_visible ({b}.params->>'campaign_id')::uuid {user} {admin} {campaigns}}} END)

-- fragment: generated_document_visible(g, user, admin, campaigns, leads)
-- Generated PDF g of a lead needs the leads privilege and is gone with its
-- lead; any other PDF is a campaign print and follows its campaign.
(CASE WHEN {g}.lead_id IS NOT NULL
        THEN {leads}::bool AND EXISTS (SELECT 1 FROM leads gl WHERE gl.id = {g}.lead_id)
    ELSE {{campaign_record_visible {g}.campaign_id {user} {admin} {campaigns}}} END)

-- name: batch_visible
SELECT {{batch_visible b $2 $3 $4 $5 $6}} FROM batch_processes b WHERE b.id = $1;

-- name: generated_document_visible
SELECT {{generated_document_visible g $2 $3 $4 $5}} FROM generated_documents g WHERE g.id = $1;

-- name: opportunity_visible
SELECT {{campaign_record_visible o.campaign_id $2 $3 $4}} FROM opportunities o WHERE o.id = $1;
