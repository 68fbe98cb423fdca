#!/usr/bin/env bash
# Side-by-side timings on a 10-year diary (see README "Performance"):
#   cramp cramp ...            vs  sqlite3 inserting the same rows into a copy of the file
#   cramp report --format json vs  sqlite3 running the equivalent aggregate query
#   the TUI's first frame (pseudo-terminal), empty diary vs 10-year diary, and its peak memory
#   cramp due --prompt         vs  sqlite3 -readonly reading the same night's row
#   encrypted: a save, the first frame and the prompt segment on the 10-year diary encrypted
#   (the sqlcipher build, key from CRAMP_KEY_FILE) vs the same on the plain diary (default build)
#   sync: a fresh device applying a folder that holds the 10 years (cramp sync DIR); a save with
#   sync.dir set (it syncs after saving; the folder holds this device's 10 years and another
#   device's week of cramps) vs the same save on a copy of that diary without sync.dir; the first frame
#   with sync.dir set vs without
# Needs hyperfine and sqlite3 (Debian packages); installs them with apt-get when missing.
# Usage: bash benches/compare.sh [RUNS] [PART]   PART: all (default), insert, report, tui, prompt,
#        encrypted (builds the sqlcipher feature too: needs libtomcrypt-dev; python3 for the
#        CPU-time ratios of benches/cpu_ratio.py), sync (python3 too)
# (results also in target/compare/, or $CARGO_TARGET_DIR/compare/)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
part="${2:-all}"
case "$part" in all|insert|report|tui|prompt|encrypted|sync) ;; *) echo "PART must be all, insert, report, tui, prompt, encrypted or sync"; exit 2;; esac
want() { [ "$part" = all ] || [ "$part" = "$1" ]; }
for tool in hyperfine sqlite3; do
  if ! command -v "$tool" >/dev/null; then
    apt-get install -y "$tool" >/dev/null || { echo "compare.sh needs $tool"; exit 1; }
  fi
done
cargo build --release --quiet --bin cramp --examples
target="${CARGO_TARGET_DIR:-$PWD/target}"
bin="$target/release/cramp"
out="$target/compare"
rm -rf "$out" && mkdir -p "$out"
"$target/release/examples/make_diary" "$out/ten.db" 10 >/dev/null
"$target/release/examples/make_diary" "$out/empty.db" 0 >/dev/null
cp "$out/ten.db" "$out/cramp.db"
cp "$out/ten.db" "$out/sqlite.db"
export CRAMP_NOW=2026-11-23T07:30

if want insert; then
echo "== one cramp: cramp vs sqlite3 (open, write with fsync, exit)"
insert="PRAGMA busy_timeout=5000; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO nights (uid, night_of, status, created_at, updated_at)
  VALUES (lower(hex(randomblob(16))), '2026-11-23', 'cramps', '2026-11-23T07:30:00', '2026-11-23T07:30:00');
INSERT INTO cramp_episodes (uid, night_id, leg, muscle, intensity, duration_s, woke, created_at, updated_at)
  SELECT lower(hex(randomblob(16))), id, 'left', 'calf', 7, 90, 1, '2026-11-23T07:30:00', '2026-11-23T07:30:00'
  FROM nights WHERE night_of = '2026-11-23' AND deleted_at IS NULL;
COMMIT;"
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/insert.md" \
  -n "cramp cramp" "$bin --db $out/cramp.db cramp --leg left --intensity 7 --duration 90s --night 2026-11-23" \
  -n "sqlite3 insert" "sqlite3 $out/sqlite.db \"$insert\""

fi

if want report; then
echo "== the report: cramp report --format json vs the same aggregates in sqlite3"
aggregate="SELECT n.night_of, n.status, count(e.id), max(e.intensity), max(e.duration_s),
  n.sleep_disturbance, n.tight_left, n.tight_right
FROM nights n LEFT JOIN cramp_episodes e ON e.night_id = n.id AND e.deleted_at IS NULL
WHERE n.night_of BETWEEN '2026-10-05' AND '2026-11-22' AND n.deleted_at IS NULL GROUP BY n.id;
SELECT substr(at, 1, 10) AS day, count(*) FROM massage_sessions
WHERE at >= '2026-10-05' AND at < '2026-11-23' AND deleted_at IS NULL GROUP BY day;
SELECT uid, start_on, weeks, per_week, baseline_nights, stopped_on FROM routines WHERE deleted_at IS NULL;"
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/report.md" \
  -n "cramp report --format json" "$bin --db $out/ten.db report --format json" \
  -n "sqlite3 aggregate" "sqlite3 -json $out/ten.db \"$aggregate\""

