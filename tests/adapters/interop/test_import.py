"""Importing real Strong, Hevy and FitNotes exports (../shared/data/imports) and malformed files into a real store."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import Engine, func, select, update
from typer.testing import CliRunner

from gluterx.adapters.cli._common import Format
from gluterx.adapters.cli.interop import import_history as import_command
from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.models import PerformedExerciseRow, PerformedSessionRow, Person, SetRow
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.adapters.interop.csv_import import (
    LB_TO_KG,
    ImportFileError,
    ParsedExport,
    guess_weight_unit,
    parse_export,
)
from gluterx.config import get_settings
from gluterx.domain.exercise import Library
from gluterx.services import history, people
from gluterx.services.contract import history_json
from gluterx.services.errors import words
from gluterx.services.importing import (
    GuessedName,
    ImportRejected,
    UnknownName,
    WorkoutCounts,
    custom_id,
    guess_pattern,
    import_history,
    match_name,
    source_key,
)

IMPORTS = (Path(__file__).parents[3] / ".." / "shared" / "data" / "imports").resolve()
SAMPLES = sorted(IMPORTS.glob("*.csv"))
KIND = {"strong": "strong", "hevy": "hevy", "fitnotes": "fitnotes"}

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
)


def sample(name: str) -> Path:
    return IMPORTS / name


def csv_records(path: Path) -> list[list[str]]:
    """The file's records as Python's csv module reads them (independently of the importer)."""
    return [row for _, row in csv_lines(path)]


def csv_lines(path: Path) -> list[tuple[int, list[str]]]:
    """(line the record starts on, record): a quoted note may run over several lines."""
    text = path.read_bytes().decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out, start = [], 1
    for row in reader:
        out.append((start, row))
        start = reader.line_num + 1
    return out


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'import.db'}")
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def uow(engine: Engine) -> SqlUnitOfWork:
    return SqlUnitOfWork(engine)


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParsedExport]:
    return {p.name: parse_export(p.read_bytes()) for p in SAMPLES}


def stored(engine: Engine) -> tuple[int, int, int]:
    """(people, sessions, sets) in the store."""
    with engine.connect() as conn:
        people = conn.scalar(select(func.count(Person.id))) or 0
        sessions = conn.scalar(select(func.count(PerformedSessionRow.id))) or 0
        sets = conn.scalar(select(func.count(SetRow.id))) or 0
    return people, sessions, sets


def me(uow: SqlUnitOfWork) -> int:
    """The local person, created on first use."""
    return people.local_person_id(uow, create=True)


def strong_file(*rows: str, header: str = STRONG_HEADER, newline: str = "\n") -> bytes:
    return newline.join([header, *rows]).encode()


# ------------------------------------------------------------------------------------------------ every real file


def test_the_sample_exports_are_there() -> None:
    """The import tests run on every real export in ../shared/data/imports; an empty folder must not pass silently."""
    assert len(SAMPLES) >= 8, f"expected the sample exports in {IMPORTS}"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_row_of_a_real_export_is_a_set_a_skipped_row_or_an_error(
    path: Path, parsed: dict[str, ParsedExport]
) -> None:
    """Format detected from the header; rows read = the csv module's record count; every line accounted for once."""
    result = parsed[path.name]
    records = csv_lines(path)
    assert result.kind == KIND[path.stem.split("_")[0]]
    assert result.rows_read == len(records) - 1
    assert result.accounted == result.rows_read
    lines = [s.line for s in result.sets] + [p.line for p in result.skipped] + [p.line for p in result.errors]
    assert sorted(lines) == [line for line, _ in records[1:]]
    assert all(p.reason and p.message for p in result.skipped)
    assert result.errors == []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_a_real_export_imports_once_and_a_second_import_adds_nothing(
    path: Path, parsed: dict[str, ParsedExport], uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """All its sets are stored with a mapped share reported; importing the same file again adds no workout or set."""
    result = parsed[path.name]
    first = import_history(uow, library, result, file_name=path.name, person_id=me(uow))
    assert first.status == "imported"
    assert first.format == result.kind
    assert first.rows_read == first.sets_imported + first.rows_skipped + len(first.row_errors)
    assert first.sets_imported == first.sets_in_file == len(result.sets)
    assert 0 < first.mapped_share <= 1
    assert first.mapped_share == round(first.mapped_sets / first.sets_in_file, 3)
    assert first.mapped_sets == sum(m.sets for m in first.mapped)
    named = sum(m.sets for m in (*first.mapped, *first.guessed, *first.unknown))
    assert named == first.sets_in_file  # every exercise name is mapped, guessed or listed as unknown
    _, sessions, sets = stored(engine)
    assert (sessions, sets) == (first.workouts.added, first.sets_in_file)

    again = import_history(uow, library, parse_export(path.read_bytes()), file_name=path.name, person_id=me(uow))
    assert again.workouts == WorkoutCounts(in_file=first.workouts.in_file, added=0, already_present=sessions)
    assert (again.sets_imported, again.sets_already_present) == (0, first.sets_in_file)
    assert stored(engine) == (1, sessions, sets)


def top_weight(result: ParsedExport, exercise: str) -> float:
    return max(s.weight_kg or 0 for s in result.sets if s.exercise == exercise)


def test_a_unitless_strong_export_in_pounds_is_recognised_and_converted(parsed: dict[str, ParsedExport]) -> None:
    """The top squat of strong_classic_andrew50 is 453 lb: stored as about 205 kg, and the report says why lb."""
    result = parsed["strong_classic_andrew50.csv"]
    assert result.weight_unit == "lb"
    assert "lb assumed" in result.unit_note
    assert top_weight(result, "Squat (Barbell)") == pytest.approx(453 * LB_TO_KG, abs=0.01)
    assert top_weight(result, "Squat (Barbell)") == pytest.approx(205.5, abs=0.1)
    as_kg = parse_export(sample("strong_classic_andrew50.csv").read_bytes(), unit="kg")
    assert top_weight(as_kg, "Squat (Barbell)") == 453


def test_a_unitless_strong_export_in_kg_stays_in_kg(parsed: dict[str, ParsedExport]) -> None:
    """The French Strong export has no unit column and kg-looking loads: nothing is converted."""
    result = parsed["strong_classic_fr_sebastienrdgs.csv"]
    assert result.weight_unit == "kg"
    assert max(s.weight_kg or 0 for s in result.sets) == 235


@pytest.mark.parametrize(
    ("name", "exercise"),
    [
        ("hevy_lbs_jazakhan.csv", "Hip Thrust (Barbell)"),
        ("fitnotes_lbs_wmgriffi3.csv", "Barbell Back Squat"),
        ("hevy_kg_stvrvdimitris.csv", "Squat (Barbell)"),
        ("strong_workoutnum_cmccorkle21.csv", "Pendulum Squat"),
    ],
)
def test_weights_end_up_in_kg_whatever_the_file_used(name: str, exercise: str, parsed: dict[str, ParsedExport]) -> None:
    """lb columns are converted with 0.45359237; kg columns are kept (float noise rounded to the gram)."""
    records = csv_records(sample(name))
    header = [h.strip().lower() for h in records[0]]
    name_at = (
        header.index("exercise_title")
        if "exercise_title" in header
        else header.index("exercise" if "exercise" in header else "exercise name")
    )
    weight_at = next(i for i, h in enumerate(header) if h.startswith("weight"))
    raw = max(float(r[weight_at] or 0) for r in records[1:] if r[name_at] == exercise)
    factor = LB_TO_KG if "lb" in header[weight_at] else 1.0
    assert top_weight(parsed[name], exercise) == pytest.approx(raw * factor, abs=0.001)
    assert 10 < top_weight(parsed[name], exercise) < 600


def test_per_row_units_are_converted_row_by_row(parsed: dict[str, ParsedExport]) -> None:
    """strong_semicolon_unit_mtanzim mixes kg, lbs and blank units in one file."""
    result = parsed["strong_semicolon_unit_mtanzim.csv"]
    records = csv_records(sample("strong_semicolon_unit_mtanzim.csv"))
    by_line = {s.line: s for s in result.sets}
    for line, row in enumerate(records[1:], start=2):
        weight, unit = row[4], row[5]
        if not weight:
            assert by_line[line].weight_kg is None
        elif unit == "lbs":
            assert by_line[line].weight_kg == pytest.approx(float(weight) * LB_TO_KG, abs=0.001)
        else:
            assert by_line[line].weight_kg == float(weight)
    assert all(s.workout_duration_s is None for s in result.sets)  # this export has no Duration column


# ------------------------------------------------------------------------------------------------ each file's quirks


def test_strong_set_orders_rest_timers_and_runaway_durations(parsed: dict[str, ParsedExport]) -> None:
    """W/D/F become warm-up/drop/failure sets (warm-ups kept, flagged); Rest Timer rows are skipped with a reason."""
    result = parsed["strong_classic_andrew50.csv"]
    records = csv_records(sample("strong_classic_andrew50.csv"))
    orders = Counter(r[4] for r in records[1:])
    reasons = Counter(p.reason for p in result.skipped)
    assert reasons["rest timer row: the rest between sets, not a set"] == orders["Rest Timer"] == 821
    types = Counter(s.set_type for s in result.sets)
    skipped_lines = {p.line for p in result.skipped}
    kept = Counter(r[4] for i, r in enumerate(records[1:], start=2) if i not in skipped_lines)
    assert (types["warmup"], types["dropset"], types["failure"]) == (kept["W"], kept["D"], kept["F"])
    assert all(s.warmup == (s.set_type == "warmup") for s in result.sets)
    assert all(isinstance(s.reps, int) for s in result.sets)  # "8.0" reps
    first = result.sets[0]
    assert (first.workout_date.isoformat(), first.workout_duration_s, first.reps) == ("2020-12-07", 55, 8)
    assert any("168h 14m" in n for n in result.notices)  # a timer left running is ignored, and said
    long = [s for s in result.sets if s.workout_key.startswith("2025-05-13T14:42:31")]
    assert long and all(s.workout_duration_s is None for s in long)  # "48h 40m"


def test_strong_workout_number_format(parsed: dict[str, ParsedExport]) -> None:
    """Quoted semicolon fields, WARM_UP/FAILURE set orders, whole-second durations, kg in the header."""
    result = parsed["strong_workoutnum_cmccorkle21.csv"]
    assert result.variant.startswith("strong (semicolon") and "Workout #" in result.variant
    assert result.weight_unit == "kg"
    first = result.sets[0]
    assert (first.exercise, first.workout_duration_s, first.weight_kg) == ("Push Up", 3324, 65.181)
    types = Counter(s.set_type for s in result.sets)
    assert types["warmup"] > 1000 and types["failure"] > 200
    assert any(s.weight_kg == 2.268 for s in result.sets)  # 2.2679618500000003 (5 lb) to the gram
    empty = [p for p in result.skipped if p.reason == "no reps, time or distance recorded"]
    assert len(empty) == len(result.skipped) > 0


def test_french_strong_headers_minute_durations_and_crlf(parsed: dict[str, ParsedExport]) -> None:
    """'Nom de l'exercice', 'Réps', 'Durée' = '35min' / '1h 2min', CRLF line ends: read like the English export."""
    result = parsed["strong_classic_fr_sebastienrdgs.csv"]
    assert "French headers" in result.variant
    first = result.sets[0]
    assert (first.exercise, first.seconds, first.workout_duration_s) == ("Aerobics", 600, 35 * 60)
    assert 3720 in {s.workout_duration_s for s in result.sets}  # 1h 2min
    assert not any("\r" in s.exercise or "\r" in s.workout_notes for s in result.sets)


def test_hevy_both_date_styles(parsed: dict[str, ParsedExport]) -> None:
    """'9 Apr 2026, 17:18' and 'Jul 28, 2026, 6:49 PM' are both read; Hevy's warm-up set type is kept and flagged."""
    kg = parsed["hevy_kg_stvrvdimitris.csv"]
    assert (kg.sets[0].workout_date.isoformat(), kg.sets[0].workout_time.isoformat()) == (  # type: ignore[union-attr]
        "2026-04-09",
        "17:18:00",
    )
    assert kg.sets[0].workout_duration_s == 47 * 60
    assert sum(s.warmup for s in kg.sets) == 186
    lb = parsed["hevy_lbs_jazakhan.csv"]
    assert (lb.sets[0].workout_date.isoformat(), lb.sets[0].workout_time.isoformat()) == (  # type: ignore[union-attr]
        "2026-07-28",
        "18:49:00",
    )
    timed = [s for s in lb.sets if s.exercise == "Stretching"]
    assert timed and all(s.reps == 0 and s.seconds for s in timed)


def test_fitnotes_cardio_time_and_distance(parsed: dict[str, ParsedExport]) -> None:
    """FitNotes: a day is a workout; 'Time' 0:25:40 is 1540 s and miles become metres."""
    result = parsed["fitnotes_lbs_wmgriffi3.csv"]
    run = next(s for s in result.sets if s.exercise == "Running (Treadmill)" and s.seconds == 1540)
    assert run.distance_m == pytest.approx(3.2 * 1609.344, abs=0.01)
    assert run.workout_key == run.workout_date.isoformat()


def test_fitnotes_rows_broken_by_an_unquoted_comma_are_repaired_and_said(parsed: dict[str, ParsedExport]) -> None:
    """99 rows of fitnotes_unitcol_bilallb have 10 fields: the exercise name is rejoined, each repair is listed."""
    result = parsed["fitnotes_unitcol_bilallb.csv"]
    assert len(result.repaired) == 99
    names = Counter(s.exercise for s in result.sets)
    assert names["Overhead Press (Each Side, Dumbbells)"] == 84
    assert names["Bench Press (With Bar, Each Side)"] == 9
    assert names["Rear Delt Pulling (Each Side, Cable In Front Of Eyes Area)"] == 6
    assert result.weight_unit == "per row"  # "kgs"


# ------------------------------------------------------------------------------------------------ storing


def test_imported_sessions_carry_their_source_and_custom_exercises(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """Source and source_key are set; unmapped names are stored as custom:<name>; pain unknown is stored as 0."""
    data = strong_file(
        '2024-01-02 10:00:00,"Legs",1h 10m,"Squat (Barbell)",1,100,5,0,0,"","",',
        '2024-01-02 10:00:00,"Legs",1h 10m,"Squat (Barbell)",W,60,5,0,0,"","",',
        '2024-01-02 10:00:00,"Legs",1h 10m,"Pendulum Squat",1,80,10,0,0,"","",',
        '2024-01-02 10:00:00,"Legs",1h 10m,"Cable Crunch",1,40,12,0,0,"","",',
    )
    report = import_history(uow, library, parse_export(data, unit="kg"), person_id=me(uow))
    assert report.mapped[0].exercise_id == "back_squat"
    assert report.guessed == (GuessedName("Pendulum Squat", "custom:pendulum squat", "knee_dominant", sets=1),)
    assert report.unknown == (UnknownName("Cable Crunch", "custom:cable crunch", sets=1),)
    assert report.warmup_sets == 1
    with engine.connect() as conn:
        session = conn.execute(select(PerformedSessionRow)).one()
        exercises = conn.execute(select(PerformedExerciseRow).order_by(PerformedExerciseRow.position)).all()
        sets = conn.execute(select(SetRow).order_by(SetRow.id)).all()
    assert (session.source, session.duration_s, session.date.isoformat()) == ("strong", 4200, "2024-01-02")
    assert session.source_key == source_key("strong", "2024-01-02T10:00:00|Legs", parse_export(data, unit="kg").sets)
    assert [e.exercise_id for e in exercises] == ["back_squat", "custom:pendulum squat", "custom:cable crunch"]
    assert all(e.pain_during == 0 and e.felt_in == [] for e in exercises)
    assert [(s.reps, s.load, s.unit) for s in sets[:2]] == [(5, 100, "kg"), (5, 60, "kg")]
    assert sets[0].e1rm_kg is not None and sets[1].e1rm_kg is None  # a warm-up is no strength estimate
    with uow:
        person_id = uow.people.local().id
    shown = history_json(history.history(uow, person_id=person_id))["sessions"]
    assert [e["exercise_id"] for e in shown[0]["exercises"]] == [e.exercise_id for e in exercises]


def test_a_later_longer_export_adds_only_the_new_workouts(uow: SqlUnitOfWork, engine: Engine, library: Library) -> None:
    """Workouts are keyed by app, start, name and sets: an export that grew since the last import adds just the new
    ones."""
    lines = sample("hevy_kg_stvrvdimitris.csv").read_bytes().splitlines()
    older = b"\n".join([lines[0], *lines[-500:]])  # Hevy lists newest first: the tail is the older history
    before = import_history(uow, library, parse_export(older), person_id=me(uow))
    after = import_history(
        uow, library, parse_export(sample("hevy_kg_stvrvdimitris.csv").read_bytes()), person_id=me(uow)
    )
    old_workouts = before.workouts.added
    # The first line kept may fall inside a workout: the cut file holds only its last sets, a different workout from
    # the full file's (its sets differ), so the full one is added beside it; every other one counts as present.
    cut_short = lines[-500].split(b",")[:2] == lines[-501].split(b",")[:2]
    assert after.workouts.already_present == old_workouts - cut_short
    assert after.workouts.added == after.workouts.in_file - old_workouts + cut_short
    assert stored(engine)[1] == after.workouts.in_file + cut_short


def test_a_dry_run_reports_everything_and_stores_nothing(uow: SqlUnitOfWork, engine: Engine, library: Library) -> None:
    """--dry-run: the same report (what would be added), no session or set written."""
    report = import_history(
        uow, library, parse_export(sample("hevy_lbs_jazakhan.csv").read_bytes()), dry_run=True, person_id=me(uow)
    )
    assert (report.status, report.stored, report.dry_run) == ("dry_run", False, True)
    assert report.sets_imported == 928 and report.workouts.added == report.workouts.in_file
    assert stored(engine) == (1, 0, 0)


def test_an_import_acts_for_the_given_person(uow: SqlUnitOfWork, library: Library) -> None:
    """A person id that does not exist is refused, with nothing stored."""
    with pytest.raises(Exception, match="person 42 does not exist"):
        import_history(uow, library, parse_export(sample("hevy_lbs_jazakhan.csv").read_bytes()), person_id=42)


# ------------------------------------------------------------------------------------------------ malformed files


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"  \r\n\n ", "the file is empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        ("Date,Nom de l'entraînement,Durée\n2024-01-01,Jambes,1h\n".encode("latin-1"), "not UTF-8"),
        (b"name,age,city\nAnn,34,Paris\n", "Strong (Date, Workout Name"),
        (b"foo;bar\n1;2", "FitNotes (Date, Exercise"),
        (STRONG_HEADER.encode(), "no rows"),
        (b"Date,Workout Name,Exercise Name,Set Order,Reps\n2024-01-01,A,B,1,5\n", "lacks Weight"),
    ],
    ids=["empty", "blank", "binary", "png", "latin1", "wrong-header", "two-columns", "header-only", "no-weight"],
)
def test_a_file_that_cannot_be_read_gets_a_clear_error(data: bytes, expected: str) -> None:
    """Empty, binary, not UTF-8 or an unknown header: one message saying what is wrong (and the expected formats)."""
    with pytest.raises(ImportFileError, match=expected.replace("(", r"\(")):
        parse_export(data)


