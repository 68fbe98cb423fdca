#!/usr/bin/env bash
# Remakes assets/experiment.svg (and .txt): the real program's experiment screen, in a real
# terminal (tmux), as text, drawn into an SVG of monospace lines. A made-up diary: an
# experiment started 28 Sep 2026, cramps drawn with a fixed seed (fewer in routine weeks), the
# clock at 23 Nov 2026 07:30 (week 9 of 12). The schedule itself is drawn by the program, so it
# differs from run to run. Needs tmux and python3. Usage: bash assets/capture-experiment.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || apt-get install -y tmux >/dev/null
cargo build --quiet --bin cramp
bin="${CARGO_TARGET_DIR:-$PWD/target}/debug/cramp"
work="$(mktemp -d)"
trap 'tmux -L cramp-exp kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
export CRAMP_CONFIG=/nonexistent/config.toml
db="$work/exp.db"
CRAMP_NOW=2026-09-27T09:00 "$bin" --db "$db" experiment start --on 2026-09-28 >/dev/null
CRAMP_NOW=2026-09-27T09:00 "$bin" --db "$db" experiment --format json > "$work/plan.json"
python3 - "$work/plan.json" > "$work/commands" <<'PY'
import json, random, sys, datetime
doc = json.load(open(sys.argv[1]))
rng = random.Random(11)
for w in doc["schedule"]:
    start = datetime.date.fromisoformat(w["from"])
    for d in range(7):
        day = start + datetime.timedelta(days=d)
        if day > datetime.date(2026, 11, 22):
            break
        routine = w["arm"] == "routine"
        if routine and d in (0, 1, 3, 4, 6):
            print(f"massage --technique foam-roller --minutes 8 --pain 5 --at '{day} 19:30'")
        if not routine and d == 2 and w["week"] == 4:
            print(f"massage --technique massage-gun --speed low --head ball --at '{day} 20:00'")
        if rng.random() < 0.08:
            continue  # a night not logged
        cramps = sum(rng.random() < (0.25 if routine else 0.6) for _ in range(2))
        if cramps == 0:
            print(f"night --none --night {day}")
        for _ in range(cramps):
            print(f"cramp --leg left --intensity {rng.randint(4, 8)} --duration {rng.randint(30, 150)}s --night {day}")
PY
while read -r line; do
  eval "CRAMP_NOW=2026-11-23T07:30 \"$bin\" --db \"$db\" $line" >/dev/null
done < "$work/commands"
tmux -L cramp-exp new-session -d -x 110 -y 34 -s exp \
  "TERM=xterm-256color CRAMP_NOW=2026-11-23T07:30 CRAMP_CONFIG=$CRAMP_CONFIG $bin --db $db; sleep 5"
sleep 1
tmux -L cramp-exp send-keys -t exp o
sleep 0.5
tmux -L cramp-exp capture-pane -p -t exp > assets/experiment.txt
python3 - assets/experiment.txt assets/experiment.svg <<'PY'
import html, sys
lines = open(sys.argv[1], encoding="utf-8").read().rstrip("\n").split("\n")
w, lh = 8.4, 17
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(110 * w + 20)}" height="{len(lines) * lh + 20}" role="img" aria-label="The cramp experiment screen">',
       '<rect width="100%" height="100%" fill="#1e1e1e"/>',
       '<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14" fill="#e0e0e0" xml:space="preserve">']
for i, line in enumerate(lines):
    colour = ' fill="#7fd38a"' if line.lstrip("│").startswith("Experiment week") else ""
    out.append(f'<text x="10" y="{(i + 1) * lh + 6}"{colour} textLength="{len(line) * w:.1f}">{html.escape(line)}</text>')
out.append("</g></svg>")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
echo "wrote assets/experiment.txt assets/experiment.svg"