fi

if want tui; then
echo "== the TUI: first frame and peak memory (pseudo-terminal, 120x40)"
{
  echo "empty diary:   $("$target/release/examples/first_frame" "$bin" "$out/empty.db" "$runs")"
  echo "10-year diary: $("$target/release/examples/first_frame" "$bin" "$out/ten.db" "$runs")"
} | tee "$out/tui.txt"

echo "== peak memory of the TUI on the 10-year diary (/usr/bin/time -v around script(1))"
if [ -x /usr/bin/time ] && command -v script >/dev/null; then
  (sleep 1; printf q) | /usr/bin/time -v script -qec "$bin --db $out/ten.db" /dev/null 2> "$out/time.txt" >/dev/null || true
  grep "Maximum resident set size" "$out/time.txt" | tee -a "$out/tui.txt"
fi
fi

if want prompt; then
echo "== the prompt segment: cramp due --prompt vs sqlite3 reading the same row (read-only)"
# CRAMP_NOW is the morning of 23 Nov: both read the row of the night of 22 Nov.
row="SELECT EXISTS (SELECT 1 FROM nights WHERE night_of = '2026-11-22' AND deleted_at IS NULL);"
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/prompt.md" --export-json "$out/prompt.json" \
  -n "cramp due --prompt" "$bin --db $out/ten.db due --prompt" \
  -n "sqlite3 one row" "sqlite3 -readonly $out/ten.db \"$row\""
fi

if want encrypted; then
echo "== an encrypted diary (sqlcipher build, CRAMP_KEY_FILE) vs the plain diary (default build)"
cp "$bin" "$out/cramp-plain"
cargo build --release --quiet --bin cramp --features sqlcipher
cp "$target/release/cramp" "$out/cramp-sqlcipher"
# Put the default build back for anything run after this script.
cargo build --release --quiet --bin cramp
cp "$out/ten.db" "$out/plain.db"
cp "$out/ten.db" "$out/enc.db"
printf 'benchmark passphrase\n' > "$out/pass" && chmod 600 "$out/pass"
"$out/cramp-sqlcipher" --db "$out/enc.db" encrypt --passphrase-file "$out/pass" --save-key "$out/enc.key" >/dev/null
# The key file is in the environment of both sides (the plain diary never reads it), so no
# `env` process adds its start-up to the encrypted side.
CRAMP_KEY_FILE="$out/enc.key" hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/enc-save.md" \
  -n "plain: cramp night" "$out/cramp-plain --db $out/plain.db night --sleep 3 --night 2026-11-20" \
  -n "encrypted: cramp night" "$out/cramp-sqlcipher --db $out/enc.db night --sleep 3 --night 2026-11-20"
CRAMP_KEY_FILE="$out/enc.key" hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/enc-prompt.md" \
  -n "plain: cramp due --prompt" "$out/cramp-plain --db $out/plain.db due --prompt" \
  -n "encrypted: cramp due --prompt" "$out/cramp-sqlcipher --db $out/enc.db due --prompt"
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/enc-locked.md" \
  -n "locked: cramp due --prompt (no key)" "$out/cramp-sqlcipher --db $out/enc.db due --prompt"
# CPU time per process, plain and encrypted in turn (a change of load falls on both alike):
# the figures the README's table gives, with a 95% interval of each ratio.
echo "-- CPU time (user + system) per process, benches/cpu_ratio.py, $((runs * 5)) rounds"
{
  python3 benches/cpu_ratio.py "$((runs * 5))" \
    "plain save=$out/cramp-plain --db $out/plain.db night --sleep 3 --night 2026-11-20" \
    "encrypted save=CRAMP_KEY_FILE=$out/enc.key $out/cramp-sqlcipher --db $out/enc.db night --sleep 3 --night 2026-11-20"
  python3 benches/cpu_ratio.py "$((runs * 5))" \
    "plain prompt=$out/cramp-plain --db $out/plain.db due --prompt" \
    "encrypted prompt=CRAMP_KEY_FILE=$out/enc.key $out/cramp-sqlcipher --db $out/enc.db due --prompt" \
    "locked prompt=$out/cramp-sqlcipher --db $out/enc.db due --prompt"
} | tee "$out/enc-cpu.txt"
{
  echo "plain diary, default build:        $("$target/release/examples/first_frame" "$out/cramp-plain" "$out/plain.db" "$runs")"
  echo "encrypted diary, CRAMP_KEY_FILE:    $(CRAMP_KEY_FILE="$out/enc.key" "$target/release/examples/first_frame" "$out/cramp-sqlcipher" "$out/enc.db" "$runs")"
} | tee "$out/enc-tui.txt"
fi

