"""The outcome measures in the clinician PDF: rendered, read back with pdftotext, with the change against the
minimal important change and the sources."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.adapters.interop.pdf_report import report_pdf
from gluterx.domain.exercise import Library
from gluterx.services import people, start
from gluterx.services.demo import DEMO_PROFILE
from gluterx.services.outcomes import record_outcomes
from gluterx.services.report import report_data
from tests.adapters.interop.test_exports import TODAY, new_store, pdf_text, render_pages


def answers(pain: int, scores: tuple[int, int, int], groc: int | None = None) -> dict[str, Any]:
    names = ("Climbing stairs", "Sitting an hour", "Gardening")
    data: dict[str, Any] = {
        "pain": pain,
        "activities": [{"name": n, "score": s} for n, s in zip(names, scores, strict=True)],
    }
    return data if groc is None else {**data, "groc": groc}


def test_the_report_charts_the_outcomes_and_judges_the_change(tmp_path: Path, library: Library) -> None:
    """Start and day 28 answered: the section shows both rows, better pain and PSFS with their MICs, the GROC, and
    the sources in the list at the end."""
    engine = new_store(tmp_path / "outcomes.db")
    me = people.local_person_id(SqlUnitOfWork(engine), create=True)
    start.start(SqlUnitOfWork(engine), library, DEMO_PROFILE, start_date=TODAY, person_id=me)
    record_outcomes(SqlUnitOfWork(engine), answers(6, (3, 4, 2)), on=TODAY, person_id=me)
    later = TODAY + timedelta(days=28)
    record_outcomes(SqlUnitOfWork(engine), answers(3, (6, 7, 5), groc=4), on=later, person_id=me)
    pdf = report_pdf(report_data(SqlUnitOfWork(engine), library, today=later, person_id=me), library)
    render_pages(pdf, tmp_path)
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Outcome measures" in text
    assert "Climbing stairs 6" in text and "Gardening 2" in text
    assert "6 -> 3 (-3): better, reaching the minimal important change" in text
    assert "3.0 -> 6.0 (+3.0): better" in text and "2 points; Abbott & Schmitt 2014" in text
    assert "+4 (moderately better)" in text
    assert "Abbott" in text and "Wang YC" in text  # cited, and resolved in the sources list (numbered, no ids)
    assert "abbott2014" not in text
    engine.dispose()


def test_without_answers_the_section_says_so(tmp_path: Path, library: Library) -> None:
    """No outcome answers yet: the heading is there with 'No outcome measures answered yet'."""
    engine = new_store(tmp_path / "none.db")
    me = people.local_person_id(SqlUnitOfWork(engine), create=True)
    start.start(SqlUnitOfWork(engine), library, DEMO_PROFILE, start_date=TODAY, person_id=me)
    pdf = report_pdf(report_data(SqlUnitOfWork(engine), library, today=TODAY, person_id=me), library)
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Outcome measures" in text and "No outcome measures answered yet" in text
    engine.dispose()
