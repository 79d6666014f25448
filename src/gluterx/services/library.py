"""Use cases over the exercise library and evidence registry: typed results, and their JSON contract.

`browse` (filters, a forgiving name search with rapidfuzz, the person's plan first), `exercise` and `evidence` return
frozen dataclasses that the page, the API and the CLI all render;
`exercise_json` writes the JSON object the API and `--format json` give for an exercise; a source's is `SourceEntry`, the
domain's `Source` with what rests on it, which the API returns as it is and `source_json` writes for the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from typing import Any, ClassVar

from pydantic import ConfigDict, TypeAdapter

from gluterx.domain.anatomy import Muscle
from gluterx.domain.evidence import EmgRecord, Finding, Registry, Source
from gluterx.domain.exercise import (
    Activation,
    ActivationBasis,
    Category,
    Equipment,
    Exercise,
    FigureUse,
    ForceVector,
    Library,
    Pattern,
    normalise_name,
)
from gluterx.domain.weeks import week_start
from gluterx.services.ports import Problem, ServiceError, UnitOfWork

GROUPS = ("gmax", "gmed")


@dataclass(frozen=True, slots=True)
class FigureView:
    """A published EMG figure for the exercise and whether it counts for the exercise's activation."""

    record: EmgRecord
    use: FigureUse


@dataclass(frozen=True, slots=True)
class ExerciseView:
    """One exercise with the evidence behind it: what the page, the API and the CLI show."""

    exercise: Exercise
    activation: tuple[Activation, ...]  # gluteus maximus, then gluteus medius
    figures: tuple[FigureView, ...]
    findings: tuple[Finding, ...]
    easier: tuple[Exercise, ...]
    harder: tuple[Exercise, ...]
    sideways: tuple[Exercise, ...]  # the same level another way: swaps when it is felt in the wrong place
    sources: Mapping[str, Source]  # every source the view cites, in the order first cited


