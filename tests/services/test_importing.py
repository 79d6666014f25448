"""The import use case on a real store: the typed report of what was read, stored and mapped, and the file's balance.

The parsed file is built here (services.importing.ParsedFile), so these tests need no CSV parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

import pytest
from sqlalchemy import Engine, func, select

from gluterx.adapters.db.models import PerformedSessionRow
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.analysis import BalanceVerdict
from gluterx.domain.exercise import Library
from gluterx.services import people
from gluterx.services.errors import Problem
from gluterx.services.importing import (
    GuessedName,
    ImportRejected,
    ImportReport,
    ReasonGroup,
    UnknownName,
    WorkoutCounts,
    import_file,
    import_history,
)


@dataclass(frozen=True)
class Row:
    workout_date: date
    exercise: str
    reps: int
    weight_kg: float | None = None
    warmup: bool = False
    line: int = 2
    workout_name: str = "Legs"
    workout_time: time | None = time(18, 0)
    rpe: float | None = None
    seconds: float | None = None
    notes: str = ""
    workout_notes: str = ""
    workout_duration_s: int | None = 3000

    @property
    def workout_key(self) -> str:
        return f"{self.workout_date.isoformat()}T18:00:00|{self.workout_name}"


@dataclass(frozen=True)
class Issue:
    line: int
    reason: str
    message: str


@dataclass(frozen=True)
class File:
    sets: tuple[Row, ...]
    skipped: tuple[Issue, ...] = ()
    errors: tuple[Issue, ...] = ()
    repaired: tuple[Issue, ...] = ()
    notices: tuple[str, ...] = ()
    kind: str = "strong"
    variant: str = "Strong (classic)"
    weight_unit: str = "kg"
    unit_note: str = "the file says kg"
    rows_read: int = field(default=0)


def hip_file() -> File:
    """Two weeks of hip thrusts, a squat, a pendulum squat (kept, guessed knee-dominant) and a crunch (unknown)."""
    rows: list[Row] = []
    line = 2
    for day in (date(2025, 3, 3), date(2025, 3, 10)):
        for exercise, kg, reps, warmup in (
            ("Hip Thrust (Barbell)", 40.0, 10, True),
            ("Hip Thrust (Barbell)", 80.0, 10, False),
            ("Hip Thrust (Barbell)", 80.0, 10, False),
            ("Hip Thrust (Barbell)", 80.0, 9, False),
            ("Squat (Barbell)", 60.0, 8, False),
            ("Pendulum Squat", 50.0, 10, False),
            ("Cable Crunch", 30.0, 12, False),
        ):
            rows.append(Row(day, exercise, reps, kg, warmup, line=line))
            line += 1
    skipped = (Issue(line, "rest timer", "a rest timer, not a set"), Issue(line + 1, "rest timer", "a rest timer"))
    return File(tuple(rows), skipped=skipped, rows_read=len(rows) + 2)


def me(uow: SqlUnitOfWork) -> int:
    """The local person, created on first use."""
    return people.local_person_id(uow, create=True)


def sessions(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count(PerformedSessionRow.id))) or 0


def test_import_file_reports_what_it_stored_how_names_were_mapped_and_the_files_balance(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """An ImportReport: counts, skipped rows grouped by reason, names mapped/guessed/unknown, and a hip-dominant
    balance; the two workouts are stored for the person."""
    report = import_file(uow, library, hip_file(), file_name="strong.csv", person_id=me(uow))
    assert isinstance(report, ImportReport)
    assert (report.status, report.stored, report.dry_run, report.file) == ("imported", True, False, "strong.csv")
    assert report.person_id is not None
    assert (report.first_date, report.last_date) == (date(2025, 3, 3), date(2025, 3, 10))
    assert (report.rows_read, report.sets_in_file, report.sets_imported, report.warmup_sets) == (16, 14, 14, 2)
    assert report.workouts == WorkoutCounts(in_file=2, added=2, already_present=0)
    assert report.skipped == (ReasonGroup("rest timer", 2, (16, 17), "line 16: a rest timer, not a set"),)
    assert [(m.name, m.exercise_id, m.how, m.sets) for m in report.mapped] == [
        ("Hip Thrust (Barbell)", "hip_thrust", "exact", 8),
        ("Squat (Barbell)", "back_squat", "exact", 2),
    ]
    assert report.guessed == (GuessedName("Pendulum Squat", "custom:pendulum squat", "knee_dominant", 2),)
    assert report.unknown == (UnknownName("Cable Crunch", "custom:cable crunch", 2),)
    assert (report.mapped_sets, report.mapped_share) == (10, round(10 / 14, 3))
    assert report.balance is not None and report.balance.verdict is BalanceVerdict.HIP_DOMINANT
    assert sessions(engine) == 2


def test_importing_the_same_file_again_adds_nothing_and_says_so(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """The second import finds both workouts already present: no set imported, nothing stored twice."""
    import_file(uow, library, hip_file(), person_id=me(uow))
    again = import_file(uow, library, hip_file(), person_id=me(uow))
    assert again.workouts == WorkoutCounts(in_file=2, added=0, already_present=2)
    assert (again.sets_imported, again.sets_already_present) == (0, 14)
    assert sessions(engine) == 2


def test_a_dry_run_reports_what_would_be_added_and_stores_nothing(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """dry_run: status dry_run, the workouts it would add, no person id and no session stored."""
    report = import_file(uow, library, hip_file(), dry_run=True, person_id=me(uow))
    assert (report.status, report.stored, report.dry_run, report.person_id) == ("dry_run", False, True, None)
    assert report.workouts.added == 2 and report.sets_imported == 14
    assert sessions(engine) == 0


def test_row_errors_in_strict_mode_reject_the_file_with_a_typed_report_and_store_nothing(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """With `strict`, ImportRejected names each bad line; its report is an ImportReport with status rejected."""
    bad = File(hip_file().sets, errors=(Issue(5, "reps", "Reps: '-3' is negative"),))
    with pytest.raises(ImportRejected) as caught:
        import_file(uow, library, bad, person_id=me(uow), strict=True)
    assert caught.value.report.status == "rejected"
    assert caught.value.report.row_errors == ("line 5: Reps: '-3' is negative",)
    assert Problem("file", "row_error", {"line": 5, "reason": "Reps: '-3' is negative"}) in caught.value.problems
    assert sessions(engine) == 0


def test_one_bad_row_does_not_sink_the_file_the_valid_rows_are_imported_and_the_bad_one_reported(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """Without `strict`, every valid set is stored and the bad row is reported by line and reason."""
    bad = File(hip_file().sets, errors=(Issue(5, "Reps", "Reps: '877777' is not plausible"),))
    report = import_file(uow, library, bad, person_id=me(uow))
    assert (report.status, report.stored, report.sets_imported) == ("imported", True, 14)
    assert report.rows_with_errors == 1
    assert report.row_errors == ("line 5: Reps: '877777' is not plausible",)
    assert report.errors == (ReasonGroup("Reps", 1, (5,), "line 5: Reps: '877777' is not plausible"),)
    assert sessions(engine) == 2


def test_a_file_whose_every_row_is_bad_is_refused_even_without_strict(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    bad = File((), errors=(Issue(2, "Reps", "Reps: 'ten' is not a number"),))
    with pytest.raises(ImportRejected):
        import_file(uow, library, bad, person_id=me(uow))
    assert sessions(engine) == 0


def test_the_report_as_json_has_iso_dates_and_leaves_out_what_it_does_not_know(
    uow: SqlUnitOfWork, library: Library
) -> None:
    """as_dict: ISO dates and plain lists; person_id only once stored; balance only from import_file."""
    checked = import_history(uow, library, hip_file(), dry_run=True, person_id=me(uow))
    as_json = checked.as_dict()
    assert "person_id" not in as_json and "balance" not in as_json
    assert (as_json["first_date"], as_json["workouts"]) == (
        "2025-03-03",
        {"in_file": 2, "added": 2, "already_present": 0},
    )
    assert as_json["skipped"][0]["lines"] == [16, 17]
    stored = import_file(uow, library, hip_file(), person_id=me(uow)).as_dict()
    assert stored["person_id"] > 0
    assert stored["balance"]["verdict"] == "hip_dominant"
    assert list(stored)[-3:] == ["stored", "person_id", "balance"]