def test_the_wrong_app_named_with_from_is_said() -> None:
    """--from strong on a Hevy file names the app the file comes from."""
    with pytest.raises(ImportFileError, match="looks like a Hevy export, not Strong; use --from hevy"):
        parse_export(sample("hevy_lbs_jazakhan.csv").read_bytes(), kind="strong")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            '2024-13-45 10:00:00,"A",1h,"Squat (Barbell)",1,100,5,0,0,"","",',
            "line 3: Date: '2024-13-45 10:00:00' is not a date",
        ),
        (
            '0001-01-01 10:00:00,"A",1h,"Squat (Barbell)",1,100,5,0,0,"","",',
            "line 3: Date: '0001-01-01 10:00:00' is out of range; use a day between 2000-01-01 and 2199-12-31",
        ),
        (
            '9999-12-31 23:59:59,"A",1h,"Squat (Barbell)",1,100,5,0,0,"","",',
            "line 3: Date: '9999-12-31 23:59:59' is out of range",
        ),
        ('2024-01-02 10:00:00,"A",1h,"Squat (Barbell)",1,100,-3,0,0,"","",', "line 3: Reps: '-3' is negative"),
        ('2024-01-02 10:00:00,"A",1h,"Squat (Barbell)",1,-100,5,0,0,"","",', "line 3: Weight: '-100' is negative"),
        ('2024-01-02 10:00:00,"A",1h,"Squat (Barbell)",1,abc,5,0,0,"","",', "line 3: Weight: 'abc' is not a number"),
        (
            '2024-01-02 10:00:00,"A",1h,"Squat (Barbell)",1,100,7.5,0,0,"","",',
            "line 3: Reps: '7.5' is not a whole number",
        ),
        (
            '2024-01-02 10:00:00,"A",1h,"Squat (Barbell)",X,100,5,0,0,"","",',
            "line 3: Set Order: 'X' is not a set number",
        ),
        (
            '2024-01-02 10:00:00,"A",soon,"Squat (Barbell)",1,100,5,0,0,"","",',
            "line 3: Duration: 'soon' is not a duration",
        ),
        ('2024-01-02 10:00:00,"A",1h,"Squat (Barbell)",1,100,5,0,0,"","",12', "line 3: RPE: '12' is not an RPE"),
        ('2024-01-02 10:00:00,"A",1h,"Squat (Barbell)",1,100', "line 3: row: has 6 fields, the header has 12"),
    ],
    ids=[
        "date",
        "year-one",
        "year-9999",
        "negative-reps",
        "negative-weight",
        "weight-text",
        "half-rep",
        "set-order",
        "duration",
        "rpe",
        "short",
    ],
)
def test_a_bad_row_in_strict_mode_rejects_the_whole_file_with_its_line_number(
    row: str, expected: str, uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """A row error names the line and field; a strict import stores nothing (not even the good rows), the default
    one stores the good row alone and reports the bad one."""
    good = '2024-01-01 10:00:00,"B",1h,"Squat (Barbell)",1,100,5,0,0,"","",'
    result = parse_export(strong_file(good, row), unit="kg")
    assert str(result.errors[0]).startswith(expected)
    assert result.accounted == result.rows_read == 2
    with pytest.raises(ImportRejected) as caught:
        import_history(uow, library, result, person_id=me(uow), strict=True)
    assert caught.value.report.status == "rejected"
    assert any(words(p).startswith(expected) for p in caught.value.problems)
    assert stored(engine)[1:] == (0, 0)
    lenient = import_history(uow, library, result, person_id=me(uow))
    assert lenient.row_errors[0].startswith(expected)
    assert stored(engine)[1:] == (1, 1)


def test_bom_crlf_no_final_newline_blank_lines_and_semicolons_are_read() -> None:
    """A UTF-8 BOM, CRLF, a blank line, a missing final newline and decimal commas in a semicolon file all work."""
    header = STRONG_HEADER.replace(",", ";")
    rows = [
        '2024-01-02 10:00:00;"Legs";55s;"Hip Thrust (Barbell)";1;"102,5";8.0;0;0;"";"";',
        "",
        '2024-01-02 10:00:00;"Legs";55s;"Hip Thrust (Barbell)";2;100;8;0;0;"";"";8',
    ]
    data = b"\xef\xbb\xbf" + "\r\n".join([header, *rows]).encode()
    result = parse_export(data, unit="kg")
    assert result.variant.startswith("strong (semicolon")
    assert [(s.line, s.weight_kg, s.reps, s.rpe) for s in result.sets] == [(2, 102.5, 8, None), (4, 100, 8, 8)]
    assert [(p.line, p.reason) for p in result.skipped] == [(3, "blank line")]
    assert result.sets[0].workout_duration_s == 55


@pytest.mark.parametrize(
    ("header", "row", "kg"),
    [
        (
            "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time",
            "2024-01-01,Squat,Legs,100,5,,,",
            45.359,
        ),
        ("Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time", "2024-01-01,Squat,Legs,100,5,,,", 100),
        (
            "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time",
            "2024-01-01,Squat,Legs,100,lbs,5,,,",
            45.359,
        ),
        (
            "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time",
            "2024-01-01,Squat,Legs,100,kgs,5,,,",
            100,
        ),
        (
            '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
            '"set_index","set_type","weight_lbs","reps","distance_miles","duration_seconds","rpe"',
            '"A","1 Feb 2024, 09:05","1 Feb 2024, 10:00","","Squat (Barbell)",,"",0,"warmup",100,5,,,',
            45.359,
        ),
        (
            "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes",
            "2016-01-01 10:00:00,A,Squat (Barbell),0,100,5,0,0,",
            100,
        ),
    ],
    ids=["fitnotes-lbs", "fitnotes-kgs", "unit-col-lbs", "unit-col-kgs", "hevy-lbs", "old-strong-kg"],
)
def test_units_in_the_header_or_per_row(header: str, row: str, kg: float) -> None:
    """'Weight (lbs)', 'weight_lbs', 'kg' as a column name or a kg/kgs/lbs Weight Unit column: weights come out in kg."""
    result = parse_export(f"{header}\n{row}".encode())
    assert result.errors == []
    assert result.sets[0].weight_kg == pytest.approx(kg, abs=0.001)


def test_a_hevy_pm_time_and_an_end_before_the_start() -> None:
    """12-hour clock: 12:30 AM is 00:30; an end_time before the start is a row error."""
    header = (
        '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
        '"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"'
    )
    ok = '"A","Feb 1, 2024, 12:30 AM","Feb 1, 2024, 1:00 AM","","Glute Bridge",,"",0,"normal",,12,,,'
    bad = '"B","Feb 2, 2024, 10:30 AM","Feb 2, 2024, 9:00 AM","","Glute Bridge",,"",0,"normal",,12,,,'
    result = parse_export(f"{header}\n{ok}\n{bad}".encode())
    assert result.sets[0].workout_time is not None and result.sets[0].workout_time.isoformat() == "00:30:00"
    assert result.sets[0].workout_duration_s == 1800
    assert str(result.errors[0]).startswith("line 3: end_time:")


def test_the_weight_unit_guess_looks_at_pound_plate_loads() -> None:
    """135/225/315 on a barbell means lb; 60/80/100 kg does not; no barbell sets means kg, said to be assumed."""
    assert guess_weight_unit([("Squat (Barbell)", w) for w in (135, 225, 315, 185, 95)] * 5)[0] == "lb"
    assert guess_weight_unit([("Squat (Barbell)", w) for w in (60, 80, 100, 102.5, 70)] * 5)[0] == "kg"
    unit, why = guess_weight_unit([("Leg Press", 100)])
    assert unit == "kg" and "assumed" in why


# ------------------------------------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("name", "exercise_id", "how"),
    [
        ("Hip Thrust (Barbell)", "hip_thrust", "exact"),
        ("Squat (Barbell)", "back_squat", "exact"),
        ("Low Bar Squat (Barbel)", "back_squat", "fuzzy"),
        ("Jump Squats", "squat_jump", "fuzzy"),
        ("Romanian Deadlift (Dumbbells)", "dumbbell_romanian_deadlift", "fuzzy"),
        ("Walking Lunges (Each Side)", "walking_lunge", "fuzzy"),
        ("Hack Squat", "custom:hack squat", "guessed"),  # not 'back squat', one letter away
        ("Deadlift (Dumbbell)", "custom:deadlift dumbbell", "guessed"),  # equipment disagrees with the barbell lift
        ("Sumo Deadlift", "custom:sumo deadlift", "guessed"),  # not the kettlebell 'sumo deadlift (kettlebell)'
        ("Squat (Machine)", "custom:squat machine", "guessed"),
        ("Lying Leg Raise", "custom:lying leg raise", "unknown"),  # an ab exercise, not a side-lying leg raise
        ("Bench Press (Barbell)", "custom:bench press barbell", "unknown"),
    ],
)
def test_names_map_to_the_library_only_when_they_mean_the_same_exercise(
    name: str, exercise_id: str, how: str, library: Library
) -> None:
    """Exact id/name/alias first, then fuzzy words (typos, plurals, order) with the equipment agreeing."""
    match = match_name(name, library)
    assert (match.exercise_id, match.how) == (exercise_id, how)
    if how == "fuzzy":
        assert match.score is not None and match.score >= 88


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("Pendulum Squat", "knee_dominant"),
        ("Leg Extension (Machine)", "knee_dominant"),
        ("Leg Press", "knee_dominant"),
        ("Dumbbell Lunges", "knee_dominant"),
        ("Sumo Deadlift (Barbell)", "hip_dominant"),
        ("Good Mornings", "hip_dominant"),
        ("Back Extension (Machine)", "hip_dominant"),
        ("Hip Thrust (Machine)", "hip_dominant"),
        ("Hip Abductor (Machine)", "abduction"),
        ("Lateral Band Walk", "abduction"),
        ("Clamshell (Band)", "abduction"),
        ("Calf Press on Leg Press", "unknown"),
        ("Triceps Extension (Cable)", "unknown"),
        ("Tricep Kickback", "unknown"),
        ("Lat Pullthrough", "unknown"),
        ("Hip Adductor (Machine)", "unknown"),
    ],
)
def test_custom_exercises_get_a_pattern_guessed_from_keywords(name: str, pattern: str) -> None:
    """Squat/lunge/leg press/leg extension: knee; deadlift/thrust/bridge/good morning/back extension: hip."""
    assert guess_pattern(name) == pattern


