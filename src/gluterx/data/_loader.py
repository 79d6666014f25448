"""Read the YAML files, validate every entry, check the cross-references, and build the domain Library."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from gluterx.data._schema import EmgEntry, EvidenceFile, ExerciseEntry, FigureEntry
from gluterx.domain.evidence import EmgRecord, Figure, Finding, Registry, Source
from gluterx.domain.exercise import BalanceDemand, Exercise, Fault, Library, Measure, Position

# Exercise uuids are uuid5(EXERCISE_NAMESPACE, id): stable across library versions by construction.
EXERCISE_NAMESPACE = uuid.UUID("7d1f3c1e-55b2-4a8e-9a51-6c8f0f3b2a10")


class LibraryError(Exception):
    """The library files are broken; `problems` holds one line per problem, each naming file, entry and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("the exercise library is invalid:\n  " + "\n  ".join(problems))


def library_dir() -> Path:
    return Path(str(resources.files("gluterx.data")))


def exercise_uuid(exercise_id: str) -> str:
    return str(uuid.uuid5(EXERCISE_NAMESPACE, exercise_id))


@cache
def _default_library() -> Library:
    return _load(library_dir())


def load_library(directory: Path | None = None) -> Library:
    """The validated library; the packaged one (cached) unless `directory` names another."""
    return _default_library() if directory is None else _load(directory)


def load_registry(directory: Path | None = None) -> Registry:
    problems: list[str] = []
    registry = _read_registry((directory or library_dir()) / "evidence.yaml", problems)
    if problems or registry is None:
        raise LibraryError(problems)
    return registry


def _load(directory: Path) -> Library:
    problems: list[str] = []
    registry = _read_registry(directory / "evidence.yaml", problems)
    entries: dict[str, tuple[str, ExerciseEntry]] = {}
    invalid: set[str] = set()  # ids of entries that failed validation: known, so references to them do not cascade
    files = sorted((directory / "exercises").glob("*.yaml"))
    if not files:
        problems.append(f"{directory / 'exercises'}: no exercise files (*.yaml) found")
    for path in files:
        for entry in _read_exercise_file(path, problems, invalid):
            where = f"exercises/{path.name}"
            if entry.id in entries:
                problems.append(f"{where}: {entry.id}: id: duplicate id, also in {entries[entry.id][0]}")
                continue
            entries[entry.id] = (where, entry)
    if registry is None:
        raise LibraryError(problems)
    _check_exercises(entries, registry, problems, invalid)
    if problems:
        raise LibraryError(problems)
    return Library(exercises=_build_exercises(entries, registry), registry=registry)


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path.name}: file not found at {path}")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problems.append(f"{path.name}: not valid YAML{at}: {getattr(exc, 'problem', exc)}")
    return None


def _pydantic_problems(where: str, exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(entry)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field; remove it or check its spelling (docs/library-format.md lists the fields)"
        elif err["type"] == "missing":
            msg = "required field is missing"
        out.append(f"{where}: {field}: {msg}")
    return out


def _validate(model: type[BaseModel], raw: Any, where: str, problems: list[str]) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(where, exc))
        return None


def _read_exercise_file(path: Path, problems: list[str], invalid: set[str]) -> list[ExerciseEntry]:
    where = f"exercises/{path.name}"
    raw = _read_yaml(path, problems)
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("exercises"), list):
        problems.append(f"{where}: the file must be a mapping with `version: 1` and an `exercises:` list")
        return []
    if raw.get("version") != 1:
        problems.append(f"{where}: version: must be 1 (the library format version)")
        return []
    if unknown := sorted(set(raw) - {"version", "exercises"}):
        problems.append(f"{where}: {', '.join(map(str, unknown))}: unknown top-level key; only version and exercises")
        return []
    out = []
    for i, item in enumerate(raw["exercises"]):
        name = item.get("id", f"entry #{i + 1}") if isinstance(item, dict) else f"entry #{i + 1}"
        entry = _validate(ExerciseEntry, item, f"{where}: {name}", problems)
        if entry is not None:
            out.append(entry)
        else:
            invalid.add(str(name))
    return out


