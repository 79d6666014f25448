# ruff: noqa
# mypy: ignore-errors
# The text-era reference, frozen as it was at c3a8b29 (before reasons had parts): the property test in
# tests/domain/test_said.py checks that every reason the engine and planner now give, rendered for a kg reader, is
# this code's text byte for byte. Do not edit, except to follow renames of what it imports.
"""Reasons: why an exercise is in the plan, in plain words, with the sources behind it."""

from __future__ import annotations

from gluterx.domain.exercise import ActivationBasis, Category, Exercise, Grade, Library, Measure
from gluterx.domain.planner.selection import Block
from gluterx.domain.planner.slots import Slot
from gluterx.domain.profile import PainRegion, Profile

__all__ = [
    "reason_for",
]


def _source_label(library: Library, source_id: str) -> str:
    src = library.registry.sources.get(source_id)
    if src is None:
        return source_id
    author = src.authors.split(",")[0].replace(" et al.", "").split(" ")[0]
    return f"{author} {src.year}" if src.year else author


def reason_for(
    ex: Exercise, slot: Slot, block: Block, profile: Profile, library: Library, rank: int, pool: int
) -> tuple[str, tuple[str, ...]]:
    if slot.sources:  # added by a precaution: its own purpose and sources (domain/precautions.py)
        return f"{ex.name}: {slot.purpose}.", slot.sources
    act = library.activation(ex.id, slot.muscle_group)
    muscle = "gluteus medius" if slot.muscle_group == "gmed" else "gluteus maximus"
    owned = "that needs no equipment" if not ex.equipment else "with the equipment you have"
    parts = [f"{ex.name}: {slot.purpose}."]
    if ex.category is Category.MOBILITY or ex.dose is Measure.MINUTES:
        sources: tuple[str, ...] = ("gluterx_policy",)
    elif act.measured:
        cited = ", ".join(_source_label(library, s) for s in act.sources)
        # "highest" only for the top measured figure of the candidates (selection ranks measured ones first)
        best = "the highest-activating measured choice" if rank == 0 and pool > 1 else "a well-activating choice"
        parts.append(
            f"It is {best} for the {muscle} at this stage {owned} ({act.band.value.replace('_', ' ')} activation in "
            f"studies: {cited})."
        )
        sources = act.sources
    elif act.published:
        cited = ", ".join(_source_label(library, s) for s in act.sources)
        parts.append(
            f"A review rated its {muscle} work {act.band.value.replace('_', ' ')} ({cited}), and it fits this stage "
            f"{owned}."
        )
        sources = act.sources
    else:
        other = "gluteus maximus" if slot.muscle_group == "gmed" else "gluteus medius"
        basis = f", from its {other} figures," if act.basis is ActivationBasis.OTHER_MUSCLE else ""
        parts.append(
            f"No checked %MVIC figure for its {muscle} is on file; our estimate{basis} is "
            f"{act.band.value.replace('_', ' ')}, and it fits this stage {owned}."
        )
        sources = act.sources
        studied = tuple(dict.fromkeys(f.source for f in library.registry.findings_for(ex.id) if f.verified))
        if studied:  # the registry's findings on it are shown, not hidden behind "no figure"
            cited = ", ".join(_source_label(library, s) for s in studied)
            parts.append(f"Studies on file compare it with other exercises ({cited}).")
            sources = (*sources, *(s for s in studied if s not in sources))
    if profile.pain_in(PainRegion.KNEE) >= 3 and ex.knee_flexion_load.rank <= Grade.LOW.rank:
        parts.append("It keeps knee bending light, which suits your knee.")
    if profile.pain_in(PainRegion.LOWER_BACK) >= 3 and ex.spinal_load.rank <= Grade.LOW.rank:
        parts.append("It puts little load on your lower back.")
    if block.phase.key == "activation" and ex.category is not Category.MOBILITY:
        parts.append("Bodyweight first: bands and weights come once you can feel your glutes doing the work.")
    rule_sources = tuple(s for s in block.phase.sources if s not in sources)
    return " ".join(parts), (*sources, *rule_sources)