def test_a_custom_id_fits_the_column() -> None:
    """custom:<normalised name>, cut with a hash suffix when longer than 80 characters."""
    assert custom_id("Squat (Machine)") == "custom:squat machine"
    long = custom_id("Incline Barbell Bench Press Smith Machine (Each Side) (Smith Machine) with a long pause")
    assert len(long) <= 80 and long.startswith("custom:incline barbell")


# ------------------------------------------------------------------------------------------------ command line


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    app = typer.Typer()
    app.command()(import_command)
    app.command("noop")(lambda: None)  # two commands, so `import_history` is invoked by name like in main.py
    yield app
    get_settings.cache_clear()


def test_the_command_prints_the_report_and_imports_once(cli: typer.Typer) -> None:
    """`import FILE --format json` prints the report; `--dry-run` and a second run add nothing."""
    runner = CliRunner()
    path = str(sample("strong_classic_fr_sebastienrdgs.csv"))
    dry = runner.invoke(cli, ["import-history", path, "--dry-run", "--format", Format.JSON.value])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.stdout)["status"] == "dry_run"
    table = runner.invoke(cli, ["import-history", path])
    assert table.exit_code == 0, table.output
    assert "Imported 25 workout(s), 533 set(s)" in table.stdout
    assert "Mapped to the library" in table.stdout
    again = runner.invoke(cli, ["import-history", path, "--from", "strong", "--format", "json"])
    assert json.loads(again.stdout)["workouts"]["added"] == 0


