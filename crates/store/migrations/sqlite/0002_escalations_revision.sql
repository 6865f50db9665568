-- Accord schema 2 (sqlite).
-- Escalation as of each ticket's last event, kept by the store like next_deadline (computed by
-- accord-core): the level passed then, and the levels still to come with the instant each is
-- passed if the clocks keep running, packed as `level@instant;…` in time order. The first and
-- last of those instants let the desktop app find, with one index range, the tickets that pass
-- a level between two looks (its escalation notifications), and the queue shows the level at
-- any instant without evaluating a ticket.
ALTER TABLE tickets ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN escalations TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN escalation_first INTEGER;
ALTER TABLE tickets ADD COLUMN escalation_last INTEGER;
CREATE INDEX tickets_escalations ON tickets (escalation_last) WHERE is_open = 1;

-- One number bumped by every write transaction of the store, so that a client can tell cheaply
-- whether anyone (another team member on a shared PostgreSQL) changed anything since it looked.
CREATE TABLE revision (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    n  INTEGER NOT NULL
) STRICT;
INSERT INTO revision (id, n) VALUES (1, 0);
