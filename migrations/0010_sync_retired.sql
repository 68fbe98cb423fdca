-- cramp-diary schema: retiring a sync device that is gone for good.
-- Append-only: once landed, this file is never edited; changes go in a new numbered file.

-- JSON: device id -> the last of its changes when it was retired here (by `cramp sync retire`
-- on this device, or read from another device's `device.json`). Compaction stops waiting for a
-- retired device's acknowledgement while it has made no change past that point.
ALTER TABLE sync_state ADD COLUMN retired TEXT NOT NULL DEFAULT '{}';