def _read_registry(path: Path, problems: list[str]) -> Registry | None:
    raw = _read_yaml(path, problems)
    if raw is None:
        return None
    parsed: EvidenceFile | None = _validate(EvidenceFile, raw, "evidence.yaml", problems)
    if parsed is None:
        return None
    seen: set[str] = set()
    for section, items in (
        ("sources", parsed.sources),
        ("emg", parsed.emg),
        ("findings", parsed.findings),
        ("figures", parsed.figures),
    ):
        for item in items:
            if item.id in seen:
                problems.append(f"evidence.yaml: {section}: {item.id}: id: duplicate id")
            seen.add(item.id)
    source_ids = {s.id for s in parsed.sources}
    for section, cited in (("emg", parsed.emg), ("findings", parsed.findings), ("figures", parsed.figures)):
        for item in cited:
            if item.source not in source_ids:
                problems.append(
                    f"evidence.yaml: {section}: {item.id}: source: '{item.source}' is not a source id; "
                    "add it under `sources` or fix the id"
                )
    return Registry(
        sources={s.id: Source(s.id, s.authors, s.year, s.title, s.journal, s.verified, s.note) for s in parsed.sources},
        emg=tuple(_emg_record(e) for e in parsed.emg),
        findings=tuple(
            Finding(f.id, tuple(f.exercises), f.statement, f.source, f.verified, f.band, f.muscle, f.condition)
            for f in parsed.findings
        ),
        figures={f.id: _figure(f) for f in parsed.figures},
    )


def _bounds(entry: EmgEntry | FigureEntry) -> tuple[float, float]:
    """An entry's figure as [low, high]: its `range`, or its one `value` twice."""
    return entry.range if entry.range is not None else (entry.value or 0.0, entry.value or 0.0)


def _emg_record(e: EmgEntry) -> EmgRecord:
    low, high = _bounds(e)
    return EmgRecord(
        id=e.id,
        exercise=e.exercise,
        muscle=e.muscle,
        low=low,
        high=high,
        condition=e.condition,
        source=e.source,
        verified=e.verified,
        normalisation=e.normalisation,
        sd=e.sd,
        peak=e.peak,
        note=e.note,
    )


def _figure(f: FigureEntry) -> Figure:
    low, high = _bounds(f)
    return Figure(f.id, low, high, f.unit, f.statement, f.source, f.verified)


def _check_exercises(
    entries: dict[str, tuple[str, ExerciseEntry]], registry: Registry, problems: list[str], invalid: set[str]
) -> None:
    ids = set(entries) | invalid
    aliases: dict[str, str] = {}
    uuids: dict[str, str] = {}
    for where, e in entries.values():
        at = f"{where}: {e.id}"
        if e.uuid != exercise_uuid(e.id):
            problems.append(f"{at}: uuid: must be {exercise_uuid(e.id)} (uuid5 of the id; run tools/fill_uuids.py)")
        if e.uuid in uuids:
            problems.append(f"{at}: uuid: duplicate of {uuids[e.uuid]}")
        uuids[e.uuid] = e.id
        for alias in (e.name, *e.aliases, *e.import_aliases):
            key = alias.strip().lower()
            if aliases.get(key, e.id) != e.id:
                problems.append(f"{at}: aliases: '{alias}' also names {aliases[key]}; a name must mean one exercise")
            aliases.setdefault(key, e.id)
        for target in e.progressions:
            if target not in ids:
                problems.append(f"{at}: progressions: '{target}' is not an exercise id{_did_you_mean(target, ids)}")
            elif target in entries and entries[target][1].level <= e.level:
                problems.append(
                    f"{at}: progressions: '{target}' is level {entries[target][1].level}, not above this "
                    f"exercise's level {e.level}; a progression must be harder"
                )
        if len(set(e.progressions)) != len(e.progressions):
            problems.append(f"{at}: progressions: lists an exercise twice")
    problems.extend(_cycles(entries))
    for where, e in entries.values():
        problems.extend(f"{where}: {e.id}: {p}" for p in _precaution_problems(e))
    with_mvic = {r.exercise for r in registry.emg if r.normalisation.value == "mvic"}
    for record in registry.emg:
        if record.exercise not in ids:
            problems.append(
                f"evidence.yaml: emg: {record.id}: exercise: '{record.exercise}' is not an exercise id"
                f"{_did_you_mean(record.exercise, ids)}"
            )
    for finding in registry.findings:
        for exercise_id in finding.exercises:
            if exercise_id not in ids:
                problems.append(
                    f"evidence.yaml: findings: {finding.id}: exercises: '{exercise_id}' is not an exercise id"
                    f"{_did_you_mean(exercise_id, ids)}"
                )
    for where, e in entries.values():
        if e.id in with_mvic and e.activation is not None:
            problems.append(
                f"{where}: {e.id}: activation: remove it; this exercise has published %MVIC figures in evidence.yaml"
            )
        if e.id not in with_mvic and e.activation is None:
            problems.append(
                f"{where}: {e.id}: activation: required (low | moderate | high | very_high) because evidence.yaml "
                "holds no %MVIC figure for this exercise"
            )


