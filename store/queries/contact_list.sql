-- The contacts list (GET /api/v1/contacts and the Contacts workspace). Each
-- condition is served by an index of migration 0024: the order and its
-- keyset by contacts_list_idx (or the filter's own index, with the order
-- behind it), the search by the trigram indexes.

-- name: contact_list
-- One keyset page of the contacts that are not erased, in name order (last
-- name, first name, id, case-insensitive). store.contactListSQL puts in
-- the conditions the filter names (the contact_list_* blocks below, each
-- after an AND) and the page size, with their values as numbered
-- parameters.
SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.status, c.created_at, c.partner_type, c.tags,
    c.consent_to_contact, c.time_zone, coalesce(c.customer_status, ''),
    coalesce((SELECT co.name FROM companies co WHERE co.id = c.company_id), ''),
    lower(c.last_name), lower(c.first_name)
FROM contacts c
WHERE c.erased_at IS NULL {{where}}
ORDER BY lower(c.last_name), lower(c.first_name), c.id
LIMIT {{limit}};

-- name: contact_list_word
-- A search word ({p}: its LIKE pattern, escaped, ending in %) starts the
-- first name, last name, email or company name. The union of index scans
-- (one per column) is what lets the trigram indexes serve it.
c.id IN (SELECT x.id FROM contacts x WHERE x.first_name ILIKE {p} OR x.last_name ILIKE {p} OR x.email ILIKE {p}
    UNION ALL
    SELECT x.id FROM companies co JOIN contacts x ON x.company_id = co.id WHERE co.name ILIKE {p})

-- name: contact_list_type
lower(c.status) = lower({p})

-- name: contact_list_partner_type
lower(c.partner_type) = lower({p})

-- name: contact_list_customer_status
c.customer_status = {p}

-- name: contact_list_group
EXISTS (SELECT 1 FROM customer_group_members m WHERE m.group_id = {p}::uuid AND m.contact_id = c.id)

-- name: contact_list_after
-- The keyset: after the previous page's last row ({p}: its lower-case last
-- name, {q}: first name, {r}: id).
(lower(c.last_name), lower(c.first_name), c.id) > ({p}::text, {q}::text, {r}::uuid)
