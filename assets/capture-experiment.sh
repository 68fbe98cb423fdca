#!/usr/bin/env bash
# Remakes assets/experiment.svg (and .txt): the real program's experiment screen in a real
# terminal (tmux, 100x30), with its colours, drawn as SVG text by tools/ansi_svg.py. A made-up
# diary: a foam-roller experiment of 8 pairs drawn by the program on 1 Jul 2026 for 6 Jul - 25
# Oct, then its nights, cramps and sessions (fewer cramps in on weeks, drawn with a fixed seed)
# imported as a file logged night by night after it; the clock at 23 Nov 2026 07:30, so the
# experiment is over and the screen shows its result. The schedule itself is drawn by the
# program, so it (and the p-value) differs from run to run. Needs tmux and python3.
# Usage: bash assets/capture-experiment.sh   (CRAMP_BIN=path/to/cramp skips the build)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || apt-get install -y tmux >/dev/null
if [ -z "${CRAMP_BIN:-}" ]; then
  cargo build --quiet --bin cramp
  CRAMP_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/cramp"
fi
bin="$CRAMP_BIN"
work="$(mktemp -d)"
trap 'tmux -L cramp-exp kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
export CRAMP_CONFIG=/nonexistent/config.toml
db="$work/exp.db"
CRAMP_NOW=2026-07-01T08:00 "$bin" --db "$db" experiment start --technique foam-roller --on 2026-07-06 >/dev/null
CRAMP_NOW=2026-07-01T08:00 "$bin" --db "$db" experiment --format json > "$work/plan.json"
python3 - "$work/plan.json" "$work/nights.json" <<'PY'
import datetime, json, random, sys, uuid
plan = json.load(open(sys.argv[1]))
ids = random.Random(7)
def uid():
    return str(uuid.UUID(int=ids.getrandbits(128), version=4))
arm = {}
for w in plan["schedule"]:
    start = datetime.date.fromisoformat(w["from"])
    for d in range(7):
        arm[start + datetime.timedelta(days=d)] = (w["arm"], w["week"], d)
rng = random.Random(22)
nights, episodes, sessions = [], [], []
day, last = datetime.date(2026, 7, 6), datetime.date(2026, 11, 22)
while day <= last:
    logged = f"{day + datetime.timedelta(days=1)}T07:15:00"
    which, week, d = arm.get(day, ("after", 0, 0))
    on = which == "on"
    if on and d in (0, 1, 3, 4, 6):
        sessions.append({"uid": uid(), "at": f"{day}T19:30", "technique": "foam-roller",
            "legs": "both", "minutes_per_calf": 8, "pain": 5, "gun_speed": None, "gun_head": None,
            "spots": None, "seconds_per_spot": None, "tight_before": None, "tight_after": None,
            "side_effects": "", "note": None, "created_at": f"{day}T19:40:00",
            "updated_at": f"{day}T19:40:00", "deleted_at": None})
    if which == "off" and week == 4 and d == 2:
        sessions.append({"uid": uid(), "at": f"{day}T20:00", "technique": "foam-roller",
            "legs": "left", "minutes_per_calf": 5, "pain": 4, "gun_speed": None, "gun_head": None,
            "spots": None, "seconds_per_spot": None, "tight_before": None, "tight_after": None,
            "side_effects": "", "note": None, "created_at": f"{day}T20:10:00",
            "updated_at": f"{day}T20:10:00", "deleted_at": None})
    # About 6% of nights not logged; the last week all logged, so the app opens on the dashboard.
    if rng.random() >= 0.06 or day > last - datetime.timedelta(days=7):
        rate = 0.2 if on else 0.6
        cramps = sum(rng.random() < rate for _ in range(2))
        night = uid()
        nights.append({"uid": night, "night_of": str(day),
            "status": "cramps" if cramps else "none", "exclude_reason": None,
            "tight_left": None, "tight_right": None, "sleep_disturbance": None, "soreness": None,
            "note": None, "created_at": logged, "updated_at": logged, "deleted_at": None})
        for c in range(cramps):
            episodes.append({"uid": uid(), "night_uid": night, "leg": "left",
                "muscle": "calf", "intensity": rng.randint(4, 8),
                "duration_s": rng.randint(30, 150), "at_time": None, "woke": True, "note": None,
                "created_at": logged, "updated_at": logged, "deleted_at": None})
    day += datetime.timedelta(days=1)
json.dump({"format": "cramp-diary-export", "version": 2, "nights": nights,
           "episodes": episodes, "sessions": sessions, "routines": [], "context": []},
          open(sys.argv[2], "w"))
PY
CRAMP_NOW=2026-11-23T07:30 "$bin" --db "$db" import "$work/nights.json" >/dev/null
tmux -L cramp-exp new-session -d -x 100 -y 30 -s exp \
  "TERM=xterm-256color CRAMP_NOW=2026-11-23T07:30 CRAMP_CONFIG=$CRAMP_CONFIG $bin --db $db; sleep 5"
sleep 2
tmux -L cramp-exp send-keys -t exp o
sleep 3
tmux -L cramp-exp capture-pane -p -t exp > assets/experiment.txt
tmux -L cramp-exp capture-pane -e -p -t exp > "$work/exp.ans"
python3 tools/ansi_svg.py "$work/exp.ans" assets/experiment.svg 100 30 \
  "The experiment screen: a finished foam-roller experiment, its result first"
echo "wrote assets/experiment.txt assets/experiment.svg"
