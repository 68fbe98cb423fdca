#!/usr/bin/env python3
"""CPU time (user + system) per process of commands run in turn, for machines shared with other
work: wall-clock times wander with the load, the CPU time a process itself uses barely does.

    python3 benches/cpu_ratio.py RUNS NAME=COMMAND NAME=COMMAND ...

Each round runs every command once, in the given order (so a change of load falls on all of
them alike); the CPU time of each run is read from the kernel's accounting of the finished child
(os.wait4). Prints per command the median and mean in ms and the ratio of medians to the first
command, with a 95% bootstrap interval of that ratio (rounds resampled; seeded, so a re-run on
the same numbers prints the same interval), then the median wall-clock time of the same
interleaved runs and its ratio (start to exit, as hyperfine measures it). Commands are split like a shell would (shlex)
and run without one; leading VAR=value words set the command's environment (no `env` process
whose start-up would be counted); stdout is discarded. `{day}` in a command becomes another day
each round, counting back from 2026-11-22 (2026-11-23 in the warm-up), the same on every side:
a save to a new night each round, so no one night grows to hundreds of cramps. Used by
benches/compare.sh (parts `encrypted` and `sync`).
"""

import os
import random
import shlex
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta


def cpu_ms(command, walls=None, round_no=-1):
    env, argv = command
    day = (date(2026, 11, 22) - timedelta(days=round_no)).isoformat()
    argv = [a.replace("{day}", day) for a in argv]
    started = time.perf_counter()
    child = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    if walls is not None:
        walls.append((time.perf_counter() - started) * 1000.0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        sys.exit(f"{shlex.join(argv)} exited with {child.returncode}")
    return (usage.ru_utime + usage.ru_stime) * 1000.0


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    names, commands = [], []
    for arg in sys.argv[2:]:
        name, _, command = arg.partition("=")
        names.append(name)
        words = shlex.split(command)
        env = dict(os.environ)
        while words and "=" in words[0] and not words[0].startswith(("/", ".")):
            var, _, value = words.pop(0).partition("=")
            env[var] = value
        commands.append((env, words))
    for argv in commands:  # warm-up: file cache, page cache of the binaries
        cpu_ms(argv)
    walls = [[] for _ in commands]
    rounds = [
        [cpu_ms(argv, walls[i], r) for i, argv in enumerate(commands)] for r in range(runs)
    ]
    rng = random.Random(25)
    base = statistics.median(r[0] for r in rounds)
    for i, name in enumerate(names):
        times = [r[i] for r in rounds]
        med = statistics.median(times)
        line = f"{name}: median {med:.2f} ms, mean {statistics.fmean(times):.2f} ms CPU"
        if i > 0:
            ratios = []
            for _ in range(2000):
                sample = [rounds[rng.randrange(runs)] for _ in range(runs)]
                ratios.append(
                    statistics.median(r[i] for r in sample) / statistics.median(r[0] for r in sample)
                )
            ratios.sort()
            lo, hi = ratios[int(0.025 * len(ratios))], ratios[int(0.975 * len(ratios)) - 1]
            line += f"; {med / base:.2f} x {names[0]} (95% interval {lo:.2f}-{hi:.2f})"
        wall = statistics.median(walls[i])
        line += f"; wall median {wall:.2f} ms"
        if i > 0:
            line += f" ({wall / statistics.median(walls[0]):.2f} x)"
        print(line, flush=True)


if __name__ == "__main__":
    main()
