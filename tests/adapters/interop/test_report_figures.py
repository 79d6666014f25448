"""The PDF report draws the programme week's exercises: each with its dose and its start and end positions as
vector drawings (the figures' still pair, services/figures)."""

from __future__ import annotations

from pathlib import Path

from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.adapters.interop.pdf_report import report_pdf
from gluterx.data import load_figures
from gluterx.domain.exercise import Library
from gluterx.services import people, start
from gluterx.services.demo import DEMO_PROFILE
from gluterx.services.report import report_data
from tests.adapters.interop.test_exports import TODAY, new_store, pdf_text, render_pages


def test_the_report_draws_this_weeks_exercises(tmp_path: Path, library: Library) -> None:
    engine = new_store(tmp_path / "figures.db")
    me = people.local_person_id(SqlUnitOfWork(engine), create=True)
    start.start(SqlUnitOfWork(engine), library, DEMO_PROFILE, start_date=TODAY, person_id=me)
    data = report_data(SqlUnitOfWork(engine), library, today=TODAY, person_id=me, figures=load_figures())
    assert data.exercises, "the first week's exercises"
    assert all(ex.figure is not None and "<style" not in ex.figure for ex in data.exercises)
    pdf = report_pdf(data, library)
    render_pages(pdf, tmp_path)  # poppler reads every page, drawings included
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "This week's exercises" in text
    for ex in data.exercises:  # three to a row: a long name wraps, and pdftotext reads the row's lines across
        assert ex.name[:14] in text and ex.words.summary in text
    engine.dispose()


def test_without_a_programme_the_report_draws_no_exercises(tmp_path: Path, library: Library) -> None:
    engine = new_store(tmp_path / "none.db")
    me = people.local_person_id(SqlUnitOfWork(engine), create=True)
    start.start(SqlUnitOfWork(engine), library, DEMO_PROFILE, start_date=TODAY, person_id=me)
    data = report_data(SqlUnitOfWork(engine), library, today=TODAY, person_id=me)  # no figures given
    assert all(ex.figure is None for ex in data.exercises)
    text = " ".join(pdf_text(report_pdf(data, library), tmp_path).split())
    assert "This week's exercises" in text  # the list still names them, without drawings
    engine.dispose()
