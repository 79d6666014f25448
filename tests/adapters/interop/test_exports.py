"""Exports on a real store with history: the .ics calendar, the CSV of every set, the clinician PDF and their CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import typer
from icalendar import Calendar
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from gluterx.adapters.cli.progress import export_app, export_csv, export_ics, report, show_progress, sparkline
from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.models import PlannedSessionRow, ProgramRow, SetRow
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.adapters.interop.csv_export import COLUMNS, sets_csv
from gluterx.adapters.interop.csv_import import parse_export
from gluterx.adapters.interop.ics import planned_sessions_ics
from gluterx.adapters.interop.pdf_report import NO_DATA, SECTIONS, latin1, render_report
from gluterx.config import get_settings
from gluterx.data import load_library
from gluterx.domain.analysis import analyse
from gluterx.domain.dose import describe
from gluterx.domain.exercise import Library
from gluterx.services import people, start
from gluterx.services.calendar import calendar_sessions
from gluterx.services.demo import DEMO_PROFILE, seed_demo
from gluterx.services.exports import SetRecord, all_sets
from gluterx.services.importing import import_history
from gluterx.services.progress import PersonInfo, ProgressData, load_progress

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
# Two older workouts from another app, in pounds: one exercise the library knows, one kept as a custom exercise.
STRONG_LB = "\n".join(
    [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
        "2026-01-12 18:00:00,Legs,45m,Hip Thrust (Barbell),1,135,8,0,0,,,",
        "2026-01-12 18:00:00,Legs,45m,Hip Thrust (Barbell),2,155,6,0,0,,,",
        "2026-01-12 18:00:00,Legs,45m,Leg Extension (Machine),1,90,12,0,0,,,",
        "2026-01-19 18:00:00,Legs,45m,Hip Thrust (Barbell),1,165,6,0,0,,,",
        "2026-01-19 18:00:00,Legs,45m,Leg Extension (Machine),1,95,10,0,0,,,",
    ]
)
runner = CliRunner()


def poppler(tool: str) -> str:
    """The poppler-utils tool, or a skip (a failure when CI demands the end-to-end checks)."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("GLUTERX_REQUIRE_E2E"):
            pytest.fail(f"{tool} is missing: install poppler-utils (.ci/run does)")
        pytest.skip(f"{tool} not installed (apt-get install poppler-utils)")
    return path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([poppler("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def render_pages(pdf: bytes, tmp_path: Path) -> list[Path]:
    """Every page rendered by pdftoppm; fails if poppler cannot read the file."""
    path = tmp_path / "render.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([poppler("pdfinfo"), str(path)], capture_output=True, check=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    out = tmp_path / "pages"
    out.mkdir()
    done = subprocess.run(
        [poppler("pdftoppm"), "-png", "-r", "50", str(path), str(out / "page")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr, done.stderr
    pngs = sorted(out.glob("page-*.png"))
    assert len(pngs) == pages >= 1
    assert all(p.read_bytes().startswith(b"\x89PNG") and p.stat().st_size > 1000 for p in pngs)
    return pngs


# ------------------------------------------------------------------------------------------------ stores


def new_store(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Engine]]:
    """The demo person's few weeks of GluteRx history plus an imported Strong file in pounds."""
    lib = load_library()
    path = tmp_path_factory.mktemp("exports") / "demo.db"
    engine = new_store(path)
    seed_demo(lambda: SqlUnitOfWork(engine), lib, today=TODAY)
    local = people.local_person_id(SqlUnitOfWork(engine), create=True)
    imported = import_history(SqlUnitOfWork(engine), lib, parse_export(STRONG_LB.encode(), unit="lb"), person_id=local)
    assert imported.sets_imported == 5
    with SqlUnitOfWork(engine) as uow:  # a set stored in pounds, as a restored backup may hold
        person = uow.people.local()
        sets = [{"reps": 8, "load": 135.0, "unit": "lb"}, {"reps": 12, "load": 45.0, "unit": "lb", "warmup": True}]
        exercise = {"exercise_id": "romanian_deadlift", "pain_during": 1, "felt_in": ["glutes"], "sets": sets}
        uow.sessions.create(person_id=person.id, day=date(2026, 1, 26), notes="", source="backup", exercises=[exercise])
        uow.commit()
    yield path, engine
    engine.dispose()


@pytest.fixture
def uow(store: tuple[Path, Engine]) -> SqlUnitOfWork:
    return SqlUnitOfWork(store[1])


@pytest.fixture
def me(uow: SqlUnitOfWork) -> int:
    """The local person the store's history belongs to."""
    return people.local_person_id(uow)


@pytest.fixture
def progress(uow: SqlUnitOfWork, library: Library, me: int) -> ProgressData:
    return load_progress(uow, library, today=TODAY, person_id=me)


def stored_sets(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count(SetRow.id))) or 0


def planned_count(engine: Engine) -> int:
    with engine.connect() as conn:
        stmt = select(func.count(PlannedSessionRow.id)).join(ProgramRow).where(ProgramRow.active.is_(True))
        return conn.scalar(stmt) or 0


# ------------------------------------------------------------------------------------------------ calendar


def test_calendar_sessions_are_the_active_programmes_planned_sessions_with_exercise_names(
    uow: SqlUnitOfWork, store: tuple[Path, Engine], library: Library, me: int
) -> None:
    """One row per planned session, in date order, each item named from the library."""
    sessions = calendar_sessions(uow, library, today=TODAY, person_id=me)
    assert len(sessions) == planned_count(store[1]) > 0
    assert [s.date for s in sessions] == sorted(s.date for s in sessions)
    assert {s.kind for s in sessions} <= {"strength", "activity"}
    for s in sessions:
        assert s.phase_name and s.minutes > 0 and s.items
        assert all(i.name == library.get(i.exercise_id).name for i in s.items)


def test_the_ics_reparses_with_one_event_and_one_reminder_per_planned_session(
    uow: SqlUnitOfWork, library: Library, me: int
) -> None:
    """Calendar.from_ical reads it back: a VEVENT per session, each with a DISPLAY VALARM, at 18:00 for its minutes."""
    sessions = calendar_sessions(uow, library, today=TODAY, person_id=me)
    cal = Calendar.from_ical(planned_sessions_ics(sessions, reminder_minutes=45, now=NOW))
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(sessions)
    assert len({str(e["UID"]) for e in events}) == len(events)
    for event, session in zip(events, sessions, strict=True):
        start = event.decoded("DTSTART")
        assert start.date() == session.date
        assert start.time() == time(18, 0)
        assert event.decoded("DURATION") == timedelta(minutes=max(1, round(session.minutes)))
        assert str(event["SUMMARY"]) == (
            f"GluteRx: {'glute session' if session.kind == 'strength' else 'optional activity day'} "
            f"(week {session.week}{', lighter week' if session.deload else ''})"
        )
        description = str(event["DESCRIPTION"])
        # An optional activity day says so and does not block the time; a glute session does.
        assert ("Optional" in description) is session.optional
        assert str(event["TRANSP"]) == ("TRANSPARENT" if session.optional else "OPAQUE")
        for item in session.items:
            words = describe(item.dose)
            assert f"{item.name}: {words.summary}, {words.load}" in description
        alarms = [c for c in event.subcomponents if c.name == "VALARM"]
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == timedelta(minutes=-45)


def test_ics_uids_are_stable_so_a_new_export_updates_rather_than_doubles(
    uow: SqlUnitOfWork, library: Library, me: int
) -> None:
    """The same sessions exported on another day carry the same UIDs (from the date and kind)."""
    sessions = calendar_sessions(uow, library, today=TODAY, person_id=me)
    first = Calendar.from_ical(planned_sessions_ics(sessions, now=NOW))
    later = Calendar.from_ical(planned_sessions_ics(sessions, now=NOW + timedelta(days=9)))
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in later.walk("VEVENT")]
    assert uids[0] == f"gluterx-{sessions[0].date:%Y%m%d}-{sessions[0].kind}@gluterx.local"


def test_ics_in_a_named_time_zone_carries_its_vtimezone_and_an_unknown_zone_is_refused(
    uow: SqlUnitOfWork, library: Library, me: int
) -> None:
    """tz=Europe/London gives local 19:30 starts with a VTIMEZONE; a made-up zone is a clear ValueError."""
    sessions = calendar_sessions(uow, library, today=TODAY, person_id=me)[:3]
    cal = Calendar.from_ical(planned_sessions_ics(sessions, tz="Europe/London", at=time(19, 30), now=NOW))
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    start = next(iter(cal.walk("VEVENT"))).decoded("DTSTART")
    assert (start.time(), start.utcoffset()) == (time(19, 30), timedelta(0))
    floating = next(iter(Calendar.from_ical(planned_sessions_ics(sessions, tz=None)).walk("VEVENT")))
    assert floating.decoded("DTSTART").tzinfo is None
    with pytest.raises(ValueError, match="tz: unknown time zone"):
        planned_sessions_ics(sessions, tz="Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="reminder_minutes"):
        planned_sessions_ics(sessions, reminder_minutes=-5)


# ------------------------------------------------------------------------------------------------ CSV


def test_the_csv_has_a_header_and_one_row_per_stored_set(
    uow: SqlUnitOfWork, store: tuple[Path, Engine], library: Library, me: int
) -> None:
    """Every set in the store is a row; loads in the person's unit (imported pounds read in kg for a person who has
    not chosen lb) beside the kg load; custom names are kept."""
    text = sets_csv(all_sets(uow, person_id=me, library=library))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(COLUMNS)
    assert len(rows) - 1 == stored_sets(store[1]) > 100
    records = [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]
    assert [r["date"] for r in records] == sorted(r["date"] for r in records)
    thrust = next(r for r in records if r["exercise_id"] == "hip_thrust")
    assert (thrust["exercise"], thrust["source"], thrust["set"], thrust["reps"]) == (
        "Barbell hip thrust",
        "strong",
        "1",
        "8",
    )
    assert float(thrust["load_kg"]) == pytest.approx(135 * 0.45359237, abs=0.001)
    assert not [r for r in records if r["unit"] == "lb"]
    pounds = [r for r in records if r["load"] in ("61.23", "20.41")]  # 135 and 45 lb as logged, read in kg
    assert [(r["load"], r["unit"], r["set"], r["warmup"]) for r in pounds] == [
        ("61.23", "kg", "1", "false"),
        ("20.41", "kg", "2", "true"),
    ]
    assert float(pounds[0]["load_kg"]) == pytest.approx(61.235, abs=0.001)
    assert float(pounds[0]["e1rm_kg"]) == pytest.approx(61.235 * (1 + 8 / 30), abs=0.01)
    assert pounds[1]["e1rm_kg"] == ""  # no estimate from a warm-up
    custom = next(r for r in records if r["exercise_id"].startswith("custom:"))
    assert custom["exercise"].lower() == custom["exercise_id"].removeprefix("custom:")
    own = [r for r in records if r["source"] == "gluterx"]
    assert own and all(r["set"].isdigit() and r["warmup"] == "false" for r in own)


def test_the_csv_quotes_commas_and_defuses_spreadsheet_formulas() -> None:
    """A name with a comma stays one cell; one starting with '=' is written as text."""
    fields = dict.fromkeys(COLUMNS) | {"date": date(2026, 1, 1), "exercise": "Squat, paused", "reps": 5}
    rows = [SetRecord(**(fields | {"exercise_id": "=HYPERLINK(1)"}))]
    record = list(csv.reader(io.StringIO(sets_csv(rows))))[1]
    assert record[COLUMNS.index("exercise")] == "Squat, paused"
    assert record[COLUMNS.index("exercise_id")] == "'=HYPERLINK(1)"
    assert record[COLUMNS.index("load_kg")] == ""


# ------------------------------------------------------------------------------------------------ PDF


def test_the_pdf_renders_on_every_page_and_shows_every_section(
    progress: ProgressData, library: Library, tmp_path: Path
) -> None:
    """It starts with %PDF, pdftoppm renders each page, and pdftotext finds every heading and the real figures."""
    pdf = render_report(progress, library, generated_on=TODAY)
    assert pdf.startswith(b"%PDF")
    render_pages(pdf, tmp_path)
    text = pdf_text(pdf, tmp_path)
    for section in SECTIONS:
        assert section in text, section
    assert "Sam" in text
    assert "Barbell hip thrust" in text  # the imported loaded sets give an e1RM
    assert "(est.)" in text
    assert "Verdict:" in text
    assert "Farrar" in text and "[1]" in text  # cited sources numbered and resolved through the registry
    assert "farrar2001" not in text  # an evidence id is not for a reader
    assert f"{progress.analysis.adherence.done} ({progress.analysis.adherence.percent:.0f}%)" in text


def test_a_person_with_no_history_still_gets_a_pdf_with_every_section_saying_no_data_yet(
    tmp_path: Path, library: Library
) -> None:
    """Started a programme, logged nothing: every heading is there, the empty ones say so."""
    engine = new_store(tmp_path / "empty.db")
    me = people.local_person_id(SqlUnitOfWork(engine), create=True)
    start.start(SqlUnitOfWork(engine), library, DEMO_PROFILE, start_date=TODAY, person_id=me)
    data = load_progress(SqlUnitOfWork(engine), library, today=TODAY, person_id=me)
    pdf = render_report(data, library, generated_on=TODAY)
    assert pdf.startswith(b"%PDF")
    render_pages(pdf, tmp_path)
    text = pdf_text(pdf, tmp_path)
    assert all(section in text for section in SECTIONS)
    assert text.count(NO_DATA) >= 6
    engine.dispose()


def test_a_bare_analysis_with_no_profile_and_odd_characters_still_renders(tmp_path: Path, library: Library) -> None:
    """No profile, programme or screening, and a name outside Latin-1: still a PDF, every section marked empty."""
    data = ProgressData(
        analysis=analyse(sets=[], library=library, today=TODAY),
        person=PersonInfo("Zoë → “Sam” ≥ 5 – 李", date(2026, 1, 1)),
        profile=None,
        screening=None,
        program=None,
        alerts=(),
        total_sets=0,
        first_day=None,
        last_day=None,
    )
    pdf = render_report(data, library)
    render_pages(pdf, tmp_path)
    text = pdf_text(pdf, tmp_path)
    assert all(section in text for section in SECTIONS)
    assert text.count(NO_DATA) >= len(SECTIONS) - 1  # all but the person
    assert 'Zoë -> "Sam" >= 5 - ?' in text


def test_latin1_spells_symbols_in_ascii_and_keeps_accents() -> None:
    """The core PDF fonts only draw Latin-1: arrows, dashes and comparison signs become ASCII."""
    assert latin1("5 → 3 – ≥ 2 × 3 … “ok” é") == '5 -> 3 - >= 2 x 3 ... "ok" é'
    assert latin1("Ｆ李").encode("latin-1") == b"F?"


# ------------------------------------------------------------------------------------------------ CLI


@pytest.fixture
def cli(store: tuple[Path, Engine], monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    """The commands on the demo store (GLUTERX_DATABASE_URL), as main.py registers them."""
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{store[0]}")
    get_settings.cache_clear()
    app = typer.Typer()
    app.command("progress")(show_progress)
    app.command("report")(report)
    app.command("export-ics")(export_ics)
    app.command("export-csv")(export_csv)
    app.add_typer(export_app, name="export")
    yield app
    get_settings.cache_clear()


@pytest.fixture
def empty_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{tmp_path / 'nothing.db'}")
    get_settings.cache_clear()
    app = typer.Typer()
    app.command("progress")(show_progress)
    app.command("report")(report)
    app.add_typer(export_app, name="export")
    yield app
    get_settings.cache_clear()


def test_progress_prints_the_trends_and_the_balance_verdict(cli: typer.Typer) -> None:
    """`gluterx progress` shows sparklines, the region table and the verdict; --format json is the progress view."""
    table = runner.invoke(cli, ["progress", "--date", TODAY.isoformat()])
    assert table.exit_code == 0, table.output
    assert "Progress for Sam" in table.output
    assert "Hip vs knee balance" in table.output
    assert any(ch in table.output for ch in "▁▂▃▄▅▆▇█")
    as_json = runner.invoke(cli, ["progress", "--date", TODAY.isoformat(), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    view = json.loads(as_json.stdout)
    assert {"pain", "strength", "volume", "balance", "adherence", "load", "alerts"} <= set(view)


def test_report_and_exports_write_their_files(cli: typer.Typer, tmp_path: Path, store: tuple[Path, Engine]) -> None:
    """report --pdf, export ics and export csv each write a complete file (and only that file) in the folder."""
    out = tmp_path / "out"
    pdf = runner.invoke(cli, ["report", "--pdf", str(out / "report.pdf"), "--date", TODAY.isoformat()])
    assert pdf.exit_code == 0, pdf.output
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
    ics = runner.invoke(cli, ["export", "ics", str(out / "plan.ics"), "--reminder", "30", "--tz", "Europe/Berlin"])
    assert ics.exit_code == 0, ics.output
    cal = Calendar.from_ical((out / "plan.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == planned_count(store[1])
    assert all(next(iter(e.walk("VALARM"))).decoded("TRIGGER") == timedelta(minutes=-30) for e in events)
    sets = runner.invoke(cli, ["export-csv", str(out / "sets.csv")])
    assert sets.exit_code == 0, sets.output
    assert len((out / "sets.csv").read_text(encoding="utf-8").splitlines()) == stored_sets(store[1]) + 1
    assert sorted(p.name for p in out.iterdir()) == ["plan.ics", "report.pdf", "sets.csv"]  # no temp files left


def test_exports_with_nothing_to_export_exit_2_with_a_clear_message(empty_cli: typer.Typer, tmp_path: Path) -> None:
    """An empty store: each command says what is missing and what to do, exits 2 and writes no file."""
    for args, message in (
        (["export", "ics", str(tmp_path / "x.ics")], "no planned sessions to export"),
        (["export", "csv", str(tmp_path / "x.csv")], "no logged sets to export"),
        (["report", "--pdf", str(tmp_path / "x.pdf")], "nothing to show yet"),
        (["progress"], "nothing to show yet"),
    ):
        result = runner.invoke(empty_cli, args)
        assert result.exit_code == 2, result.output
        assert message in " ".join(result.output.split())
    assert not [p for p in tmp_path.iterdir() if p.suffix in {".ics", ".csv", ".pdf"}]


def test_a_bad_time_zone_is_a_clear_error(cli: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "ics", str(tmp_path / "x.ics"), "--tz", "Nowhere/Atlantis"])
    assert result.exit_code == 2
    assert "unknown time zone" in result.output
    assert not (tmp_path / "x.ics").exists()


def test_sparkline_maps_values_onto_eight_levels() -> None:
    """Lowest to highest run ▁ to █; a flat series sits mid-height; only the last 24 values are drawn."""
    assert sparkline([0, 5, 10], low=0, high=10) == "▁▅█"
    assert sparkline([3, 3]) == "▅▅"
    assert sparkline([]) == ""
    assert len(sparkline(list(range(100)))) == 24
