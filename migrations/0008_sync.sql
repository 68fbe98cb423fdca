-- cramp-diary schema: sync through a folder the person already syncs.
-- Append-only: once landed, this file is never edited; changes go in a new numbered file.
-- The triggers that record every change are not here: they are written from the list of
-- tables each time the diary opens (store/sync/triggers.rs), so a table added later syncs too.

-- This diary as a sync device: its random id, whether its changes are being recorded (from the
-- first sync on), its clock, and how far it has applied the other devices' changes.
CREATE TABLE sync_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    device     TEXT NOT NULL CHECK (length(device) = 16),
    recording  INTEGER NOT NULL DEFAULT 0 CHECK (recording IN (0, 1)),
    -- 1 only inside a sync's own writes, which are not recorded as this device's changes.
    applying   INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    seq        INTEGER NOT NULL DEFAULT 0,
    hlc_wall   INTEGER NOT NULL DEFAULT 0,
    hlc_count  INTEGER NOT NULL DEFAULT 0,
    -- JSON: device id -> the last of its changes applied here (other devices only).
    applied    TEXT NOT NULL DEFAULT '{}',
    -- This device's changes written to the folder: 1..sent.
    sent       INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO sync_state (id, device) VALUES (1, lower(hex(randomblob(8))));

-- Every change known here: this device's (recorded with the change, in the same transaction)
-- and the other devices' (applied by a sync). `family`: the records merged together.
CREATE TABLE sync_ops (
    device     TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    hlc_wall   INTEGER NOT NULL,
    hlc_count  INTEGER NOT NULL,
    schema     INTEGER NOT NULL,
    seen       TEXT NOT NULL,
    tbl        TEXT NOT NULL,
    uid        TEXT NOT NULL,
    is_create  INTEGER NOT NULL CHECK (is_create IN (0, 1)),
    fields     TEXT NOT NULL,
    at         TEXT NOT NULL,
    family     TEXT,
    PRIMARY KEY (device, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX sync_ops_by_family ON sync_ops (family);
CREATE INDEX sync_ops_by_record ON sync_ops (tbl, uid);

-- Other devices' changes read from the folder that wait for a change they depend on.
CREATE TABLE sync_waiting (
    device  TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    line    TEXT NOT NULL,
    file    TEXT NOT NULL,
    PRIMARY KEY (device, seq)
) STRICT, WITHOUT ROWID;

-- How far each file in the folder has been read: bytes of whole lines, and the checksum of the
-- last line read (so a file replaced by an older copy is noticed).
CREATE TABLE sync_files (
    name     TEXT PRIMARY KEY,
    device   TEXT NOT NULL,
    read_to  INTEGER NOT NULL,
    lines    INTEGER NOT NULL,
    last     TEXT NOT NULL
) STRICT;

-- What each device last said of itself in its folder: host name, diary format, what it had
-- applied (its acknowledgement), when; and when this diary last read from it.
CREATE TABLE sync_devices (
    device     TEXT PRIMARY KEY,
    host       TEXT NOT NULL DEFAULT '',
    schema     INTEGER NOT NULL DEFAULT 0,
    applied    TEXT NOT NULL DEFAULT '{}',
    written    TEXT NOT NULL DEFAULT '',
    read_at    TEXT NOT NULL DEFAULT ''
) STRICT;

-- The questions waiting for the person, by family (JSON), so the dashboard counts them
-- without merging.
CREATE TABLE sync_conflicts (
    family  TEXT NOT NULL,
    id      TEXT NOT NULL,
    body    TEXT NOT NULL,
    PRIMARY KEY (family, id)
) STRICT;

-- Changes a merge left out (a field written once, a stop recorded first elsewhere), and why.
CREATE TABLE sync_refused (
    device  TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    why     TEXT NOT NULL,
    PRIMARY KEY (device, seq, why)
) STRICT;