def test_the_command_exits_2_with_a_clear_message_on_a_bad_file(cli: typer.Typer, tmp_path: Path) -> None:
    """A wrong header or a bad row: exit code 2 and the problem on stderr, never a traceback."""
    runner = CliRunner()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,age\nAnn,34\n")
    result = runner.invoke(cli, ["import-history", str(wrong)])
    assert result.exit_code == 2
    assert "wrong.csv: the header is not one GluteRx can read" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_bytes(strong_file('2024-01-02 10:00:00,"A",1h,"Squat (Barbell)",1,100,-3,0,0,"","",'))
    result = runner.invoke(cli, ["import-history", str(bad)])
    assert result.exit_code == 2
    assert "line 2: Reps: '-3' is negative" in result.stderr
    huge = tmp_path / "huge.csv"
    huge.write_bytes(sample("strong_classic_andrew50.csv").read_bytes() * 6)  # 12 MB: over the API's 10 MB
    result = runner.invoke(cli, ["import-history", str(huge)])
    assert result.exit_code == 2
    assert "huge.csv is larger than 10 MB" in " ".join(result.stderr.split())
    missing = runner.invoke(cli, ["import-history", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def corrupted_sample(tmp_path: Path, name: str, line: int, old: str, new: str) -> Path:
    """A copy of a real export from ../shared/data/imports with one row changed (the shared file is left alone)."""
    lines = sample(name).read_bytes().decode().split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / f"typo-{name}"
    path.write_bytes("\n".join(lines).encode())
    return path


def test_one_typo_in_a_real_export_does_not_sink_it_and_strict_keeps_all_or_nothing(
    cli: typer.Typer, tmp_path: Path
) -> None:
    """A real Strong export with one reps typo (877777): every other set is imported and the bad line is reported;
    `--strict` refuses the file whole and stores nothing."""
    runner = CliRunner()
    name = "strong_classic_fr_sebastienrdgs.csv"
    typo = corrupted_sample(tmp_path, name, 11, ",8,", ",877777,")
    strict = runner.invoke(cli, ["import-history", str(typo), "--strict"])
    assert strict.exit_code == 2, strict.output
    assert "line 11: Reps: '877777' is not plausible" in " ".join(strict.stderr.split())
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    try:
        assert stored(engine)[1:] == (0, 0)
        result = runner.invoke(cli, ["import-history", str(typo), "--format", "json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["row_errors"] == ["line 11: Reps: '877777' is not plausible (more than 10,000 reps)"]
        assert (report["rows_with_errors"], report["sets_imported"]) == (1, 532)  # the clean file has 533
        assert stored(engine)[2] == 532
        table = runner.invoke(cli, ["import-history", str(typo)])
        assert "line 11: Reps" in table.stdout and "1 row(s) with a mistake were left out" in table.stdout
    finally:
        engine.dispose()


def test_a_different_workout_sharing_a_start_and_a_name_is_not_dropped(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """Two exports (two people's phones, or a workout logged twice by mistake and fixed) each hold a "Legs" workout
    starting at the same second with different sets: both are imported; each file again adds nothing."""
    first = strong_file('2024-01-02 10:00:00,"Legs",1h,"Squat (Barbell)",1,100,5,0,0,"","",')
    second = strong_file('2024-01-02 10:00:00,"Legs",1h,"Hip Thrust (Barbell)",1,120,8,0,0,"","",')
    assert import_history(uow, library, parse_export(first, unit="kg"), person_id=me(uow)).workouts.added == 1
    other = import_history(uow, library, parse_export(second, unit="kg"), person_id=me(uow))
    assert (other.workouts.added, other.sets_imported) == (1, 1)
    assert stored(engine)[1:] == (2, 2)
    for data in (first, second):
        assert import_history(uow, library, parse_export(data, unit="kg"), person_id=me(uow)).workouts.added == 0
    assert stored(engine)[1:] == (2, 2)


def test_a_workout_imported_under_the_old_identity_is_not_imported_twice(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """A session stored with the key of start and name alone (before sets were part of it) is still recognised."""
    data = strong_file('2024-01-02 10:00:00,"Legs",1h,"Squat (Barbell)",1,100,5,0,0,"","",')
    import_history(uow, library, parse_export(data, unit="kg"), person_id=me(uow))
    with engine.begin() as conn:
        conn.execute(update(PerformedSessionRow).values(source_key=source_key("strong", "2024-01-02T10:00:00|Legs")))
    again = import_history(uow, library, parse_export(data, unit="kg"), person_id=me(uow))
    assert again.workouts.added == 0 and stored(engine)[1:] == (1, 1)


def test_before_anybody_started_a_dry_run_or_a_rejected_file_creates_nobody(cli: typer.Typer, tmp_path: Path) -> None:
    """An empty store: `--dry-run` reports every workout as new and a bad row rejects the file; neither stores a
    person, so the next command still finds nobody."""
    runner = CliRunner()
    dry = runner.invoke(cli, ["import-history", str(sample("hevy_lbs_jazakhan.csv")), "--dry-run", "--format", "json"])
    assert dry.exit_code == 0, dry.output
    report = json.loads(dry.stdout)
    assert (report["status"], report["sets_imported"]) == ("dry_run", 928)
    assert report["workouts"]["added"] == report["workouts"]["in_file"]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(strong_file('2024-01-02 10:00:00,"A",1h,"Squat (Barbell)",1,100,-3,0,0,"","",'))
    assert runner.invoke(cli, ["import-history", str(bad)]).exit_code == 2
    assert (
        runner.invoke(cli, ["import-history", str(sample("hevy_lbs_jazakhan.csv")), "--strict", "--dry-run"]).exit_code
        == 0
    )
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    try:
        assert stored(engine) == (0, 0, 0)
    finally:
        engine.dispose()