class EvidenceKind(StrEnum):
    EMG = "emg"
    FINDING = "finding"
    FIGURE = "figure"


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One EMG figure, finding or rule figure the source backs, and whether it was checked against the source."""

    id: str
    kind: EvidenceKind
    verified: bool


@dataclass(frozen=True, slots=True)
class SourceView:
    source: Source
    exercises: tuple[str, ...]
    items: tuple[EvidenceItem, ...]

    @property
    def figures(self) -> tuple[str, ...]:
        """The ids of the rule figures (thresholds) that rest on this source."""
        return tuple(i.id for i in self.items if i.kind is EvidenceKind.FIGURE)

    @property
    def unchecked(self) -> int:
        return sum(not i.verified for i in self.items)


def exercise_view(ex: Exercise, library: Library) -> ExerciseView:
    activation = tuple(library.activation(ex.id, g) for g in GROUPS)
    figures = tuple(FigureView(r, library.figure_use(r)) for r in ex.emg)
    findings = library.registry.findings_for(ex.id)
    cited = [
        *(f.record.source for f in figures),
        *(s for a in activation for s in a.sources),
        *(f.source for f in findings),
    ]
    registry = library.registry
    sources = {s: registry.sources[s] for s in dict.fromkeys(cited) if s in registry.sources}
    return ExerciseView(
        exercise=ex,
        activation=activation,
        figures=figures,
        findings=findings,
        easier=tuple(library.easier(ex.id)),
        harder=tuple(library.harder(ex.id)),
        sideways=tuple(library.sideways(ex.id)),
        sources=sources,
    )


def source_view(source: Source, registry: Registry) -> SourceView:
    items = [EvidenceItem(r.id, EvidenceKind.EMG, r.verified) for r in registry.emg if r.source == source.id]
    items += [EvidenceItem(f.id, EvidenceKind.FINDING, f.verified) for f in registry.findings if f.source == source.id]
    items += [
        EvidenceItem(f.id, EvidenceKind.FIGURE, f.verified)
        for f in sorted(registry.figures.values(), key=lambda f: f.id)
        if f.source == source.id
    ]
    return SourceView(source, registry.exercises_citing(source.id), tuple(items))


def owned_equipment(text: str | None) -> frozenset[Equipment] | None:
    """A comma-separated equipment list ('none' for nothing) as a filter; None when no filter was given."""
    if text is None:
        return None
    owned: set[Equipment] = set()
    bad = []
    for item in filter(None, (v.strip() for v in text.split(","))):
        if item == "none":
            continue
        try:
            owned.add(Equipment(item))
        except ValueError:
            bad.append(item)
    if bad:
        allowed = [e.value for e in Equipment]
        raise ServiceError([Problem("equipment", "unknown_equipment", {"values": bad, "allowed": allowed})])
    return frozenset(owned)


# A forgiving match: typed words inside a name, or a name spelled a little wrong, scoring at least this (0-100)
SEARCH_MIN_SCORE = 80
SEARCH_MAX_LENGTH = 100


def _names(ex: Exercise) -> tuple[str, ...]:
    """Every name the exercise answers to, normalised: the id read as words, the name, the shown and the import aliases."""
    return tuple(dict.fromkeys(normalise_name(n) for n in (ex.id, ex.name, *ex.aliases, *ex.import_aliases)))


def _score(query: str, name: str) -> float:
    if query == name:
        return 100.0
    if name.startswith(query):
        return 99.0
    if f" {query}" in f" {name}":  # a whole word or the start of one: "thrust", "hip thr"
        return 97.0
    if len(query) < 3:  # a letter or two matches too much by spelling alone
        return 0.0
    from rapidfuzz import fuzz  # only a search needs it (`gluterx exercises` starts faster without)

    return max(fuzz.ratio(query, name), fuzz.partial_ratio(query, name) - 5, fuzz.token_set_ratio(query, name) - 5)


def search_score(ex: Exercise, query: str) -> float:
    """How well `query` (already normalised) names the exercise: 100 exact, then a word inside a name, then spelling."""
    return max(_score(query, name) for name in _names(ex))


def search(library: Library, text: str, candidates: Sequence[Exercise] | None = None) -> list[Exercise]:
    """The exercises one of whose names matches `text`, best first: exact, then typed words inside a name (alias or
    import name too), then names spelled a little differently (rapidfuzz); nothing for a blank query."""
    query = normalise_name(text[:SEARCH_MAX_LENGTH])
    if not query:
        return list(candidates if candidates is not None else library)
    scored = []
    for ex in candidates if candidates is not None else library:
        score = search_score(ex, query)
        if score >= SEARCH_MIN_SCORE:
            scored.append((-score, ex.patterns[0].value, ex.level, ex.id, ex))
    scored.sort(key=lambda row: row[:4])
    return [row[-1] for row in scored]


def plan_exercise_ids(uow: UnitOfWork, *, person_id: int, today: date) -> tuple[str, ...]:
    """The exercises of the person's active programme this week (Monday to Sunday), today's first; () with none."""
    with uow:
        program = uow.programs.active(person_id)
        if program is None:
            return ()
        monday = week_start(today)
        week = uow.programs.planned_between(program.id, monday, monday + timedelta(days=6))
    todays = [i.exercise_id for s in week if s.date == today for i in s.items]
    rest = [i.exercise_id for s in sorted(week, key=lambda s: s.date) if s.date != today for i in s.items]
    return tuple(dict.fromkeys([*todays, *rest]))


def library_order(exercises: Sequence[Exercise], plan: Sequence[str] = ()) -> list[Exercise]:
    """The person's own plan first (in plan order: today's, then the rest of the week), then by movement and level."""
    rank = {exercise_id: i for i, exercise_id in enumerate(plan)}
    return sorted(exercises, key=lambda e: (rank.get(e.id, len(rank)), e.patterns[0].value, e.level, e.id))


@dataclass(frozen=True, slots=True)
class LibraryList:
    """The library as one person browses it: the exercises that pass the filters and match the search, the ones in
    their plan this week first (or best match first when searching), and how many there are in all."""

    exercises: tuple[Exercise, ...]
    in_plan: frozenset[str]
    query: str
    total: int


def browse(
    library: Library,
    *,
    query: str = "",
    plan: Sequence[str] = (),
    pattern: Pattern | None = None,
    owned: frozenset[Equipment] | None = None,
    max_level: int | None = None,
    muscle: Muscle | None = None,
    vector: ForceVector | None = None,
    category: Category | None = None,
) -> LibraryList:
    """The library filtered and searched: the person's plan first, else by movement and level; best match first when
    a search is given."""
    chosen = library.filter(
        pattern=pattern, owned=owned, max_level=max_level, muscle=muscle, vector=vector, category=category
    )
    ordered = library_order(chosen, plan)
    if query.strip():
        ordered = search(library, query, ordered)
    return LibraryList(tuple(ordered), frozenset(plan) & {e.id for e in ordered}, query.strip(), len(library))


def exercise(library: Library, exercise_id: str) -> ExerciseView:
    """One exercise by id, name or alias; 'missing' with the closest ids when there is none."""
    found = library.by_name(exercise_id)
    if found is None:
        close = library.closest_ids(exercise_id)
        problem = Problem("exercise_id", "unknown_exercise", {"value": exercise_id, "close": close})
        raise ServiceError([problem], code="missing")
    return exercise_view(found, library)


def evidence(library: Library) -> list[SourceView]:
    """Every source in the evidence registry, with the exercises and figures that rest on it."""
    registry = library.registry
    return [source_view(s, registry) for s in sorted(registry.sources.values(), key=lambda s: s.id)]


# ------------------------------------------------------------------------------------------------ the JSON contract


def emg_json(figure: FigureView) -> dict[str, Any]:
    r = figure.record
    return {
        "id": r.id,
        "value": round(r.midpoint, 2),
        "low": r.low,
        "high": r.high,
        "sd": r.sd,
        "peak": r.peak,
        "normalisation": r.normalisation.value,
        "condition": r.condition,
        "source": r.source,
        "verified": r.verified,
        "use": figure.use.value,
    }


def exercise_json(view: ExerciseView) -> dict[str, Any]:
    """The exercise as the DESIGN.md contract names its fields, plus the coaching text and the evidence."""
    ex = view.exercise
    emg: dict[str, list[dict[str, Any]]] = {}
    for figure in view.figures:
        emg.setdefault(figure.record.muscle.value, []).append(emg_json(figure))
    activation = {
        act.muscle_group: {
            "percent_mvic": round(act.percent, 1),
            "band": act.band.value,
            "published": act.published,
            "basis": act.basis.value,
            "sources": list(act.sources),
        }
        for act in view.activation
    }
    return {
        "id": ex.id,
        "uuid": ex.uuid,
        "name": ex.name,
        "aliases": list(ex.aliases),
        "import_aliases": list(ex.import_aliases),
        "category": ex.category.value,
        "patterns": [p.value for p in ex.patterns],
        "force_vector": ex.force_vector.value,
        "hip_dominant": ex.hip_dominant,
        "unilateral": ex.unilateral,
        "end_range": ex.end_range,
        "equipment": sorted(e.value for e in ex.equipment),
        "level": ex.level,
        "chain": ex.chain,
        "dose": ex.dose.value,
        "muscles": {
            "primary": [m.value for m in ex.primary_muscles],
            "secondary": [m.value for m in ex.secondary_muscles],
        },
        "emg": emg,
        "activation": activation,
        "knee_flexion_load": ex.knee_flexion_load.value,
        "spinal_load": ex.spinal_load.value,
        "position": ex.position.value,
        "hip_positions": sorted(h.value for h in ex.hip_positions),
        "balance_demand": ex.balance_demand.value,
        "supported_option": ex.supported_option,
        "isometric": ex.isometric,
        "regressions": list(ex.regressions),
        "progressions": list(ex.progressions),
        "sideways": [e.id for e in view.sideways],
        "seconds_per_rep": ex.seconds_per_rep,
        "how_to": ex.how_to,
        "feel": ex.feel,
        "why": ex.why,
        "cues": list(ex.cues),
        "faults": {k.value: v for k, v in ex.faults.items()},
        "contraindication_notes": ex.contraindication_notes,
        "findings": [{"statement": f.statement, "source": f.source, "verified": f.verified} for f in view.findings],
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceEntry(Source):
    """A published source, whether its figures were checked, and what in GluteRx rests on it."""

    # every field is always in the JSON, `note` too (empty when there is none)
    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(json_schema_serialization_defaults_required=True)

    exercises: tuple[str, ...]
    figures: tuple[str, ...]
    evidence: tuple[EvidenceItem, ...]


def source_entry(view: SourceView) -> SourceEntry:
    """The source's own fields and the exercises, rule figures and evidence items that rest on it."""
    return SourceEntry(*astuple(view.source), exercises=view.exercises, figures=view.figures, evidence=view.items)


