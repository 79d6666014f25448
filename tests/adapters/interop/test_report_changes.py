"""The report shows the plan's changes (issue 16: "the existing report, with the clinician's adjustments and
notes"): who changed what, when and why, read from the same change log the person's page shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from gluterx.adapters.interop.pdf_report import report_pdf
from gluterx.domain.exercise import Library
from gluterx.services import clinician_plan, report, today
from tests.adapters.interop.test_exports import pdf_text
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, log_due, started
from tests.services.test_clinician_plan_use_cases import _swappable
from tests.services.test_clinicians_use_cases import clinician, connect


def test_the_report_lists_a_clinicians_swap_with_who_and_why(library: Library, tmp_path: Path) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    old, new = _swappable(uow, library, doc, client)
    clinician_plan.client_swap(
        uow, library, person_id=doc, client_id=client, on=START, exercise_id=old, to=new, today=START,
        reason="kinder to the hip for now", at=datetime(2026, 1, 5, 8, tzinfo=UTC),
    )  # fmt: skip
    log_due(uow, library, client, START)
    data = report.report_data(uow, library, today=START + timedelta(days=1), person_id=client)
    assert [(c.author_name, c.reason) for c in data.changes] == [("Dr Rowe", "kinder to the hip for now")]
    text = " ".join(pdf_text(report_pdf(data, library), tmp_path).split())
    assert "Changes to the plan" in text
    assert "Dr Rowe" in text and "kinder to the hip for now" in text
    assert library.display_name(new) in text


def test_a_report_without_changes_has_no_such_section(library: Library, tmp_path: Path) -> None:
    uow = FakeUnitOfWork()
    client = started(uow, library)
    log_due(uow, library, client, START)
    data = report.report_data(uow, library, today=START + timedelta(days=1), person_id=client)
    assert data.changes == ()
    assert "Changes to the plan" not in pdf_text(report_pdf(data, library), tmp_path)


def test_a_clinicians_note_is_in_the_report_once_with_who(library: Library, tmp_path: Path) -> None:
    """The change's words already quote an item note: the report says it once, not again after them."""
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    exercise_id = today.today(uow, library, on=START, person_id=client).items[0].exercise_id
    clinician_plan.client_note(
        uow, library, person_id=doc, client_id=client, on=START, exercise_id=exercise_id, today=START,
        text="Hips level", at=datetime(2026, 1, 5, 8, tzinfo=UTC),
    )  # fmt: skip
    data = report.report_data(uow, library, today=START + timedelta(days=1), person_id=client)
    text = " ".join(pdf_text(report_pdf(data, library), tmp_path).split())
    assert text.count("Hips level") == 1 and "Dr Rowe" in text
