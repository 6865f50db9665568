-- Accord schema 4 (postgres).
-- Issued credit statements: what a period's figures were when they were sent to the customer.
-- Rows are never updated or deleted (an issued statement is a record, like the event log); a
-- period issued again after a restatement gets the next `number`, the earlier one stays.
-- `figures` is the engine's record of the period (counts, credits, every ticket that could count
-- with its outcomes, credit and event count), as JSON; `agreement_source` the agreement of record
-- it was computed under, so a later correction of the terms can be named as a cause.
CREATE TABLE statements (
    id                BIGSERIAL PRIMARY KEY,
    agreement_id      TEXT NOT NULL REFERENCES agreements (id),
    period            TEXT NOT NULL,
    number            BIGINT NOT NULL,
    issued_at         BIGINT NOT NULL,
    issued_by         TEXT NOT NULL,
    agreement_version BIGINT NOT NULL,
    agreement_source  TEXT NOT NULL,
    terms             TEXT NOT NULL,
    credit_total      TEXT NOT NULL,
    currency          TEXT NOT NULL,
    figures           TEXT NOT NULL,
    UNIQUE (agreement_id, period, number)
);

CREATE FUNCTION statements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'issued statements cannot be changed';
END;
$$;
CREATE TRIGGER statements_no_update_or_delete BEFORE UPDATE OR DELETE ON statements
    FOR EACH ROW EXECUTE FUNCTION statements_immutable();
