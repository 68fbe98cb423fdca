-- cramp-diary schema v6: an experiment of any intervention, where its schedule came from, a
-- stop that is final, and a daily habit's answers night by night.
-- Append-only: once landed, this file is never edited; changes go in a new numbered file.

-- What the experiment tests: the deep-tissue routine (every experiment before this version), one
-- session technique, or a daily habit or supplement answered y/n each morning.
ALTER TABLE experiments ADD COLUMN intervention_kind TEXT NOT NULL DEFAULT 'routine'
    CHECK (intervention_kind IN ('routine', 'technique', 'daily'));
ALTER TABLE experiments ADD COLUMN intervention_name TEXT;
-- Where the schedule came from: drawn by this diary, imported from a file, or unrecorded (an
-- experiment from before this version).
ALTER TABLE experiments ADD COLUMN schedule_source TEXT NOT NULL DEFAULT 'unrecorded'
    CHECK (schedule_source IN ('drawn', 'imported', 'unrecorded'));
-- 0: the diary held nights on or after its start before its schedule did (imported over its own
-- nights): its result is shown as not pre-registered.
ALTER TABLE experiments ADD COLUMN preregistered INTEGER NOT NULL DEFAULT 1
    CHECK (preregistered IN (0, 1));
ALTER TABLE experiments ADD COLUMN imported_at TEXT;
-- When the stop was recorded (the stop's date is never before that day).
ALTER TABLE experiments ADD COLUMN stopped_at TEXT;

-- Experiments kept from before: a night on or after the start logged before the schedule existed
-- means it was not drawn before its nights.
UPDATE experiments SET preregistered = 0
WHERE EXISTS (SELECT 1 FROM nights n
              WHERE n.night_of >= experiments.start_on AND n.created_at < experiments.created_at);
UPDATE experiments SET stopped_at = updated_at WHERE stopped_on IS NOT NULL;

-- A daily habit's answer for a night: done (1) or not (0) on the day before it.
CREATE TABLE experiment_answers (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    experiment_uid  TEXT NOT NULL REFERENCES experiments (uid),
    night_of        TEXT NOT NULL CHECK (night_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    done            INTEGER NOT NULL CHECK (done IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
) STRICT;

CREATE UNIQUE INDEX experiment_answers_one_live_per_night
    ON experiment_answers (experiment_uid, night_of) WHERE deleted_at IS NULL;

-- The intervention as the domain writes it.
CREATE TRIGGER experiments_intervention_is_well_formed
BEFORE INSERT ON experiments
WHEN NOT (
       (NEW.intervention_kind = 'routine' AND NEW.intervention_name IS NULL)
    OR (NEW.intervention_kind = 'technique' AND NEW.intervention_name IN
          ('foam-roller', 'massage-gun', 'ball', 'thumbs', 'stick', 'stretch', 'professional'))
    OR (NEW.intervention_kind = 'daily' AND NEW.intervention_name IS NOT NULL
        AND length(NEW.intervention_name) BETWEEN 1 AND 60
        AND NEW.intervention_name = trim(NEW.intervention_name)
        AND NEW.intervention_name NOT GLOB
            '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*'))
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s intervention must be the routine, a technique, or a daily habit named in 1-60 characters');
END;

-- What the plan says, where its schedule came from and whether it was pre-registered never change.
CREATE TRIGGER experiments_origin_is_fixed
BEFORE UPDATE OF intervention_kind, intervention_name, schedule_source, preregistered, imported_at
ON experiments
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s plan and schedule are fixed once it is started');
END;

-- A stop is final: recorded once (0003 refuses a second), with when it was recorded, and that
-- time never set apart from the stop itself.
CREATE TRIGGER experiments_stop_record_is_fixed
BEFORE UPDATE OF stopped_at ON experiments
WHEN OLD.stopped_at IS NOT NULL OR NEW.stopped_on IS NULL
BEGIN
    SELECT RAISE(ABORT, 'an experiment that has stopped cannot be stopped again');
END;

-- A stop never comes after the last day, never before a night already logged inside the
-- experiment (deleted or not: a stop moved back over logged nights would change which pairs are
-- analysed), never before an answer, and never before the day it was recorded.
CREATE TRIGGER experiments_stop_is_in_range_on_insert
BEFORE INSERT ON experiments
WHEN NEW.stopped_on IS NOT NULL AND (
       NEW.stopped_on > date(NEW.start_on, '+' || (14 * NEW.pairs - 1) || ' days')
    OR EXISTS (SELECT 1 FROM nights n
               WHERE n.night_of > NEW.stopped_on AND n.night_of >= NEW.start_on
                 AND n.night_of <= date(NEW.start_on, '+' || (14 * NEW.pairs - 1) || ' days'))
    OR (NEW.stopped_at IS NOT NULL AND NEW.stopped_on < substr(NEW.stopped_at, 1, 10)))
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s stop must be no earlier than the last logged night inside it and the day it was recorded, and no later than its last day');
END;

CREATE TRIGGER experiments_stop_is_in_range
BEFORE UPDATE OF stopped_on ON experiments
WHEN NEW.stopped_on IS NOT NULL AND (
       NEW.stopped_on > date(NEW.start_on, '+' || (14 * NEW.pairs - 1) || ' days')
    OR EXISTS (SELECT 1 FROM nights n
               WHERE n.night_of > NEW.stopped_on AND n.night_of >= NEW.start_on
                 AND n.night_of <= date(NEW.start_on, '+' || (14 * NEW.pairs - 1) || ' days'))
    OR EXISTS (SELECT 1 FROM experiment_answers a
               WHERE a.experiment_uid = NEW.uid AND a.deleted_at IS NULL
                 AND a.night_of > NEW.stopped_on)
    OR NEW.stopped_at IS NULL
    OR NEW.stopped_on < substr(NEW.stopped_at, 1, 10))
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s stop must be no earlier than the last logged night inside it and the day it was recorded, and no later than its last day');
END;

-- An answer belongs to a night of a daily-habit experiment, from its start to its last day (the
-- stop, when it was stopped; none when it was cancelled before it began).
CREATE TRIGGER experiment_answers_inside_on_insert
BEFORE INSERT ON experiment_answers
WHEN NOT EXISTS (
    SELECT 1 FROM experiments e
    WHERE e.uid = NEW.experiment_uid AND e.intervention_kind = 'daily'
      AND NEW.night_of >= e.start_on
      AND NEW.night_of <= date(e.start_on, '+' || (14 * e.pairs - 1) || ' days')
      AND (e.stopped_on IS NULL OR (e.stopped_on > e.start_on AND NEW.night_of <= e.stopped_on)))
BEGIN
    SELECT RAISE(ABORT, 'an answer''s night must be a night of its daily-habit experiment');
END;

CREATE TRIGGER experiment_answers_inside
BEFORE UPDATE OF experiment_uid, night_of ON experiment_answers
WHEN NOT EXISTS (
    SELECT 1 FROM experiments e
    WHERE e.uid = NEW.experiment_uid AND e.intervention_kind = 'daily'
      AND NEW.night_of >= e.start_on
      AND NEW.night_of <= date(e.start_on, '+' || (14 * e.pairs - 1) || ' days')
      AND (e.stopped_on IS NULL OR (e.stopped_on > e.start_on AND NEW.night_of <= e.stopped_on)))
BEGIN
    SELECT RAISE(ABORT, 'an answer''s night must be a night of its daily-habit experiment');
END;
