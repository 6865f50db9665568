-- Accord schema 5 (postgres).
-- Mapping profiles (imports.md): how a helpdesk's export becomes tickets, kept with the
-- database (and exported with it) under their name; the TOML is the profile of record.
CREATE TABLE profiles (
    name       TEXT PRIMARY KEY,
    source     TEXT NOT NULL,
    toml       TEXT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);
