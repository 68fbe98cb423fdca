#!/usr/bin/env bash
# Remakes the README's pictures from the real program in a real terminal (tmux), on the demo
# diary at a fixed clock, plus the sample export and the example report:
#   assets/checkin.svg, assets/dashboard.svg (100x30), assets/phone-checkin.svg and
#   assets/phone-cramp-form.svg (40x12, a phone held upright), assets/insights.svg and
#   assets/year.svg (a made-up year from tools/insights_year.py), assets/sample-export.json,
#   assets/report-example.html, and assets/report-screenshot.png when chromium is there.
# The screens are captured with their colours (tmux capture-pane -e) and drawn as SVG text by
# tools/ansi_svg.py. Needs tmux and python3 (chromium only for the report's screenshot).
# Usage: bash assets/capture.sh   (CRAMP_BIN=path/to/cramp skips the build)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || apt-get install -y tmux >/dev/null
if [ -z "${CRAMP_BIN:-}" ]; then
  cargo build --quiet --bin cramp
  CRAMP_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/cramp"
fi
bin="$CRAMP_BIN"
work="$(mktemp -d)"
trap 'tmux -L cramp-capture kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
export CRAMP_NOW=2026-11-23T07:30 CRAMP_CONFIG=/nonexistent/config.toml
demo="$work/demo.db"
"$bin" --db "$demo" demo >/dev/null

# The check-in needs last night unlogged: a copy of the demo without its newest night.
"$bin" --db "$demo" export --format json --out "$work/all.json" >/dev/null
python3 - "$work/all.json" "$work/checkin.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
last = max(n["night_of"] for n in doc["nights"])
gone = {n["uid"] for n in doc["nights"] if n["night_of"] == last}
doc["nights"] = [n for n in doc["nights"] if n["uid"] not in gone]
doc["episodes"] = [e for e in doc["episodes"] if e["night_uid"] not in gone]
json.dump(doc, open(sys.argv[2], "w"), indent=2)
PY
"$bin" --db "$work/checkin.db" import "$work/checkin.json" >/dev/null

shot() { # name, columns, rows, diary, description, keys to press first (tmux key names)
  local name="$1" cols="$2" rows="$3" db="$4" label="$5"
  shift 5
  tmux -L cramp-capture new-session -d -x "$cols" -y "$rows" -s "$name" \
    "TERM=xterm-256color CRAMP_NOW=$CRAMP_NOW CRAMP_CONFIG=$CRAMP_CONFIG $bin --db $db; sleep 5"
  sleep 1
  for key in "$@"; do
    tmux -L cramp-capture send-keys -t "$name" "$key"
    sleep 0.2
  done
  sleep 0.5
  tmux -L cramp-capture capture-pane -e -p -t "$name" > "$work/$name.ans"
  tmux -L cramp-capture kill-session -t "$name"
  python3 tools/ansi_svg.py "$work/$name.ans" "assets/$name.svg" "$cols" "$rows" "$label"
}
shot checkin 100 30 "$work/checkin.db" "The morning check-in"
shot dashboard 100 30 "$demo" "The dashboard on the demo diary: a finished four-week routine"
cp "$work/checkin.db" "$work/phone.db"
shot phone-checkin 40 12 "$work/checkin.db" "The check-in on a 40x12 phone screen"
shot phone-cramp-form 40 12 "$work/phone.db" "The cramp form on a 40x12 phone screen, scrolled to the note" \
  y Tab Tab Tab Tab Tab Tab

# Insights need months of nights: a made-up year, imported as any export would be.
python3 tools/insights_year.py "$work/year.json"
"$bin" --db "$work/year.db" import "$work/year.json" >/dev/null
shot insights 100 30 "$work/year.db" "Insights on a made-up year: alcohol linked, the rest no clear link or not enough nights yet" i
shot year 100 30 "$work/year.db" "A year at a glance: cramps by count, cramp-free, not logged, excluded, the routine marked" i y

cp "$work/all.json" assets/sample-export.json
"$bin" --db "$demo" export --format html --out assets/report-example.html >/dev/null
chmod 644 assets/report-example.html assets/sample-export.json
# The report as a browser shows it, with no network (skipped without chromium).
command -v chromium >/dev/null || { echo "no chromium: assets/report-screenshot.png left as it was"; exit 0; }
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/chrome" --hide-scrollbars --window-size=1200,3000 \
  --screenshot="$PWD/assets/report-screenshot.png" "file://$PWD/assets/report-example.html" 2>/dev/null
echo "wrote assets/checkin.svg assets/dashboard.svg assets/phone-checkin.svg assets/phone-cramp-form.svg assets/insights.svg assets/year.svg assets/sample-export.json assets/report-example.html assets/report-screenshot.png"
