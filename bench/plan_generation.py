"""Median time to plan a 12-week programme, over a spread of profiles (target: <= 10 ms on the CI machine).

Run: uv run python bench/plan_generation.py [--rounds N]
Prints figures only; it asserts nothing, so a busy machine cannot make it fail.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from gluterx.data import load_library
from gluterx.domain.exercise import Equipment
from gluterx.domain.planner import plan_program
from gluterx.domain.profile import Experience, Goal, PainRegion, PainReport, Profile, Side

PROFILES = {
    "desk worker, back pain": Profile(
        age=38, goals=(Goal.PAIN_RELIEF, Goal.POSTURE), pain=(PainReport(PainRegion.LOWER_BACK, Side.BOTH, 5, 20),),
        sitting_hours_per_day=9, equipment=frozenset({Equipment.MINI_BAND}), sessions_per_week=3,
        minutes_per_session=25,
    ),
    "older adult, knee pain": Profile(
        age=70, goals=(Goal.BONE_HEALTH,), pain=(PainReport(PainRegion.KNEE, Side.LEFT, 6, 30),),
        equipment=frozenset({Equipment.MINI_BAND, Equipment.STEP}), sessions_per_week=2, minutes_per_session=30,
    ),
    "runner": Profile(
        age=31, goals=(Goal.PERFORMANCE,), experience=Experience.INTERMEDIATE,
        equipment=frozenset({Equipment.MINI_BAND, Equipment.DUMBBELLS, Equipment.STEP}), sessions_per_week=3,
        minutes_per_session=45,
    ),
    "gym-goer, full gym": Profile(
        age=27, goals=(Goal.AESTHETICS,), experience=Experience.ADVANCED, equipment=frozenset(Equipment),
        sessions_per_week=5, minutes_per_session=75,
    ),
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    library = load_library()
    for profile in PROFILES.values():  # warm the library's caches once, as a running service would
        plan_program(profile, library)
    print(f"plan generation, 12 weeks, {args.rounds} rounds per profile ({platform.python_version()}, "
          f"{platform.machine()})")  # fmt: skip
    medians = []
    for name, profile in PROFILES.items():
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            plan_program(profile, library)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        median = statistics.median(times)
        medians.append(median)
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"  {name:26} median {median:7.2f} ms   p95 {p95:7.2f} ms")
    print(f"  overall median of medians: {statistics.median(medians):.2f} ms (target <= 10 ms)")


if __name__ == "__main__":
    main()
