-- Accord schema 5 (sqlite).
-- Mapping profiles (imports.md): how a helpdesk's export becomes tickets, kept with the
-- database (and exported with it) under their name; the TOML is the profile of record.
CREATE TABLE profiles (
    name       TEXT PRIMARY KEY NOT NULL,
    source     TEXT NOT NULL,
    toml       TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;