# Words the steps (`how_to`) use for each position the body is in, so a position that contradicts the steps is caught.
# Standing is not checked: standing work is described by what the feet do (step, walk, hop...).
POSITION_WORDS: dict[Position, tuple[str, ...]] = {
    Position.SUPINE: ("on your back", "back against", "shoulder blades against"),
    Position.PRONE: ("face down", "plank"),
    Position.SIDE_LYING: ("on your side", "side plank"),
    Position.QUADRUPED: ("hands and knees", "all fours"),
    Position.KNEELING: ("kneel",),
    Position.HALF_KNEELING: ("kneel on one knee",),
    Position.SEATED: ("sit",),
}


def _precaution_problems(e: ExerciseEntry) -> list[str]:
    """The five precaution attributes agree with each other and with the steps (docs/library-format.md)."""
    out = []
    how_to = e.how_to.lower()
    words = POSITION_WORDS.get(e.position, ())
    if words and not any(w in how_to for w in words):
        out.append(
            f"position: '{e.position}' but how_to never says so (expected one of: {', '.join(words)}); "
            "fix the position or say it in the steps"
        )
    if e.isometric and e.dose is not Measure.SECONDS:
        out.append("isometric: an isometric exercise is a timed hold; set `dose: seconds` or `isometric: false`")
    if e.balance_demand.rank >= BalanceDemand.MODERATE.rank and e.position is not Position.STANDING:
        out.append(f"balance_demand: '{e.balance_demand}' is for standing work; a {e.position} exercise is at most low")
    if (
        e.supported_option is not None
        and e.balance_demand is BalanceDemand.NONE
        and e.position is not Position.STANDING
    ):
        out.append(
            "supported_option: only for standing work or work that challenges balance; remove it or raise "
            "balance_demand"
        )
    return out


def _cycles(entries: dict[str, tuple[str, ExerciseEntry]]) -> list[str]:
    """Name each progression cycle once (levels already rise along edges, but check independently)."""
    state: dict[str, int] = {}
    found: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in entries[node][1].progressions:
            if nxt not in entries:
                continue
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
                found.append(f"{entries[node][0]}: {node}: progressions: cycle {' -> '.join(cycle)}")
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(entries):
        if start not in state:
            visit(start, [start])
    return found


def _did_you_mean(text: str, choices: Iterable[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(text, list(choices), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _build_exercises(entries: dict[str, tuple[str, ExerciseEntry]], registry: Registry) -> dict[str, Exercise]:
    regressions: dict[str, list[str]] = {i: [] for i in entries}
    for _, e in sorted(entries.values(), key=lambda pair: pair[1].id):
        for target in e.progressions:
            regressions[target].append(e.id)
    out: dict[str, Exercise] = {}
    for _, e in entries.values():
        out[e.id] = Exercise(
            id=e.id,
            uuid=e.uuid,
            name=e.name,
            aliases=tuple(e.aliases),
            import_aliases=tuple(e.import_aliases),
            category=e.category,
            patterns=tuple(e.patterns),
            force_vector=e.force_vector,
            hip_dominant=e.hip_dominant,
            unilateral=e.unilateral,
            end_range=e.end_range,
            equipment=frozenset(e.equipment),
            level=e.level,
            chain=e.chain,
            dose=e.dose,
            primary_muscles=tuple(e.muscles.primary),
            secondary_muscles=tuple(m for m in e.muscles.secondary if m not in e.muscles.primary),
            knee_flexion_load=e.knee_flexion_load,
            spinal_load=e.spinal_load,
            progressions=tuple(e.progressions),
            regressions=tuple(regressions[e.id]),
            seconds_per_rep=e.seconds_per_rep,
            how_to=e.how_to.strip(),
            feel=e.feel,
            why=e.why,
            cues=tuple(e.cues),
            faults={Fault(k): v for k, v in e.faults.model_dump().items()},
            contraindication_notes=e.contraindication_notes,
            activation_estimate=e.activation,
            emg=registry.emg_for(e.id),
            position=e.position,
            hip_positions=frozenset(e.hip_positions),
            balance_demand=e.balance_demand,
            supported_option=e.supported_option,
            isometric=e.isometric,
        )
    return out
