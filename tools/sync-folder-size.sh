#!/usr/bin/env bash
# How big the sync folder grows in a year of daily use, with two devices: the phone logs each
# night in the morning (a cramp on every third, a note on every fifth), the laptop a massage
# session on 5 evenings of 7; each syncs after it logs. In a throwaway HOME, the clock set per
# day (CRAMP_NOW). Prints the folder's size in bytes, its files and the operations made.
# Usage: tools/sync-folder-size.sh [never|auto|monthly] [path/to/cramp] [years]
#   never:   no compaction (the previous version's behaviour: every operation file kept)
#   auto:    what a sync does by itself (compacts once 256 KiB of a device's files are
#            acknowledged by every device)
#   monthly: also `cramp sync compact` on both devices on the first of each month
# (default: auto, target/debug/cramp, 1 year)
set -euo pipefail
mode=${1:-auto}
bin=${2:-target/debug/cramp}
years=${3:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
unset CRAMP_DB CRAMP_CONFIG
phone=$work/phone.db
laptop=$work/laptop.db
dir=$work/sync
sync() { # device, time
  if [[ $mode == never ]]; then
    CRAMP_NOW=$2 CRAMP_TEST_NO_COMPACT=1 "$bin" --db "$1" sync "$dir" >/dev/null
  else
    CRAMP_NOW=$2 "$bin" --db "$1" sync "$dir" >/dev/null
  fi
}
for i in $(seq 0 $((365 * years - 1))); do
  day=$(date -u -d "2026-01-01 + $i days" +%F)
  next=$(date -u -d "2026-01-01 + $((i + 1)) days" +%F)
  if (( i % 3 == 0 )); then
    CRAMP_NOW=${next}T07:30 "$bin" --db "$phone" cramp --leg left --intensity 6 --duration 90s --night "$day" >/dev/null
  else
    args=(night --none --tight-left 3 --night "$day")
    (( i % 5 == 0 )) && args+=(--note "slept well after stretching")
    CRAMP_NOW=${next}T07:30 "$bin" --db "$phone" "${args[@]}" >/dev/null
  fi
  sync "$phone" "${next}T07:31"
  if (( i % 7 < 5 )); then
    CRAMP_NOW=${next}T20:00 "$bin" --db "$laptop" massage --technique foam-roller --minutes 10 --at "$next 20:00" >/dev/null
  fi
  sync "$laptop" "${next}T20:01"
  if [[ $mode == monthly && $next == *-01 ]]; then
    CRAMP_NOW=${next}T21:00 "$bin" --db "$phone" sync compact "$dir" >/dev/null
    CRAMP_NOW=${next}T21:01 "$bin" --db "$laptop" sync compact "$dir" >/dev/null
  fi
done
echo "mode: $mode  bytes: $(du -sb --exclude=.cramp-lock.tmp "$dir" | cut -f1)  files: $(find "$dir" -type f ! -name '.cramp-lock.tmp' | wc -l)"
find "$dir" -type f ! -name '.cramp-lock.tmp' -printf '  %P %s\n' | sort
