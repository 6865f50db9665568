-- Accord schema 7 (sqlite).
-- The queue's views (issue 22): a ticket's summary also says since when it waits on the customer,
-- when a clock was first breached (by its last event), and the priority in force after its last
-- event. Kept by the store on every write, like next_deadline; filled for tickets already stored
-- by the app on the first open after this migration (accord_app::database::open).
ALTER TABLE tickets ADD COLUMN waiting_since INTEGER;
ALTER TABLE tickets ADD COLUMN breached_at INTEGER;
ALTER TABLE tickets ADD COLUMN current_priority TEXT;
-- Due soon and Breached read the open tickets not waiting by deadline; Waiting on customer by the
-- instant it began.
CREATE INDEX tickets_due ON tickets (next_deadline) WHERE is_open = 1 AND waiting_since IS NULL;
CREATE INDEX tickets_waiting ON tickets (waiting_since) WHERE is_open = 1 AND waiting_since IS NOT NULL;
