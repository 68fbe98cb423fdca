-- cramp-diary schema v4: the guards 0003 left open on a started experiment.
-- Append-only: once landed, this file is never edited; changes go in a new numbered file.

-- INSERT OR REPLACE (and REPLACE INTO) removes the old row without firing the delete trigger,
-- so it could swap a started experiment's schedule for another one; an experiment is only ever
-- added under a new id and a new uid.
CREATE TRIGGER experiments_are_never_replaced
BEFORE INSERT ON experiments
WHEN EXISTS (SELECT 1 FROM experiments WHERE id = NEW.id OR uid = NEW.uid)
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s plan and schedule are fixed once it is started');
END;

-- UPDATE OR REPLACE of id would overwrite another experiment the same way.
CREATE TRIGGER experiments_id_is_fixed
BEFORE UPDATE OF id ON experiments
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s plan and schedule are fixed once it is started');
END;

-- The schedule as the domain writes it: one word per week, 'routine' or 'rest', 2 * pairs words;
-- the threshold the analysis applies (0.05); dates in YYYY-MM-DD.
CREATE TRIGGER experiments_are_well_formed
BEFORE INSERT ON experiments
WHEN replace(replace(replace(NEW.schedule, 'routine', ''), 'rest', ''), ',', '') <> ''
  OR length(NEW.schedule) - length(replace(NEW.schedule, ',', '')) <> 2 * NEW.pairs - 1
  OR ',' || NEW.schedule || ',' GLOB '*,,*'
  OR NEW.threshold <> 0.05
  OR (NEW.stopped_on IS NOT NULL
      AND NEW.stopped_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s schedule must be 2 * pairs words, routine or rest, with the threshold 0.05');
END;

CREATE TRIGGER experiments_stop_is_a_date
BEFORE UPDATE OF stopped_on ON experiments
WHEN NEW.stopped_on IS NOT NULL
 AND NEW.stopped_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s stop date must be YYYY-MM-DD');
END;
