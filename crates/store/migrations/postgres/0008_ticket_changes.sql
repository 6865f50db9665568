-- Accord schema 8 (postgres).
-- Who changed a ticket in Accord, and when (issue 22): opening it from the form, adding an event,
-- assigning it, recording its CSAT. One row per change, keyed by the version the change wrote,
-- so it is written in the change's own transaction and read as of the version shown. Tickets and
-- events that came from an import or from before this schema have no row: their author is not
-- known, and the history says so rather than guess.
CREATE TABLE ticket_changes (
    ticket_id  TEXT NOT NULL REFERENCES tickets (id),
    version    BIGINT NOT NULL,
    changed_at BIGINT NOT NULL,
    changed_by TEXT NOT NULL,
    -- opened | event | assigned | csat
    what       TEXT NOT NULL,
    -- The assignee or the CSAT score set ('' when cleared); the event's position for an event.
    detail     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (ticket_id, version)
);

-- Like the event log, the record of who did what is append-only, whoever connects.
CREATE FUNCTION ticket_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ticket changes are append-only';
END;
$$;
CREATE TRIGGER ticket_changes_no_update_or_delete BEFORE UPDATE OR DELETE ON ticket_changes
    FOR EACH ROW EXECUTE FUNCTION ticket_changes_append_only();
