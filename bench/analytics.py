"""Time to run the full progress analysis over 5 years of history (target: <= 100 ms for >= 50,000 sets).

Run: uv run python bench/analytics.py [--years N] [--rounds N] [--seed N]
Prints figures only; it asserts nothing, so a busy machine cannot make it fail. The history is made up (seeded):
four to five sessions a week of seven to ten exercises, warm-ups before loaded work, slowly rising loads, a few
missed weeks, imported exercises the library does not know, daily pain check-ins and session summaries.
"""

from __future__ import annotations

import argparse
import platform
import random
from collections.abc import Callable
from datetime import date, timedelta

from _timing import median_and_best

from gluterx.data import load_library
from gluterx.domain.analysis import (
    Activity,
    Analysis,
    CustomExercise,
    LoggedSet,
    PainReading,
    PlannedDay,
    SessionSummary,
    analyse,
    balance,
    strength,
    volume,
)
from gluterx.domain.exercise import Library, Pattern

START = date(2020, 1, 6)
LOADED = ["hip_thrust", "back_squat", "romanian_deadlift", "dumbbell_reverse_lunge", "goblet_squat", "cable_kickback"]
BODYWEIGHT = ["glute_bridge", "single_leg_glute_bridge", "side_lying_hip_abduction", "lateral_band_walk", "clamshell"]
IMPORTED = {
    "leg_extension": CustomExercise("leg_extension", "Leg Extension (Machine)", Pattern.SQUAT, hip_dominant=False),
    "leg_press": CustomExercise("leg_press", "Leg Press", Pattern.SQUAT, hip_dominant=False),
    "hip_abductor_machine": CustomExercise("hip_abductor_machine", "Hip Abductor (Machine)", Pattern.HIP_ABDUCTION),
}
UNKNOWN = ["bench_press", "lat_pulldown"]
History = tuple[list[LoggedSet], list[PainReading], list[PlannedDay], list[SessionSummary]]


def history(years: int, seed: int) -> History:
    rng = random.Random(seed)
    sets: list[LoggedSet] = []
    pain: list[PainReading] = []
    planned: list[PlannedDay] = []
    sessions: list[SessionSummary] = []
    base = {ex: rng.uniform(30, 80) for ex in [*LOADED, *IMPORTED, *UNKNOWN]}
    for week in range(52 * years):
        monday = START + timedelta(weeks=week)
        days = [0, 1, 3, 4, 5][: rng.choice((4, 5, 5))]
        planned += [PlannedDay(monday + timedelta(days=d)) for d in days]
        if rng.random() < 0.03:  # a missed week
            continue
        for d in days:
            today = monday + timedelta(days=d)
            names = rng.sample([*LOADED, *BODYWEIGHT, *IMPORTED, *UNKNOWN], rng.randint(7, 10))
            for name in names:
                sets += _exercise_sets(rng, today, name, base.get(name), week)
            sessions.append(SessionSummary(today, rng.randint(40, 80), rng.randint(4, 9)))
        if rng.random() < 0.5:
            sessions.append(SessionSummary(monday + timedelta(days=6), 45, 3, Activity.WALKING))
    for n in range(365 * years):
        pain.append(PainReading(START + timedelta(days=n), max(0, min(10, round(6 - n / 400 + rng.gauss(0, 1))))))
    return sets, pain, planned, sessions


def _exercise_sets(rng: random.Random, day: date, name: str, base: float | None, week: int) -> list[LoggedSet]:
    out = []
    load = round(base * (1 + week / 300), 1) if base is not None else None
    if load is not None:
        out.append(LoggedSet(day, name, 10, round(load * 0.5, 1), warmup=True))
    for _ in range(rng.randint(4, 5)):
        reps = rng.randint(5, 15)
        rir = rng.choice((None, None, 0, 1, 2, 3, 5))
        out.append(LoggedSet(day, name, reps, load, rir=rir, pain_during=rng.choice((None, 0, 1, 2))))
    return out


def _full(library: Library, data: History, today: date) -> Callable[[], Analysis]:
    sets, pain, planned, sessions = data
    return lambda: analyse(
        sets=sets,
        library=library,
        today=today,
        customs=IMPORTED,
        pain=pain,
        planned=planned,
        sessions=sessions,
        body_mass_kg=75,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    library = load_library()
    data = history(args.years, args.seed)
    sets = data[0]
    today = sets[-1].day + timedelta(days=1)
    print(f"progress analysis ({platform.python_version()}, {platform.machine()}), {args.rounds} rounds")
    print(
        f"  history: {args.years} years, {len(sets):,} sets, {len(data[1]):,} pain check-ins, "
        f"{len(data[2]):,} planned days, {len(data[3]):,} session summaries"
    )
    full = _full(library, data, today)
    full()  # warm the library's caches once, as a running service would
    median, best = median_and_best(full, args.rounds)
    print(f"  full analysis       median {median:7.1f} ms   best {best:7.1f} ms   (target <= 100 ms)")
    for name, fn in (
        ("volume only", lambda: volume(sets, library, customs=IMPORTED)),
        ("balance only", lambda: balance(sets, library, customs=IMPORTED)),
        ("strength only", lambda: strength(sets, library, customs=IMPORTED)),
    ):
        m, b = median_and_best(fn, args.rounds)
        print(f"  {name:19} median {m:7.1f} ms   best {b:7.1f} ms")
    doubled = history(args.years * 2, args.seed)
    m2, b2 = median_and_best(_full(library, doubled, doubled[0][-1].day + timedelta(days=1)), max(5, args.rounds // 2))
    print(
        f"  twice the history ({len(doubled[0]):,} sets): median {m2:7.1f} ms   best {b2:7.1f} ms   "
        f"best/best {b2 / best:.2f}x (linear: ~2x)"
    )
    result = full()
    print(f"  balance verdict: {result.balance.verdict.value}; pain meaningful: {result.pain.meaningful}")


if __name__ == "__main__":
    main()
