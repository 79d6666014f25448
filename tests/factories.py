"""Keyword-only factories for domain objects, so tests state only what matters to them."""

from __future__ import annotations

from gluterx.domain.anatomy import EmgMuscle, Muscle
from gluterx.domain.evidence import ActivationBand, EmgRecord, Registry, Source
from gluterx.domain.exercise import (
    Category,
    Equipment,
    Exercise,
    Fault,
    ForceVector,
    Grade,
    Library,
    Measure,
    Pattern,
)


def make_exercise(
    *,
    id: str = "test_bridge",
    level: int = 1,
    patterns: tuple[Pattern, ...] = (Pattern.HIP_EXTENSION,),
    equipment: frozenset[Equipment] = frozenset(),
    category: Category = Category.ACTIVATION,
    force_vector: ForceVector = ForceVector.ANTEROPOSTERIOR,
    knee_flexion_load: Grade = Grade.LOW,
    spinal_load: Grade = Grade.LOW,
    progressions: tuple[str, ...] = (),
    regressions: tuple[str, ...] = (),
    primary: tuple[Muscle, ...] = (Muscle.GMAX_UPPER, Muscle.GMAX_LOWER),
    activation: ActivationBand | None = ActivationBand.MODERATE,
    emg: tuple[EmgRecord, ...] = (),
    chain: str | None = "bridge_thrust",
    aliases: tuple[str, ...] = (),
) -> Exercise:
    return Exercise(
        id=id,
        uuid=f"uuid-{id}",
        name=id.replace("_", " ").title(),
        aliases=aliases,
        category=category,
        patterns=patterns,
        force_vector=force_vector,
        hip_dominant=True,
        unilateral=False,
        end_range=True,
        equipment=equipment,
        level=level,
        chain=chain,
        dose=Measure.REPS,
        primary_muscles=primary,
        secondary_muscles=(),
        knee_flexion_load=knee_flexion_load,
        spinal_load=spinal_load,
        progressions=progressions,
        regressions=regressions,
        seconds_per_rep=3,
        how_to="Do it.",
        feel="Glutes.",
        why="Because.",
        cues=("Squeeze",),
        faults={f: "Go lighter." for f in Fault},
        contraindication_notes="None.",
        activation_estimate=None if emg else activation,
        emg=emg,
    )


def make_emg(*, exercise: str, value: float, muscle: EmgMuscle = EmgMuscle.GMAX, source: str = "test2020") -> EmgRecord:
    return EmgRecord(
        id=f"{exercise}.{muscle.value}.{source}",
        exercise=exercise,
        muscle=muscle,
        low=value,
        high=value,
        condition="bodyweight",
        source=source,
        verified=True,
    )


def make_library(*exercises: Exercise, sources: tuple[str, ...] = ("test2020", "reiman2012")) -> Library:
    registry = Registry(
        sources={s: Source(s, "Tester A", 2020, "A test", "J Test", True) for s in sources},
        emg=tuple(r for e in exercises for r in e.emg),
    )
    return Library(exercises={e.id: e for e in exercises}, registry=registry)
