-- cramp-diary schema: tags on a night (what happened the evening and day before it).
-- Append-only: once landed, this file is never edited; changes go in a new numbered file.
-- A night's tags are a set: adding one writes a row, removing one marks its row deleted. The
-- same words may have two live rows on a night (added on two copies of the diary); readers
-- take the set.
CREATE TABLE night_tags (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    night_id    INTEGER NOT NULL REFERENCES nights (id),
    tag         TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40 AND tag = lower(trim(tag))),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;

CREATE INDEX night_tags_by_night ON night_tags (night_id);
