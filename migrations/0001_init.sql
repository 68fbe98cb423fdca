-- cramp-diary schema v1: nights and the cramp episodes in them.
-- Append-only: once landed, this file is never edited; changes go in a new numbered file.

-- 'CRMP': marks the file as a cramp diary, so another program's SQLite file is refused.
PRAGMA application_id = 1129467216;

CREATE TABLE nights (
    id                INTEGER PRIMARY KEY,
    uid               TEXT NOT NULL UNIQUE,
    night_of          TEXT NOT NULL CHECK (night_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status            TEXT NOT NULL CHECK (status IN ('cramps', 'none', 'excluded')),
    exclude_reason    TEXT,
    tight_left        INTEGER CHECK (tight_left BETWEEN 0 AND 10),
    tight_right       INTEGER CHECK (tight_right BETWEEN 0 AND 10),
    sleep_disturbance INTEGER CHECK (sleep_disturbance BETWEEN 0 AND 10),
    soreness          INTEGER CHECK (soreness BETWEEN 0 AND 10),
    note              TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT,
    CHECK ((status = 'excluded') = (exclude_reason IS NOT NULL))
) STRICT;

-- One live row per night; soft-deleted rows may repeat a date.
CREATE UNIQUE INDEX nights_one_live_per_date ON nights (night_of) WHERE deleted_at IS NULL;

CREATE TABLE cramp_episodes (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    night_id    INTEGER NOT NULL REFERENCES nights (id),
    leg         TEXT NOT NULL CHECK (leg IN ('left', 'right', 'both')),
    muscle      TEXT NOT NULL CHECK (muscle IN ('calf', 'foot', 'shin', 'thigh', 'other')),
    intensity   INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 10),
    duration_s  INTEGER NOT NULL CHECK (duration_s BETWEEN 1 AND 3600),
    at_time     TEXT CHECK (at_time IS NULL OR at_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    woke        INTEGER NOT NULL CHECK (woke IN (0, 1)),
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;

CREATE INDEX cramp_episodes_by_night ON cramp_episodes (night_id);
