-- Accord schema 6 (postgres).
-- Where an agreement's holidays came from (issue 21): a holiday added from an iCalendar file
-- remembers the file, the event's UID and the calendar's name, and who added it when. The
-- agreement's TOML stays the terms of record (formats.md has no key for this); a row speaks for
-- the holiday of its agreement, date and name while the terms hold it.
CREATE TABLE holiday_sources (
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    date         TEXT NOT NULL,
    name         TEXT NOT NULL,
    source       TEXT NOT NULL,
    uid          TEXT,
    calendar     TEXT,
    added_at     BIGINT NOT NULL,
    added_by     TEXT NOT NULL,
    PRIMARY KEY (agreement_id, date)
);