@cache
def _source_entries() -> TypeAdapter[SourceEntry]:
    return TypeAdapter(SourceEntry)


def source_json(view: SourceView) -> dict[str, Any]:
    """`source_entry` as JSON (`gluterx evidence --format json`), as the API sends it."""
    found: dict[str, Any] = _source_entries().dump_python(source_entry(view), mode="json")
    return found


# ------------------------------------------------------------------------------------------------ words, said once


@dataclass(frozen=True, slots=True)
class Reference:
    """A source as a reader sees it: 'Contreras et al. 2015', the full reference, and where to find it."""

    short: str
    full: str
    link: str | None


def _known_authors(authors: str) -> bool:
    return bool(authors.strip()) and not authors.lower().startswith(("not named", "gluterx"))


def reference(source: Source) -> Reference:
    """The source for people, never its registry id: first author and year, the full reference, a search link."""
    from urllib.parse import quote_plus

    year = f" {source.year}" if source.year else ""
    if _known_authors(source.authors):
        first = source.authors.split(",")[0].split()[0]
        many = "," in source.authors or "et al" in source.authors
        short = f"{first}{' et al.' if many else ''}{year}"
        authors = f"{source.authors} ({source.year}). " if source.year else f"{source.authors}. "
    else:
        short, authors = f"{source.title}{year}", ""
    full = f"{authors}{source.title}." + (f" {source.journal}." if source.journal else "")
    published = source.journal or source.year  # our own policy is not published anywhere to find
    link = f"https://pubmed.ncbi.nlm.nih.gov/?term={quote_plus(source.title)}" if published else None
    return Reference(short, full, link)


