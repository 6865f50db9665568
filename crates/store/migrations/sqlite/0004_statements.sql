-- Accord schema 4 (sqlite).
-- Issued credit statements: what a period's figures were when they were sent to the customer.
-- Rows are never updated or deleted (an issued statement is a record, like the event log); a
-- period issued again after a restatement gets the next `number`, the earlier one stays.
-- `figures` is the engine's record of the period (counts, credits, every ticket that could count
-- with its outcomes, credit and event count), as JSON; `agreement_source` the agreement of record
-- it was computed under, so a later correction of the terms can be named as a cause.
CREATE TABLE statements (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id      TEXT NOT NULL REFERENCES agreements (id),
    period            TEXT NOT NULL,
    number            INTEGER NOT NULL,
    issued_at         INTEGER NOT NULL,
    issued_by         TEXT NOT NULL,
    agreement_version INTEGER NOT NULL,
    agreement_source  TEXT NOT NULL,
    terms             TEXT NOT NULL,
    credit_total      TEXT NOT NULL,
    currency          TEXT NOT NULL,
    figures           TEXT NOT NULL,
    UNIQUE (agreement_id, period, number)
) STRICT;

CREATE TRIGGER statements_no_update BEFORE UPDATE ON statements
BEGIN SELECT RAISE(ABORT, 'issued statements cannot be changed'); END;
CREATE TRIGGER statements_no_delete BEFORE DELETE ON statements
BEGIN SELECT RAISE(ABORT, 'issued statements cannot be changed'); END;
