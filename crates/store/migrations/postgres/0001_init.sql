-- Accord schema 1 (PostgreSQL). Ids compare byte by byte (COLLATE "C"), as in SQLite, which
-- also keeps their indexes fast. Instants are UTC seconds since the epoch; money and fractions stay
-- inside the agreement's TOML source, which is the agreement of record (formats.md), with the
-- columns needed to list and filter agreements extracted beside it.

CREATE TABLE agreements (
    id             TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1,
    source         TEXT NOT NULL,
    title          TEXT NOT NULL,
    provider       TEXT NOT NULL,
    alliance       TEXT NOT NULL,
    region         TEXT NOT NULL,
    tier           TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    updated_at     BIGINT NOT NULL,
    updated_by     TEXT NOT NULL
);

-- Who changed an agreement, when, and what it was after the change.
CREATE TABLE agreement_audit (
    id           BIGSERIAL PRIMARY KEY,
    agreement_id TEXT COLLATE "C" NOT NULL,
    version      BIGINT NOT NULL,
    action       TEXT NOT NULL,
    changed_at   BIGINT NOT NULL,
    changed_by   TEXT NOT NULL,
    source       TEXT NOT NULL
);
CREATE INDEX agreement_audit_by_agreement ON agreement_audit (agreement_id, version);

CREATE TABLE tickets (
    id            TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    agreement_id  TEXT COLLATE "C" NOT NULL REFERENCES agreements (id),
    opened_at     BIGINT NOT NULL,
    priority      TEXT NOT NULL,
    channel       TEXT NOT NULL,
    category      TEXT NOT NULL,
    customer      TEXT NOT NULL DEFAULT '',
    subject       TEXT NOT NULL DEFAULT '',
    csat          BIGINT,
    assignee      TEXT,
    version       BIGINT NOT NULL DEFAULT 1,
    -- Kept by the store on every write (computed by accord-core from the events so far): whether
    -- the resolution clock is not stopped, and the earliest instant a running clock is due
    -- (NULL while paused), so the queue is an index scan.
    is_open       BIGINT NOT NULL DEFAULT 1,
    next_deadline BIGINT
);
CREATE INDEX tickets_queue ON tickets (next_deadline) WHERE is_open = 1;
CREATE INDEX tickets_by_agreement ON tickets (agreement_id, opened_at);

-- Append-only: rows are never updated or deleted; `seq` is the file (or insertion) order.
-- No foreign key to tickets here (SQLite has one): PostgreSQL checks a foreign key by locking
-- the referenced row for every inserted row, which made it 60 % of a COPY import. Every event
-- is written by the store in the transaction that checks or writes its ticket (imports check
-- every reference, an append updates the ticket's row by version first), and tickets are
-- never deleted, so the reference holds by construction; the index below keeps lookups fast.
CREATE TABLE events (
    ticket_id TEXT COLLATE "C" NOT NULL,
    seq       BIGINT NOT NULL,
    at        BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    priority  TEXT,
    PRIMARY KEY (ticket_id, seq)
);

-- The event log is append-only, whoever connects.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only';
END;
$$;
CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
