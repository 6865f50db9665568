-- Accord schema 1 (SQLite). Instants are UTC seconds since the epoch; money and fractions stay
-- inside the agreement's TOML source, which is the agreement of record (formats.md), with the
-- columns needed to list and filter agreements extracted beside it.

CREATE TABLE agreements (
    id             TEXT PRIMARY KEY NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    source         TEXT NOT NULL,
    title          TEXT NOT NULL,
    provider       TEXT NOT NULL,
    alliance       TEXT NOT NULL,
    region         TEXT NOT NULL,
    tier           TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL
) STRICT;

-- Who changed an agreement, when, and what it was after the change.
CREATE TABLE agreement_audit (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id TEXT NOT NULL,
    version      INTEGER NOT NULL,
    action       TEXT NOT NULL,
    changed_at   INTEGER NOT NULL,
    changed_by   TEXT NOT NULL,
    source       TEXT NOT NULL
) STRICT;
CREATE INDEX agreement_audit_by_agreement ON agreement_audit (agreement_id, version);

CREATE TABLE tickets (
    id            TEXT PRIMARY KEY NOT NULL,
    agreement_id  TEXT NOT NULL REFERENCES agreements (id),
    opened_at     INTEGER NOT NULL,
    priority      TEXT NOT NULL,
    channel       TEXT NOT NULL,
    category      TEXT NOT NULL,
    customer      TEXT NOT NULL DEFAULT '',
    subject       TEXT NOT NULL DEFAULT '',
    csat          INTEGER,
    assignee      TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    -- Kept by the store on every write (computed by accord-core from the events so far): whether
    -- the resolution clock is not stopped, and the earliest instant a running clock is due
    -- (NULL while paused), so the queue is an index scan.
    is_open       INTEGER NOT NULL DEFAULT 1,
    next_deadline INTEGER
) STRICT;
CREATE INDEX tickets_queue ON tickets (next_deadline) WHERE is_open = 1;
CREATE INDEX tickets_by_agreement ON tickets (agreement_id, opened_at);

-- Append-only: rows are never updated or deleted; `seq` is the file (or insertion) order.
CREATE TABLE events (
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    seq       INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    priority  TEXT,
    PRIMARY KEY (ticket_id, seq)
) STRICT, WITHOUT ROWID;

-- The event log is append-only, whoever writes to the file.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
