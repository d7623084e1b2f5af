-- A text search walks the leads newest first and checks each one's name:
-- with the names and the test flag in the index beside (created_at, id), the
-- walk reads the index alone (an index-only scan) and visits the table only
-- for the page it keeps (store/lead_list.go asks for the page's ids first).
-- Two common words together (a fraction of a percent of the leads) are a
-- walk of a few thousand index entries instead of as many table rows.
DROP INDEX leads_created_idx;
CREATE INDEX leads_created_idx ON leads (created_at, id) INCLUDE (first_name, last_name, is_test);