if want sync; then
echo "== sync (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
sd="$out/sync"
mkdir -p "$sd"
# Each side names its own config file (CRAMP_CONFIG), so the person's own config is never read.
printf '[sync]\ndir = "%s"\n' "$sd/folder" > "$sd/sync.toml"
: > "$sd/plain.toml"
cp "$out/ten.db" "$sd/laptop.db"
cp "$out/ten.db" "$sd/never.db"
# The laptop's first sync sends its 10 years (every record becomes one operation).
"$bin" --db "$sd/laptop.db" sync "$sd/folder" | tee "$sd/first.txt"
du -sk "$sd/folder" | tee -a "$sd/first.txt"
echo "-- a fresh device (an empty diary) applies the 10 years: cramp sync DIR, whole process"
hyperfine -N --runs "$(( runs < 10 ? runs : 10 ))" --export-markdown "$out/sync-apply.md" \
  --prepare "bash -c 'rm -rf $sd/fresh $sd/phone-fresh.db* && cp -r $sd/folder $sd/fresh'" \
  -n "fresh device: cramp sync (10 years)" "$bin --db $sd/phone-fresh.db sync $sd/fresh"
# The phone (a second device) takes everything and logs a week; the laptop takes the week in,
# so the folder holds both devices' histories and the laptop has applied them all.
"$bin" --db "$sd/phone.db" sync "$sd/folder" >/dev/null
for d in 16 17 18 19 20 21 22; do
  "$bin" --db "$sd/phone.db" cramp --leg right --intensity 4 --duration 60s --night "2026-11-$d" >/dev/null
done
"$bin" --db "$sd/phone.db" sync "$sd/folder" >/dev/null
"$bin" --db "$sd/laptop.db" sync "$sd/folder" | tee -a "$sd/first.txt"
# The same diary, never to sync again: the save records its operation as the synced one does.
cp "$sd/laptop.db" "$sd/plain.db"
save="cramp --leg left --intensity 7 --duration 90s --night 2026-11-23"
echo "-- a save with sync.dir set vs the same save on the same diary without (env on both sides)"
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/sync-save.md" \
  -n "save, no sync.dir" "env CRAMP_CONFIG=$sd/plain.toml $bin --db $sd/plain.db $save" \
  -n "save + sync (sync.dir set)" "env CRAMP_CONFIG=$sd/sync.toml $bin --db $sd/laptop.db $save"
# Interleaved, each round a cramp on another night ({day}: 22 Nov, 21 Nov, ...), as a person
# logs one night at a time (hyperfine above adds them all to one night).
each="cramp --leg left --intensity 7 --duration 90s --night {day}"
echo "-- CPU time (user + system) and wall time per process, interleaved, benches/cpu_ratio.py, $((runs * 5)) rounds"
python3 benches/cpu_ratio.py "$((runs * 5))" \
  "save, no sync.dir=CRAMP_CONFIG=$sd/plain.toml $bin --db $sd/plain.db $each" \
  "save + sync=CRAMP_CONFIG=$sd/sync.toml $bin --db $sd/laptop.db $each" \
  "save, never synced=CRAMP_CONFIG=$sd/plain.toml $bin --db $sd/never.db $each" | tee "$out/sync-cpu.txt"
echo "-- the first frame without sync.dir (plain.db) vs with it (laptop.db), taking turns"
"$target/release/examples/first_frame" "$bin" "$sd/plain.db@$sd/plain.toml" "$runs" \
  "$sd/laptop.db@$sd/sync.toml" | tee "$out/sync-tui.txt"
echo "== sync done (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
fi
