-- cramp-diary schema v3: on/off-week experiments (n-of-1 trials).
-- Append-only: once landed, this file is never edited; changes go in a new numbered file.

-- The plan (pairs, washout, outcome, test, threshold) and the randomised schedule are written
-- once, before any night of the experiment exists, and never changed: that is what makes the
-- analysis pre-registered. Only an early stop may be recorded, once.
CREATE TABLE experiments (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    start_on        TEXT NOT NULL CHECK (start_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    pairs           INTEGER NOT NULL CHECK (pairs BETWEEN 2 AND 16),
    washout_nights  INTEGER NOT NULL CHECK (washout_nights BETWEEN 0 AND 3),
    -- One word per week, 'routine' or 'rest', comma-separated: 2 * pairs words.
    schedule        TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    test            TEXT NOT NULL,
    threshold       REAL NOT NULL CHECK (threshold > 0 AND threshold < 1),
    stopped_on      TEXT CHECK (stopped_on IS NULL OR stopped_on >= start_on),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TRIGGER experiments_plan_is_fixed
BEFORE UPDATE OF uid, start_on, pairs, washout_nights, schedule, outcome, test, threshold, created_at
ON experiments
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s plan and schedule are fixed once it is started');
END;

CREATE TRIGGER experiments_stop_once
BEFORE UPDATE OF stopped_on ON experiments
WHEN OLD.stopped_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an experiment that has stopped cannot be stopped again');
END;

CREATE TRIGGER experiments_are_kept
BEFORE DELETE ON experiments
BEGIN
    SELECT RAISE(ABORT, 'an experiment is kept once it is started; stop it instead');
END;
