"""The dose as values, and the one place it becomes words."""

from __future__ import annotations

import pytest

from gluterx.domain.dose import (
    Band,
    Dose,
    Duration,
    Guidance,
    Hold,
    Load,
    LoadKind,
    RepRange,
    Style,
    Tempo,
    describe,
)


@pytest.mark.parametrize(
    ("dose", "work", "load"),
    [
        (Dose(3, RepRange(8, 12)), "8-12", "bodyweight"),
        (Dose(2, RepRange(5, 6), per_side=True), "5-6 per side", "bodyweight"),
        (Dose(2, Hold(30)), "30 s", "bodyweight"),
        (Dose(2, Hold(20), per_side=True), "20 s per side", "bodyweight"),
        (Dose(1, Hold(5, reps=10)), "10 x 5 s", "bodyweight"),
        (
            Dose(1, Duration(25), Load.bodyweight(Guidance.EASY_PACE)),
            "25 min",
            "easy to moderate pace: you can talk but not sing",
        ),
        (Dose(3, RepRange(10, 15), Load.of_band(Band.MEDIUM)), "10-15", "medium band"),
        (Dose(3, RepRange(10, 15), Load.of_band(Band.EXTRA_HEAVY)), "10-15", "extra heavy band"),
        (Dose(3, RepRange(8, 12), Load.of_kg(22.5)), "8-12", "22.5 kg"),
        (
            Dose(3, RepRange(8, 12), Load.in_reserve(2, 3)),
            "8-12",
            "a weight you could lift 2-3 more times at the end of each set (RIR 2-3)",
        ),
        (
            Dose(3, RepRange(8, 12), Load.bodyweight(Guidance.SLOW_CONTROLLED)),
            "8-12",
            "bodyweight, slow and controlled",
        ),
    ],
)
def test_short_words_are_the_ones_the_tables_and_the_json_contract_show(dose: Dose, work: str, load: str) -> None:
    """SHORT style: reps or hold, per side, and the load as a table shows them."""
    words = describe(dose)
    assert (words.sets, words.work, words.load) == (str(dose.sets), work, load)


def test_a_fixed_number_of_reps_or_a_hold_never_reads_as_a_range_of_one_number() -> None:
    """No '15-15': a range whose ends are equal is one number."""
    assert describe(Dose(2, RepRange(15, 15))).work == "15"
    assert describe(Dose(2, Hold(35))).work == "35 s"


def test_full_words_read_as_a_sentence() -> None:
    """FULL style: 'to' instead of a dash, reps named, sets counted, 'a' band."""
    words = describe(Dose(1, RepRange(8, 12), Load.of_band(Band.LIGHT), per_side=True), Style.FULL)
    assert (words.sets, words.work, words.load) == ("1 set", "8 to 12 reps on each side", "a light band")
    assert describe(Dose(2, Hold(5, reps=10)), Style.FULL).work == "10 holds of 5 seconds"


def test_tempo_words() -> None:
    """Counted tempos and the explosive one."""
    assert describe(Dose(3, RepRange(8, 12), tempo=Tempo(2, 1, 2))).tempo == "2-1-2 (2 s up, 1 s squeeze, 2 s down)"
    assert describe(Dose(3, RepRange(6, 10), tempo=Tempo(1, 1, 2, explosive=True))).tempo.startswith("1-1-2 (up with")
    assert describe(Dose(1, Hold(30))).tempo == ""


def test_bands_are_one_ordered_vocabulary() -> None:
    """Lightest to heaviest; one step at a time either way; nothing past the ends."""
    assert [b.value for b in Band] == ["light", "medium", "heavy", "extra_heavy"]
    assert Band.LIGHT.stronger is Band.MEDIUM and Band.MEDIUM.lighter is Band.LIGHT
    assert Band.EXTRA_HEAVY.stronger is None and Band.LIGHT.lighter is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: RepRange(12, 8),
        lambda: RepRange(0, 5),
        lambda: Hold(0),
        lambda: Duration(0),
        lambda: Dose(0, RepRange(8, 12)),
        lambda: Load(LoadKind.KG),
        lambda: Load(LoadKind.BAND),
        lambda: Load(LoadKind.BODYWEIGHT, kg=10.0),
        lambda: Load(LoadKind.GUIDANCE),
        lambda: Load(LoadKind.GUIDANCE, guidance=Guidance.RESERVE),
    ],
)
def test_an_impossible_dose_is_refused_where_it_is_made(make: object) -> None:
    """Inverted ranges, no sets, a kg load without a weight, a band load without a band: ValueError at once."""
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]


def test_minutes_of_activity_are_not_counted_in_sets() -> None:
    """A walk reads '24 min', not '1 x 24 min'; counted work keeps its sets."""
    walk = describe(Dose(1, Duration(24), Load.bodyweight(Guidance.EASY_PACE)))
    assert (walk.counted, walk.summary) == (False, "24 min")
    assert describe(Dose(2, RepRange(8, 12))).summary == "2 x 8-12"
