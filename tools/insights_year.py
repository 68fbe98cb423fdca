"""A made-up year of diary as an export file, for the insights picture: cramps in bad spells,
three times as many on nights after alcohol (tagged on about a third of Fridays and Saturdays), heat in
the summer, calf tightness each morning, foam rolling and stretching, some context, and a
routine in the spring. Seeded, so the picture is the same each time.
Usage: python3 tools/insights_year.py OUT.json   (assets/capture.sh imports it into a diary)"""
import datetime as dt
import json
import random
import sys
import uuid

rng = random.Random(23)
stamp = "2026-11-23T07:00:00"


def uid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def row(**fields):
    return {"uid": uid(), **fields, "created_at": stamp, "updated_at": stamp, "deleted_at": None}


doc = {"format": "cramp-diary-export", "version": 1, "nights": [], "episodes": [], "sessions": [],
       "routines": [], "context": [], "tags": []}
first, last = dt.date(2025, 11, 23), dt.date(2026, 11, 22)
routine_start = dt.date(2026, 4, 6)
doc["routines"].append(row(start_on=str(routine_start), weeks=4, per_week=5, baseline_nights=28,
                           stopped_on=None))
bad, tight = False, 4.0
day = first
while day <= last:
    if rng.random() < 1 / 7:
        bad = not bad
    alcohol = rng.random() < (0.35 if day.weekday() in (4, 5) else 0.06)
    summer = day.month in (6, 7, 8)
    heat = summer and rng.random() < 0.5
    in_routine = routine_start <= day < routine_start + dt.timedelta(days=28)
    roller = rng.random() < (0.8 if in_routine else 0.3)
    stretch = rng.random() < 0.25
    rate = (1.3 if bad else 0.25) * (3.0 if alcohol else 1.0)
    tight = min(9.0, max(1.0, tight + rng.uniform(-1.2, 1.2)))
    if roller:
        doc["sessions"].append(row(at=f"{day}T19:{rng.randrange(60):02}", technique="foam-roller",
                                   legs="both", minutes_per_calf=6 + rng.randrange(4), pain=5,
                                   gun_speed=None, gun_head=None, spots=None, seconds_per_spot=None,
                                   tight_before=None, tight_after=None, side_effects="", note=None))
    if stretch:
        doc["sessions"].append(row(at=f"{day}T21:{rng.randrange(60):02}", technique="stretch",
                                   legs="both", minutes_per_calf=3, pain=None, gun_speed=None,
                                   gun_head=None, spots=None, seconds_per_spot=None,
                                   tight_before=None, tight_after=None, side_effects="", note=None))
    if rng.random() < 0.6:
        doc["context"].append(row(day=str(day), fluids_dl=12 + rng.randrange(14),
                                  magnesium_mg=300 if day.month in (1, 2, 3, 9, 10) else None,
                                  potassium=rng.random() < 0.3, exercise_min=rng.choice([0, 20, 45]),
                                  medication=None))
    if rng.random() < 0.9:
        n = 0
        lam = rate
        # Poisson by inversion: the rates are small.
        u, p, cum = rng.random(), pow(2.718281828459045, -lam), 0.0
        cum = p
        while u > cum:
            n += 1
            p *= lam / n
            cum += p
        excluded = rng.random() < 0.02
        night = row(night_of=str(day), status="excluded" if excluded else ("cramps" if n else "none"),
                    exclude_reason="travel" if excluded else None,
                    tight_left=round(tight), tight_right=max(0, round(tight) - 1),
                    sleep_disturbance=None, soreness=None, note=None, numbness=None, swelling=None)
        doc["nights"].append(night)
        if not excluded:
            for _ in range(n):
                hour = rng.choice([23, 0, 1, 2, 2, 3, 3, 3, 4, 4, 5])
                doc["episodes"].append(row(night_uid=night["uid"],
                                           leg=rng.choice(["left", "left", "right", "both"]),
                                           muscle="calf" if rng.random() < 0.85 else "foot",
                                           intensity=3 + rng.randrange(6), duration_s=20 + rng.randrange(160),
                                           at_time=f"{hour:02}:{rng.randrange(60):02}", woke=True, note=None))
            tags = (["alcohol"] if alcohol else []) + (["heat"] if heat else [])
            if rng.random() < 0.12:
                tags.append("long standing")
            for t in tags:
                doc["tags"].append(row(night_uid=night["uid"], tag=t))
    day += dt.timedelta(days=1)
json.dump(doc, open(sys.argv[1], "w"), indent=1)