MUSCLE_NAMES = {"gmax": "gluteus maximus", "gmed": "gluteus medius"}
EMG_MUSCLE_NAMES = {
    "gmax": "gluteus maximus",
    "gmax_upper": "upper gluteus maximus",
    "gmax_lower": "lower gluteus maximus",
    "gmed": "gluteus medius",
}

FIGURE_USE_WORDS: dict[FigureUse, str] = {
    FigureUse.USED: "",
    FigureUse.LOADED_VERSION: "measured on a loaded version, so not used for this exercise",
    FigureUse.UNCHECKED: "not yet checked against the paper, so not used",
    FigureUse.OTHER_SCALE: "measured against a dynamic peak, not a maximal contraction, so not compared",
}


def describe_activation(act: Activation) -> str:
    """How hard the exercise works one glute muscle, saying plainly what that rests on."""
    band = act.band.words
    other = MUSCLE_NAMES["gmed" if act.muscle_group == "gmax" else "gmax"]
    if act.basis is ActivationBasis.MEASURED:
        return f"{band} (about {act.percent:.0f}% MVIC, measured)"
    if act.basis is ActivationBasis.RATED:
        return f"{band} (a published rating; no checked %MVIC figure on file)"
    if act.basis is ActivationBasis.OTHER_MUSCLE:
        return f"{band} (our estimate from its {other} figures; no checked figure for this muscle on file)"
    return f"{band} (our estimate; no checked figure on file)"
