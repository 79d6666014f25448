"""The old dose texts (planner of commit 58f0add) read as structured doses, and written back word for word."""

from __future__ import annotations

import pytest

from gluterx.domain.dose import Band, Dose, Duration, Guidance, Hold, Load, RepRange, Tempo, describe
from gluterx.domain.planner import PlanItem
from gluterx.domain.said import Reason
from gluterx.services.legacy_dose import (
    LegacyDoseError,
    legacy_band,
    legacy_item_dose,
    legacy_item_json,
    legacy_load,
    legacy_prescription_dose,
    legacy_tempo,
    legacy_work,
)


@pytest.mark.parametrize(
    ("text", "work", "per_side"),
    [
        ("8-12", RepRange(8, 12), False),
        ("8-12 per side", RepRange(8, 12), True),
        ("5-6 per side", RepRange(5, 6), True),
        ("10", RepRange(10, 10), False),
        ("30 s", Hold(30), False),
        ("30 s per side", Hold(30), True),
        ("10 x 5 s", Hold(5, reps=10), False),
        ("25 min", Duration(25), False),
    ],
)
def test_old_reps_texts_become_work_and_sides(text: str, work: object, per_side: bool) -> None:
    assert legacy_work(text) == (work, per_side)


@pytest.mark.parametrize(
    ("text", "load"),
    [
        ("bodyweight", Load.bodyweight()),
        ("bodyweight, slow and controlled", Load.bodyweight(Guidance.SLOW_CONTROLLED)),
        ("gentle stretch, no pain", Load.bodyweight(Guidance.GENTLE_STRETCH)),
        ("easy to moderate pace: you can talk but not sing", Load.bodyweight(Guidance.EASY_PACE)),
        ("explosive, land softly", Load.bodyweight(Guidance.EXPLOSIVE)),
        ("light to moderate, fast hips", Load.guided(Guidance.FAST_HIPS)),
        ("light band", Load.of_band(Band.LIGHT)),
        ("medium band", Load.of_band(Band.MEDIUM)),
        ("strong band", Load.of_band(Band.HEAVY)),
        ("heavy band", Load.of_band(Band.HEAVY)),
        ("extra heavy band", Load.of_band(Band.EXTRA_HEAVY)),
        ("22.5 kg", Load.of_kg(22.5)),
        ("a weight you could lift 2-3 more times at the end of each set (RIR 2-3)", Load.in_reserve(2, 3)),
        ("a weight you could lift 1-2 more times at the end of each set (RIR 1-2)", Load.in_reserve(1, 2)),
        ("a weight you could lift 2 more times at the end of each set", Load.in_reserve(2, 2)),
    ],
)
def test_old_load_texts_become_loads(text: str, load: Load) -> None:
    assert legacy_load(text) == load


@pytest.mark.parametrize(
    ("text", "tempo"),
    [
        ("2-2-2 (2 s up, 2 s squeeze, 2 s down)", Tempo(2, 2, 2)),
        ("2-1-2 (2 s up, 1 s squeeze, 2 s down)", Tempo(2, 1, 2)),
        ("1-1-2 (up with intent, squeeze, 2 s down)", Tempo(1, 1, 2, explosive=True)),
        ("hold 5 s", None),
        ("steady", None),
        ("", None),
    ],
)
def test_old_tempo_texts_become_tempos(text: str, tempo: Tempo | None) -> None:
    assert legacy_tempo(text) == tempo


@pytest.mark.parametrize(("field", "text"), [("reps", "lots"), ("load", "heavy-ish"), ("tempo", "fast")])
def test_an_unknown_old_text_is_refused_with_its_field(field: str, text: str) -> None:
    item = {"sets": 2, "reps": "8-12", "load": "bodyweight", "rest_s": 60, "tempo": "steady", field: text}
    with pytest.raises(LegacyDoseError, match=f"^{field}: '{text}'"):
        legacy_item_dose(item)


def test_band_names_are_normalised_to_the_band_vocabulary() -> None:
    assert [legacy_band(n) for n in ("light", "Medium", "strong", "Extra-heavy", "extra_heavy", "red")] == [
        Band.LIGHT, Band.MEDIUM, Band.HEAVY, Band.EXTRA_HEAVY, Band.EXTRA_HEAVY, Band.LIGHT,
    ]  # fmt: skip


@pytest.mark.parametrize(
    "old",
    [
        {"sets": 3, "reps": "6-10 per side", "load": "strong band", "rest_s": 60,
         "tempo": "1-1-2 (up with intent, squeeze, 2 s down)"},
        {"sets": 1, "reps": "10 x 5 s", "load": "bodyweight", "rest_s": 0, "tempo": "hold 5 s"},
        {"sets": 1, "reps": "25 min", "load": "easy to moderate pace: you can talk but not sing", "rest_s": 0,
         "tempo": "steady"},
        {"sets": 2, "reps": "30 s per side", "load": "gentle stretch, no pain", "rest_s": 15,
         "tempo": "2-1-2 (2 s up, 1 s squeeze, 2 s down)"},
        {"sets": 3, "reps": "8-12", "load": "a weight you could lift 2-3 more times at the end of each set (RIR 2-3)",
         "rest_s": 90, "tempo": "2-1-2 (2 s up, 1 s squeeze, 2 s down)"},
    ],
)  # fmt: skip
def test_an_old_item_read_and_written_back_is_word_for_word_the_same(old: dict[str, object]) -> None:
    """What a downgrade relies on: legacy_item_json(legacy_item_dose(x)) == x, 'strong band' and no-tempo words too."""
    rest = {"exercise_id": "x", "reason": "why", "sources": ["a"], "slot": "s", "seconds": 12.0}
    item = PlanItem("x", legacy_item_dose(old), Reason.as_written("why"), ("a",), "s", 12.0)
    assert legacy_item_json(item) == {**old, **rest}


def test_describe_gives_the_old_words_for_what_was_read() -> None:
    dose = legacy_item_dose({"sets": 2, "reps": "8-12 per side", "load": "medium band", "rest_s": 60,
                             "tempo": "2-1-2 (2 s up, 1 s squeeze, 2 s down)"})  # fmt: skip
    words = describe(dose)
    assert (words.work, words.load, words.tempo) == (
        "8-12 per side",
        "medium band",
        "2-1-2 (2 s up, 1 s squeeze, 2 s down)",
    )


def test_an_old_prescription_without_library_entry_or_plan_is_reps_at_bodyweight() -> None:
    dose = legacy_prescription_dose(
        sets=2, rep_low=12, rep_high=8, load_kg=None, band=None, exercise=None, planned=None
    )
    assert dose == Dose(2, RepRange(8, 12))


def test_an_old_prescription_takes_its_kind_and_rest_from_the_planned_item_without_a_library_entry() -> None:
    planned = Dose(2, Hold(30), Load.bodyweight(Guidance.GENTLE_STRETCH), 15, per_side=True)
    dose = legacy_prescription_dose(
        sets=2, rep_low=40, rep_high=40, load_kg=0.0, band=None, exercise=None, planned=planned
    )
    assert dose == Dose(2, Hold(40), Load.bodyweight(), 15, per_side=True)
