#!/usr/bin/env bash
# How big the sync folder grows in a year of daily use: 365 nights (a cramp on every third,
# with a note on every fifth), a massage session on 5 days of 7, a sync after each day, in a
# throwaway HOME. Prints the folder's size in bytes and its file count.
# Usage: tools/sync-folder-size.sh [path/to/cramp]   (default: target/debug/cramp)
set -euo pipefail
bin=${1:-target/debug/cramp}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
export CRAMP_NOW=2027-01-01T08:00
unset CRAMP_DB CRAMP_CONFIG
db=$work/d.db
dir=$work/sync
for i in $(seq 0 364); do
  day=$(date -u -d "2026-01-01 + $i days" +%F)
  if (( i % 3 == 0 )); then
    "$bin" --db "$db" cramp --leg left --intensity 6 --duration 90s --night "$day" >/dev/null
  else
    args=(night --none --tight-left 3 --night "$day")
    (( i % 5 == 0 )) && args+=(--note "slept well after stretching")
    "$bin" --db "$db" "${args[@]}" >/dev/null
  fi
  if (( i % 7 < 5 )); then
    "$bin" --db "$db" massage --technique foam-roller --minutes 10 --at "$day 20:00" >/dev/null
  fi
  "$bin" --db "$db" sync "$dir" >/dev/null
done
echo "bytes: $(du -sb "$dir" | cut -f1)  files: $(find "$dir" -type f | wc -l)  ops: $(cat "$dir"/cramp-*/ops-*.log | wc -l)"
