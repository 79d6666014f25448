"""The clinician PDF carries the person's precautions, the daily-life advice and each planned exercise's notes."""

from __future__ import annotations

from pathlib import Path

from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.adapters.interop.pdf_report import render_report
from gluterx.domain.exercise import Library
from gluterx.services import people, start
from gluterx.services.progress import load_progress
from tests.adapters.interop.test_exports import TODAY, new_store, pdf_text

OLDER_WITH_THIN_BONES = {
    "age": 72,
    "goals": ["pain_relief"],
    "pain": [{"region": "knee", "side": "both", "intensity": 3, "weeks": 40}],
    "red_flags": ["osteoporosis"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
    "weeks": 8,
}


def test_the_pdf_lists_the_precautions_their_advice_and_the_supported_options(tmp_path: Path, library: Library) -> None:
    engine = new_store(tmp_path / "bones.db")
    me = people.local_person_id(SqlUnitOfWork(engine), create=True)
    start.start(SqlUnitOfWork(engine), library, OLDER_WITH_THIN_BONES, start_date=TODAY, person_id=me)
    data = load_progress(SqlUnitOfWork(engine), library, today=TODAY, person_id=me)
    assert {p.id.value for p in data.precautions} >= {"osteoporosis_spine", "fall_risk", "balance_work"}
    assert any(n.supported_option for _, n in data.exercise_notes)
    text = " ".join(pdf_text(render_report(data, library, generated_on=TODAY), tmp_path).split())
    assert "Precautions for this person's health" in text
    assert "Because of osteoporosis" in text and "bend at the hips and knees" in text
    assert "Notes on the planned exercises" in text and "Hold on:" in text and "Take care:" in text
    assert "Giangregorio LM" in text and "giangregorio2014" not in text  # cited, and resolved in the sources section
    engine.dispose()
