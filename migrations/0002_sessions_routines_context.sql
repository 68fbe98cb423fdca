-- cramp-diary schema v2: self-massage sessions, deep-tissue routines and daily context.
-- Append-only: once landed, this file is never edited; changes go in a new numbered file.

CREATE TABLE massage_sessions (
    id                INTEGER PRIMARY KEY,
    uid               TEXT NOT NULL UNIQUE,
    at                TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-2][0-9]:[0-5][0-9]'),
    technique         TEXT NOT NULL CHECK (technique IN ('foam-roller', 'massage-gun', 'ball', 'thumbs',
                                                         'stick', 'stretch', 'professional')),
    legs              TEXT NOT NULL CHECK (legs IN ('left', 'right', 'both')),
    minutes_per_calf  INTEGER CHECK (minutes_per_calf BETWEEN 0 AND 60),
    pain              INTEGER CHECK (pain BETWEEN 0 AND 10),
    gun_speed         TEXT CHECK (gun_speed IN ('low', 'medium', 'high')),
    gun_head          TEXT CHECK (gun_head IN ('flat', 'bullet', 'ball', 'fork')),
    spots             INTEGER CHECK (spots BETWEEN 0 AND 50),
    seconds_per_spot  INTEGER CHECK (seconds_per_spot BETWEEN 1 AND 600),
    tight_before      INTEGER CHECK (tight_before BETWEEN 0 AND 10),
    tight_after       INTEGER CHECK (tight_after BETWEEN 0 AND 10),
    -- Comma-separated: bruising, tingling, numbness.
    side_effects      TEXT NOT NULL DEFAULT '',
    note              TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT,
    CHECK (technique = 'massage-gun' OR (gun_speed IS NULL AND gun_head IS NULL))
) STRICT;

CREATE INDEX massage_sessions_by_time ON massage_sessions (at);

CREATE TABLE routines (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    start_on         TEXT NOT NULL CHECK (start_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    weeks            INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 12),
    per_week         INTEGER NOT NULL CHECK (per_week BETWEEN 1 AND 14),
    baseline_nights  INTEGER NOT NULL CHECK (baseline_nights BETWEEN 7 AND 365),
    stopped_on       TEXT CHECK (stopped_on IS NULL OR stopped_on >= start_on),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
) STRICT;

CREATE TABLE daily_context (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    day           TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    fluids_dl     INTEGER CHECK (fluids_dl BETWEEN 0 AND 100),
    magnesium_mg  INTEGER CHECK (magnesium_mg BETWEEN 0 AND 2000),
    potassium     INTEGER CHECK (potassium IN (0, 1)),
    exercise_min  INTEGER CHECK (exercise_min BETWEEN 0 AND 600),
    medication    TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;

CREATE UNIQUE INDEX daily_context_one_live_per_day ON daily_context (day) WHERE deleted_at IS NULL;
