"""Hypothesis strategies shared by the property tests: generated PROFILE.json answers."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from gluterx.domain.anatomy import Side
from gluterx.domain.conditions import (
    Approach,
    Birth,
    Condition,
    FallsLastYear,
    GlutealTendinopathy,
    HipOsteoarthritis,
    HipReplacement,
    KneeOsteoarthritis,
    KneeReplacement,
    Osteoporosis,
    PelvicGirdlePain,
    Postnatal,
    Pregnancy,
    RadicularLegPain,
)


def profiles(*, max_weeks: int = 12) -> st.SearchStrategy[dict[str, Any]]:
    """PROFILE.json answers with no red flags: goals, up to two pain regions, health conditions (up to two; their
    precautions shape the plan), equipment, sessions, minutes, weeks."""
    return st.fixed_dictionaries(
        {
            "age": st.integers(18, 85),
            "goals": st.lists(
                st.sampled_from(["pain_relief", "posture", "performance", "fat_loss", "bone_health"]),
                min_size=1,
                max_size=3,
                unique=True,
            ),
            "pain": st.lists(
                st.fixed_dictionaries(
                    {
                        "region": st.sampled_from(["lower_back", "hip", "knee"]),
                        "side": st.just("both"),
                        "intensity": st.integers(0, 6),
                        "weeks": st.integers(0, 52),
                    }
                ),
                max_size=2,
                unique_by=lambda p: p["region"],
            ),
            "red_flags": st.just([]),
            "conditions": conditions(max_size=2).filter(_not_pregnant_and_postnatal),
            "sitting_hours_per_day": st.integers(0, 12),
            "experience": st.sampled_from(["none", "beginner", "intermediate", "advanced"]),
            "equipment": st.lists(
                st.sampled_from(["mini_band", "long_band", "dumbbells", "bench", "step"]), unique=True
            ),
            "sessions_per_week": st.integers(1, 6),
            "minutes_per_session": st.integers(15, 60),
            "weeks": st.integers(4, max_weeks),
        }
    )


def _not_pregnant_and_postnatal(found: list[dict[str, Any]]) -> bool:
    return not {c["id"] for c in found} >= {"pregnancy", "postnatal"}


def conditions(*, max_size: int = 5) -> st.SearchStrategy[list[dict[str, Any]]]:
    """PROFILE.json `conditions`: up to `max_size` different conditions, each with valid answers drawn from its
    question's values and ranges (domain/conditions.py QUESTIONS)."""
    from gluterx.domain.conditions import QUESTIONS, AnswerKind

    def entry(q: Any) -> st.SearchStrategy[dict[str, Any]]:
        fields: dict[str, st.SearchStrategy[Any]] = {"id": st.just(q.id.value)}
        for f in q.follow_ups:
            kind_is_choice = f.kind is AnswerKind.CHOICE
            fields[f.name] = st.sampled_from(f.values) if kind_is_choice else st.integers(f.minimum, f.maximum)
        return st.fixed_dictionaries(fields)

    return st.lists(st.sampled_from(QUESTIONS), unique=True, max_size=max_size).flatmap(
        lambda picked: st.tuples(*(entry(q) for q in picked)).map(list)
    )


def _condition() -> st.SearchStrategy[Condition]:
    sides = st.sampled_from(list(Side))
    return st.one_of(
        st.builds(HipReplacement, sides, st.sampled_from(list(Approach)), st.integers(0, 120)),
        st.builds(KneeReplacement, sides, st.integers(0, 120)),
        st.builds(Pregnancy, st.sampled_from([1, 2, 3])),
        st.builds(Postnatal, st.integers(0, 104), st.sampled_from(list(Birth))),
        st.just(PelvicGirdlePain()),
        st.builds(GlutealTendinopathy, sides),
        st.builds(HipOsteoarthritis, sides),
        st.builds(KneeOsteoarthritis, sides),
        st.just(Osteoporosis()),
        st.builds(RadicularLegPain, sides),
        st.builds(FallsLastYear, st.integers(0, 5)),
    )


def typed_conditions(*, max_size: int = 4) -> st.SearchStrategy[tuple[Condition, ...]]:
    """Typed health conditions (Profile.conditions), each id at most once; pregnancy and postnatal not together."""
    return (
        st.lists(_condition(), max_size=max_size, unique_by=lambda c: c.id)
        .filter(lambda cs: not ({c.id.value for c in cs} >= {"pregnancy", "postnatal"}))
        .map(tuple)
    )
