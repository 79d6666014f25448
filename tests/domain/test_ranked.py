"""Ranked enums: a member's rank is its place in the declaration, counted for each enum on its own."""

from __future__ import annotations

from gluterx.domain.dose import Band
from gluterx.domain.exercise import Grade, LoadType
from gluterx.domain.progression.alerts import AlertLevel
from gluterx.domain.ranked import Ranked
from gluterx.domain.screening import Urgency


def test_rank_is_the_place_in_the_declaration_counted_from_zero() -> None:
    """Each enum counts from 0 in the order its members are declared, whatever their values sort as."""

    class Size(Ranked):
        SMALL = "small"
        LARGE = "large"
        HUGE = "a_huge"

    assert [s.rank for s in Size] == [0, 1, 2]
    assert Size.HUGE.rank > Size.LARGE.rank  # "a_huge" sorts first as a string; its rank does not


def test_every_ranked_enum_keeps_its_own_order() -> None:
    """Grades, load types, bands, alert levels and urgencies rank as the rules compare them."""
    assert [g.rank for g in (Grade.NONE, Grade.LOW, Grade.MODERATE, Grade.HIGH)] == [0, 1, 2, 3]
    assert LoadType.BODYWEIGHT.rank < LoadType.BAND.rank < LoadType.WEIGHTS.rank
    assert Band.LIGHT.rank == 0 and Band.EXTRA_HEAVY.rank == 3
    assert AlertLevel.LOW.rank < AlertLevel.HIGH.rank < AlertLevel.CRITICAL.rank
    assert Urgency.EMERGENCY.rank == 0  # the most urgent first


def test_a_ranked_member_is_still_its_string() -> None:
    """Ranking adds an order and changes nothing else: members equal their values and parse from them."""
    assert Grade("moderate") is Grade.MODERATE
    assert Grade.MODERATE == "moderate" and f"{Grade.MODERATE}" == "moderate"


def test_a_member_in_words_has_spaces_for_underscores() -> None:
    from gluterx.domain.evidence import ActivationBand

    assert ActivationBand.VERY_HIGH.words == "very high" and Band.EXTRA_HEAVY.words == "extra heavy"
    assert type(Band.LIGHT.words) is str  # plain text, not the enum member
