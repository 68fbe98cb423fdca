-- cramp-diary schema v5: numbness and swelling noted on a morning (NHS red flags with cramps).
-- Append-only: once landed, this file is never edited; changes go in a new numbered file.
-- NULL: not noted; 'none': noted, none.
ALTER TABLE nights ADD COLUMN numbness TEXT CHECK (numbness IN ('none', 'left', 'right', 'both'));
ALTER TABLE nights ADD COLUMN swelling TEXT CHECK (swelling IN ('none', 'left', 'right', 'both'));
