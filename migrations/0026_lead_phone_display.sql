-- A lead's phone as people read it ("+1 201 5550123"), kept beside the
-- number when the lead is written: working out the national destination
-- code takes libphonenumber several microseconds a number, which a list of
-- 100 leads paid on every request (40 % of the API's CPU for the lead list
-- at a million leads). NULL on rows written before this column: they are
-- formatted when read (domain.Lead.PhoneShown) until their next write.
ALTER TABLE leads ADD COLUMN phone_display text;
