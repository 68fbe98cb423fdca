#!/usr/bin/env bash
# Remakes the README's pictures from the real program in a real terminal (tmux), on the demo
# diary at a fixed clock, plus the sample export and the example report:
#   assets/checkin.png, assets/dashboard.png, assets/sample-export.json, assets/report-example.html,
#   assets/report-screenshot.png
# Needs tmux, aha (ANSI to HTML) and chromium (headless screenshots): Debian packages, installed
# with apt-get when missing. Usage: bash assets/capture.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for pkg in tmux aha chromium; do
  command -v "$pkg" >/dev/null || apt-get install -y "$pkg" >/dev/null
done
cargo build --release --quiet --bin cramp
bin="$PWD/target/release/cramp"
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

shot() { # name, diary, keys to press first
  local name="$1" db="$2" keys="${3:-}"
  tmux -L cramp-capture new-session -d -x 100 -y 30 -s "$name" \
    "TERM=xterm-256color CRAMP_NOW=$CRAMP_NOW CRAMP_CONFIG=$CRAMP_CONFIG $bin --db $db; sleep 5"
  sleep 1
  [ -n "$keys" ] && tmux -L cramp-capture send-keys -t "$name" "$keys" && sleep 0.5
  tmux -L cramp-capture capture-pane -e -p -t "$name" > "$work/$name.ans"
  tmux -L cramp-capture kill-session -t "$name"
  aha --black --title "cramp" < "$work/$name.ans" \
    | sed 's|<pre>|<pre style="font-family: DejaVu Sans Mono, monospace; font-size: 15px; line-height: 1.15; margin: 8px">|' \
    > "$work/$name.html"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/chrome" --hide-scrollbars --window-size=940,560 \
    --screenshot="$PWD/assets/$name.png" "file://$work/$name.html" 2>/dev/null
}
shot checkin "$work/checkin.db"
shot dashboard "$demo"

cp "$work/all.json" assets/sample-export.json
"$bin" --db "$demo" export --format html --out assets/report-example.html >/dev/null
chmod 644 assets/report-example.html assets/sample-export.json
# The report as a browser shows it, with no network.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/chrome" --hide-scrollbars --window-size=1200,3000 \
  --screenshot="$PWD/assets/report-screenshot.png" "file://$PWD/assets/report-example.html" 2>/dev/null
echo "wrote assets/checkin.png assets/dashboard.png assets/sample-export.json assets/report-example.html assets/report-screenshot.png"
