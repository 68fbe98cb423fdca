-- cramp-diary schema: a stop dated after an experiment's last day, kept from before version 6
-- (an older version let `sqlite3` or an import set one, e.g. 9999-12-31), is removed.
-- Append-only: once landed, this file is never edited; changes go in a new numbered file.
--
-- Such a stop stops nothing (the experiment ran to its last day either way, and is analysed
-- the same), but every view showed a date no experiment has, and the diary's own export could
-- not be imported back ("stopped_on must be no later than the experiment's last day"). The
-- triggers that make a stop final are lifted for this one statement and put back as they were.

DROP TRIGGER experiments_stop_once;
DROP TRIGGER experiments_stop_record_is_fixed;

UPDATE experiments SET stopped_on = NULL, stopped_at = NULL
WHERE stopped_on > date(start_on, '+' || (14 * pairs - 1) || ' days');

CREATE TRIGGER experiments_stop_once
BEFORE UPDATE OF stopped_on ON experiments
WHEN OLD.stopped_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an experiment that has stopped cannot be stopped again');
END;

CREATE TRIGGER experiments_stop_record_is_fixed
BEFORE UPDATE OF stopped_at ON experiments
WHEN OLD.stopped_at IS NOT NULL OR NEW.stopped_on IS NULL
BEGIN
    SELECT RAISE(ABORT, 'an experiment that has stopped cannot be stopped again');
END;
