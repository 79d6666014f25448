"""Reasons: why an exercise is in the plan, in plain words, with the sources behind it."""

from __future__ import annotations

from gluterx.domain.exercise import ActivationBasis, Category, Exercise, Grade, Library, Measure
from gluterx.domain.planner.selection import Block
from gluterx.domain.planner.slots import Slot
from gluterx.domain.profile import PainRegion, Profile
from gluterx.domain.said import Reason, Said, said

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
) -> tuple[Reason, tuple[str, ...]]:
    purpose = said("purpose", name=ex.name, purpose=slot.purpose)
    if slot.sources:  # added by a precaution: its own purpose and sources (domain/precautions.py)
        return Reason.of(purpose), slot.sources
    act = library.activation(ex.id, slot.muscle_group)
    muscle = "gmed" if slot.muscle_group == "gmed" else "gmax"
    owned = {"no_equipment": not ex.equipment}
    band = act.band.words
    parts: list[Said] = [purpose]
    if ex.category is Category.MOBILITY or ex.dose is Measure.MINUTES:
        sources: tuple[str, ...] = ("gluterx_policy",)
    elif act.measured:
        cited = ", ".join(_source_label(library, s) for s in act.sources)
        # "highest" only for the top measured figure of the candidates (selection ranks measured ones first)
        parts.append(said("measured", best=rank == 0 and pool > 1, muscle=muscle, **owned, band=band, cited=cited))
        sources = act.sources
    elif act.published:
        cited = ", ".join(_source_label(library, s) for s in act.sources)
        parts.append(said("review_rated", muscle=muscle, band=band, cited=cited, **owned))
        sources = act.sources
    else:
        other = (
            ("gmax" if slot.muscle_group == "gmed" else "gmed") if act.basis is ActivationBasis.OTHER_MUSCLE else None
        )
        parts.append(said("estimated", muscle=muscle, other=other, band=band, **owned))
        sources = act.sources
        studied = tuple(dict.fromkeys(f.source for f in library.registry.findings_for(ex.id) if f.verified))
        if studied:  # the registry's findings on it are shown, not hidden behind "no figure"
            cited = ", ".join(_source_label(library, s) for s in studied)
            parts.append(said("studies_compare", cited=cited))
            sources = (*sources, *(s for s in studied if s not in sources))
    if profile.pain_in(PainRegion.KNEE) >= 3 and ex.knee_flexion_load.rank <= Grade.LOW.rank:
        parts.append(said("knee_light"))
    if profile.pain_in(PainRegion.LOWER_BACK) >= 3 and ex.spinal_load.rank <= Grade.LOW.rank:
        parts.append(said("back_light"))
    if block.phase.key == "activation" and ex.category is not Category.MOBILITY:
        parts.append(said("bodyweight_first"))
    rule_sources = tuple(s for s in block.phase.sources if s not in sources)
    return Reason(tuple(parts)), (*sources, *rule_sources)
