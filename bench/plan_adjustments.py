"""What shaping the plan costs the hot reads: Today and logging read the plan through its adjustments
(services/plan_changes.with_adjustments). Times `today` and `programme` for a person with no change, and with a
swap, a skipped exercise, a skipped session and a moved session in force.

Run: uv run python bench/plan_adjustments.py [--rounds N]
Prints figures only; it asserts nothing. SQLite in a temporary folder; a 12-week, 3-sessions-a-week programme.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
from datetime import date, timedelta
from pathlib import Path

from _timing import median_and_best

from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.services import plan_changes, programme, start, today

START = date(2026, 1, 5)
PROFILE = {
    "age": 45,
    "goals": ["pain_relief"],
    "pain": [{"region": "knee", "side": "left", "intensity": 3, "weeks": 10}],
    "sitting_hours_per_day": 7,
    "experience": "beginner",
    "equipment": ["mini_band", "dumbbells", "bench"],
    "sessions_per_week": 3,
    "minutes_per_session": 40,
}


def _person(engine: object, library: object) -> int:
    uow = SqlUnitOfWork(engine)  # type: ignore[arg-type]
    with uow:
        person_id = uow.people.add(display_name="Bench").id
        uow.commit()
    start.start(uow, library, PROFILE, start_date=START, person_id=person_id)  # type: ignore[arg-type]
    return person_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    library = load_library()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate(engine)
        plain, shaped = _person(engine, library), _person(engine, library)
        uow = SqlUnitOfWork(engine)
        day = START
        plan = today.today(uow, library, on=day, person_id=shaped)
        old = plan.items[0].exercise_id
        new = plan_changes.swap_choices(uow, library, person_id=shaped, on=day, exercise_id=old).alternatives[0]
        plan_changes.swap(uow, library, person_id=shaped, on=day, exercise_id=old, to=new.exercise_id, today=day)
        plan_changes.skip_item(uow, library, person_id=shaped, on=day, exercise_id=plan.items[1].exercise_id, today=day)
        nxt = plan.next_session_date
        assert nxt is not None
        plan_changes.skip_session(uow, library, person_id=shaped, on=nxt, today=day)
        later = today.today(uow, library, on=nxt + timedelta(days=1), person_id=shaped).next_session_date
        assert later is not None
        free = plan_changes.move_choices(uow, library, person_id=shaped, from_date=later, today=day).days[-1]
        plan_changes.move_session(uow, library, person_id=shaped, from_date=later, to_date=free, today=day)
        print(f"plan adjustments ({platform.python_version()}, {platform.machine()}), SQLite, {args.rounds} rounds")
        for name, person in (("no change", plain), ("4 changes", shaped)):
            for label, call in (
                ("today", lambda p=person: today.today(SqlUnitOfWork(engine), library, on=day, person_id=p)),
                (
                    "programme",
                    lambda p=person: programme.programme(SqlUnitOfWork(engine), library, person_id=p, today=day),
                ),
            ):
                median, best = median_and_best(call, args.rounds)
                print(f"  {label:10} {name:10} median {median:7.2f} ms   best {best:7.2f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
