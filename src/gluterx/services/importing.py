"""Import another app's history: map its exercise names to the library, store its workouts once, report everything.

The file is parsed by an adapter (`gluterx.adapters.interop.csv_import`) into sets; this use case maps each exercise
name to a library exercise (exact id/name/alias, then fuzzy), keeps the rest as custom exercises with a guessed movement
pattern, and stores every new workout as a performed session in ONE transaction. A workout's `source_key` is a hash of
the file kind, its start, its name and its sets, so importing the same file (or a later, longer export) adds nothing
twice, and a different workout that shares a start and a name with a stored one is still imported.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Annotated, Any, Literal, Protocol, cast

from pydantic import Field
from rapidfuzz import fuzz

from gluterx.domain.analysis import BalanceReport, CustomExercise, LoggedSet, balance
from gluterx.domain.exercise import CUSTOM_PREFIX, Equipment, Library, Pattern, normalise_name
from gluterx.domain.progression import epley_e1rm
from gluterx.services.ports import Problem, ServiceError, UnitOfWork

__all__ = [
    "FUZZY_THRESHOLD",
    "PATTERNS",
    "GuessedName",
    "ImportRejected",
    "ImportReport",
    "MappedName",
    "NameMatch",
    "ReasonGroup",
    "UnknownName",
    "WorkoutCounts",
    "check_new",
    "custom_exercise",
    "custom_id",
    "file_balance",
    "guess_pattern",
    "import_file",
    "import_history",
    "match_name",
    "match_names",
    "source_key",
]

FUZZY_THRESHOLD = 88.0
PATTERNS = ("hip_dominant", "knee_dominant", "abduction", "unknown")
EXERCISE_ID_MAX = 80  # performed_exercises.exercise_id
MAX_PROBLEMS_SHOWN = 20
LINES_PER_REASON = 10


# ------------------------------------------------------------------------------------------------ what the parser gives


class ParsedSet(Protocol):
    @property
    def line(self) -> int: ...
    @property
    def workout_key(self) -> str: ...
    @property
    def workout_date(self) -> date: ...
    @property
    def workout_time(self) -> time | None: ...
    @property
    def workout_name(self) -> str: ...
    @property
    def exercise(self) -> str: ...
    @property
    def warmup(self) -> bool: ...
    @property
    def reps(self) -> int: ...
    @property
    def weight_kg(self) -> float | None: ...
    @property
    def rpe(self) -> float | None: ...
    @property
    def seconds(self) -> float | None: ...
    @property
    def notes(self) -> str: ...
    @property
    def workout_notes(self) -> str: ...
    @property
    def workout_duration_s(self) -> int | None: ...


class RowIssue(Protocol):
    @property
    def line(self) -> int: ...
    @property
    def reason(self) -> str: ...
    @property
    def message(self) -> str: ...


class ParsedFile(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def variant(self) -> str: ...
    @property
    def weight_unit(self) -> str: ...
    @property
    def unit_note(self) -> str: ...
    @property
    def rows_read(self) -> int: ...
    @property
    def sets(self) -> Sequence[ParsedSet]: ...
    @property
    def skipped(self) -> Sequence[RowIssue]: ...
    @property
    def errors(self) -> Sequence[RowIssue]: ...
    @property
    def repaired(self) -> Sequence[RowIssue]: ...
    @property
    def notices(self) -> Sequence[str]: ...


class ImportRejected(ServiceError):
    """The file has row errors, so nothing was stored; `report` says what was read and where each error is."""

    def __init__(self, problems: list[Problem], report: ImportReport) -> None:
        super().__init__(problems, code="invalid")
        self.report = report


# ------------------------------------------------------------------------------------------------ names


_EQUIPMENT_WORDS = {
    "barbell": "barbell",
    "barbel": "barbell",
    "bb": "barbell",
    "dumbbell": "dumbbells",
    "dumbell": "dumbbells",
    "db": "dumbbells",
    "kettlebell": "kettlebell",
    "kb": "kettlebell",
    "cable": "cable_machine",
    "band": "band",
    "banded": "band",
    "bodyweight": "bodyweight",
    "bw": "bodyweight",
    "machine": "machine",
    "smith": "machine",
    "lever": "machine",
}
_LOADS = {
    Equipment.BARBELL: "barbell",
    Equipment.DUMBBELLS: "dumbbells",
    Equipment.KETTLEBELL: "kettlebell",
    Equipment.CABLE_MACHINE: "cable_machine",
    Equipment.MINI_BAND: "band",
    Equipment.LONG_BAND: "band",
}
_STOP_WORDS = frozenset({"the", "a", "an", "on", "with", "of", "and", "to"})
_EQUIPMENT_PENALTY = 20.0


def _stem(token: str) -> str:
    """A crude singular: 'lunges' -> 'lunge', 'stretches' -> 'stretch', 'dumbbells' -> 'dumbbell'."""
    if len(token) > 4 and token.endswith(("ches", "shes", "xes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


@dataclass(frozen=True, slots=True)
class _Words:
    core: tuple[str, ...]  # the name without equipment words
    full: tuple[str, ...]  # every word
    equipment: frozenset[str]  # barbell | dumbbells | kettlebell | cable_machine | band | bodyweight | machine


def _words(name: str) -> _Words:
    text = re.sub(r"\beach side\b", " ", normalise_name(name))
    tokens = tuple(_stem(t) for t in text.split() if t not in _STOP_WORDS)
    equipment = frozenset(_EQUIPMENT_WORDS[t] for t in tokens if t in _EQUIPMENT_WORDS)
    return _Words(tuple(t for t in tokens if t not in _EQUIPMENT_WORDS), tokens, equipment)


def _same_word(a: str, b: str) -> bool:
    """Equal, or one typo apart in a long word ('pulldoen' ~ 'pulldown'); short words must match exactly."""
    return a == b or (len(a) >= 5 and len(b) >= 5 and fuzz.ratio(a, b) >= 85)


def _word_score(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Dice over words (0-100): shared words x 2 / all words. Extra words cost, unlike token_set_ratio, which scores
    'walking lunge' ~ 'walking' and 'hack squat' ~ 'back squat' at 90-100."""
    left, right = set(a), set(b)
    if not left or not right:
        return 0.0
    common = left & right
    shared = len(common)
    rest = [w for w in right - common if len(w) >= 5]
    for word in left - common:
        if len(word) < 5:
            continue
        for other in rest:
            if _same_word(word, other):
                rest.remove(other)
                shared += 1
                break
    return 200.0 * shared / (len(left) + len(right))


MappedHow = Literal["exact", "fuzzy"]  # how a name was matched to a library exercise


@dataclass(frozen=True, slots=True)
class NameMatch:
    """Where an imported exercise name went: a library exercise (exact or fuzzy) or a custom exercise."""

    name: str
    exercise_id: str
    how: Literal[MappedHow, "guessed", "unknown"]
    score: float | None  # 100 for exact, the fuzzy score, None for a custom exercise
    pattern: str  # the library exercise's balance group, or the guess for a custom one

    @property
    def mapped(self) -> bool:
        return self.how in ("exact", "fuzzy")


class _Matcher:
    def __init__(self, library: Library) -> None:
        self.library = library
        found: dict[tuple[_Words, str], frozenset[str]] = {}
        for ex in library:
            loads = frozenset(_LOADS[e] for e in ex.equipment if e in _LOADS)
            for text in (ex.id.replace("_", " "), ex.name, *ex.aliases, *ex.import_aliases):
                found.setdefault((_words(text), ex.id), loads)
        self.candidates = [(words, exercise_id, loads) for (words, exercise_id), loads in found.items()]

    def best(self, name: str) -> tuple[str, float] | None:
        words = _words(name)
        if not words.core:
            return None
        loads = words.equipment - {"bodyweight", "machine"}
        best: tuple[str, float] | None = None
        for cand, exercise_id, cand_loads in self.candidates:
            if words.equipment:
                # The name says what it is done with: compare the movements, then check the equipment agrees.
                score = _word_score(words.core, cand.core)
                if "machine" in words.equipment:  # the library has no machines; a machine variant is not ours
                    score -= _EQUIPMENT_PENALTY
                if loads and not loads & cand_loads:
                    score -= _EQUIPMENT_PENALTY
                if "bodyweight" in words.equipment and cand_loads:
                    score -= _EQUIPMENT_PENALTY
            else:
                # No equipment named: an alias naming one ('sumo deadlift (kettlebell)') is a different exercise.
                score = _word_score(words.core, cand.full)
            if best is None or score > best[1]:
                best = (exercise_id, score)
        return best

    def match(self, name: str) -> NameMatch:
        exact = self.library.by_name(name)
        if exact is not None:
            return NameMatch(name, exact.id, "exact", 100.0, _library_pattern(self.library, exact.id))
        found = self.best(name)
        if found is not None and found[1] >= FUZZY_THRESHOLD:
            exercise_id, score = found
            return NameMatch(name, exercise_id, "fuzzy", round(score, 1), _library_pattern(self.library, exercise_id))
        pattern = guess_pattern(name)
        return NameMatch(name, custom_id(name), "unknown" if pattern == "unknown" else "guessed", None, pattern)


def _library_pattern(library: Library, exercise_id: str) -> str:
    ex = library.get(exercise_id)
    values = {p.value for p in ex.patterns}
    if values & {"hip_abduction", "hip_external_rotation"} and not values & {"hip_extension", "hinge"}:
        return "abduction"
    if ex.hip_dominant or values & {"hip_extension", "hinge"}:
        return "hip_dominant"
    if values & {"squat", "lunge", "step"}:
        return "knee_dominant"
    return "unknown"


def match_name(name: str, library: Library) -> NameMatch:
    """One name: exact id/name/alias, else the best fuzzy match scoring >= FUZZY_THRESHOLD, else a custom exercise."""
    return _Matcher(library).match(name)


def match_names(names: Iterable[str], library: Library) -> dict[str, NameMatch]:
    """Each distinct name, matched once."""
    matcher = _Matcher(library)
    return {name: matcher.match(name) for name in dict.fromkeys(names)}


_NOT_LOWER_BODY = re.compile(r"\b(calf|calve|tricep|bicep|lat|chest|pec|shoulder|delt|arm|curl|press down|pushdown)\b")
_ABDUCTION = re.compile(r"\b(abduction|abductor|abduct|band walk|lateral walk|monster walk|clam|clamshell|hydrant)\b")
_HIP = re.compile(
    r"\b(deadlift|rdl|romanian|hip thrust|thrust|bridge|good morning|back extension|hyperextension|reverse hyper|"
    r"hip extension|glute kickback|kickback|donkey kick|pull through|pullthrough|swing|rack pull)\b"
)
_KNEE = re.compile(
    r"\b(squat|lunge|leg press|leg extension|step up|split squat|hack|pistol|sissy|wall sit|belt squat)\b"
)


def guess_pattern(name: str) -> str:
    """hip_dominant | knee_dominant | abduction | unknown, from keywords in an exercise name not in the library.

    Calf, arm and upper-body words veto the lower-body guesses ('Calf Press on Leg Press', 'Triceps Kickback',
    'Lat Pullthrough'); 'back extension' is a hip movement, 'leg extension' a knee one.
    """
    text = " ".join(_stem(t) for t in normalise_name(name).replace("-", " ").split())
    if _ABDUCTION.search(text):
        return "abduction"
    if _NOT_LOWER_BODY.search(text):
        return "unknown"
    if _HIP.search(text):
        return "hip_dominant"
    if _KNEE.search(text):
        return "knee_dominant"
    return "unknown"


def custom_id(name: str) -> str:
    """'custom:<normalised name>', within the 80 characters of performed_exercises.exercise_id."""
    norm = normalise_name(name) or "unnamed"
    out = CUSTOM_PREFIX + norm
    if len(out) <= EXERCISE_ID_MAX:
        return out
    digest = hashlib.sha256(norm.encode()).hexdigest()[:8]
    return f"{CUSTOM_PREFIX}{norm[: EXERCISE_ID_MAX - len(CUSTOM_PREFIX) - 9].rstrip()}-{digest}"


def source_key(kind: str, workout_key: str, sets: Sequence[ParsedSet] = ()) -> str:
    """A workout's stable identity across imports: sha256 of the file kind, the workout's start and name, and (given
    its `sets`) what was done in it. Re-importing the same file, or a later, longer export, finds the same keys; a
    genuinely different workout that shares a start and a name with one already stored is not taken for it.

    Without `sets`, the key of imports made before sets were part of it (still recognised, so they are not doubled).
    """
    if not sets:
        return hashlib.sha256(f"{kind}|{workout_key}".encode()).hexdigest()
    done = "\n".join(f"{s.exercise}|{s.reps}|{s.weight_kg}|{s.seconds}|{s.rpe}|{s.warmup}" for s in sets)
    return hashlib.sha256(f"{kind}|{workout_key}|{done}".encode()).hexdigest()


# ------------------------------------------------------------------------------------------------ the report


@dataclass(frozen=True, slots=True)
class ReasonGroup:
    """Rows skipped or repaired for one reason: how many, the first line numbers and an example."""

    reason: str
    count: int
    lines: tuple[int, ...]
    example: str


@dataclass(frozen=True, slots=True)
class MappedName:
    """A name in the file matched to a library exercise, exactly or fuzzily (`score` out of 100)."""

    name: str
    exercise_id: str
    how: MappedHow
    score: float | None
    sets: int


@dataclass(frozen=True, slots=True)
class GuessedName:
    """A name kept as a custom exercise whose movement pattern was guessed from its words."""

    name: str
    exercise_id: str
    pattern: str
    sets: int


@dataclass(frozen=True, slots=True)
class UnknownName:
    """A name kept as a custom exercise that is no hip or knee movement we know."""

    name: str
    exercise_id: str
    sets: int


@dataclass(frozen=True, slots=True)
class WorkoutCounts:
    in_file: int
    added: int
    already_present: int


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What was read, what was stored (or, on a dry run, would be), every skipped row and row error by line number,
    how each exercise name was mapped, and the balance of hip- vs knee-dominant work in the file's history."""

    status: Literal["imported", "dry_run", "checked", "rejected"]
    file: str
    format: str
    variant: str
    weight_unit: str
    unit_note: str
    first_date: date | None
    last_date: date | None
    rows_read: int
    sets_in_file: int
    sets_imported: int
    sets_already_present: int
    warmup_sets: int
    rows_skipped: int
    skipped: tuple[ReasonGroup, ...]
    row_errors: tuple[str, ...]  # every row with a bad value, "line N: field: what is wrong"
    rows_with_errors: int  # those rows: left out (the rest imported), or with `strict` the file refused
    errors: tuple[ReasonGroup, ...]  # those rows by reason (the column at fault), with their first lines
    rows_repaired: int
    repaired: tuple[ReasonGroup, ...]
    notices: tuple[str, ...]
    workouts: WorkoutCounts
    mapped_share: float
    mapped_sets: int
    mapped: tuple[MappedName, ...]
    guessed: tuple[GuessedName, ...]
    unknown: tuple[UnknownName, ...]
    dry_run: bool
    strict: bool  # all or nothing: any row error refuses the whole file
    stored: bool
    # whose history it went into, once stored: in `as_dict` (the CLI), not in the API's JSON, whose caller is that person
    person_id: Annotated[int | None, Field(exclude=True)] = None
    balance: BalanceReport | None = None

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON (`gluterx import --format json`, the API): ISO dates; `person_id` only once stored,
        `balance` only when analysed."""
        out: dict[str, Any] = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        out["first_date"] = self.first_date.isoformat() if self.first_date else None
        out["last_date"] = self.last_date.isoformat() if self.last_date else None
        for key in ("skipped", "repaired", "errors"):
            out[key] = [{**dataclasses.asdict(g), "lines": list(g.lines)} for g in getattr(self, key)]
        out["row_errors"] = list(self.row_errors)
        out["notices"] = list(self.notices)
        out["workouts"] = dataclasses.asdict(self.workouts)
        for key in ("mapped", "guessed", "unknown"):
            out[key] = [dataclasses.asdict(name) for name in out[key]]
        if self.person_id is None:
            del out["person_id"]
        if self.balance is None:
            del out["balance"]
        else:
            # services.progress imports this module, so its JSON helper is imported where it is needed
            from gluterx.services.progress import jsonable

            out["balance"] = jsonable(self.balance)
        return out


def _grouped(issues: Sequence[RowIssue]) -> tuple[ReasonGroup, ...]:
    by_reason: dict[str, list[RowIssue]] = {}
    for issue in issues:
        by_reason.setdefault(issue.reason, []).append(issue)
    return tuple(
        ReasonGroup(
            reason,
            len(items),
            tuple(i.line for i in items[:LINES_PER_REASON]),
            f"line {items[0].line}: {items[0].message}",
        )
        for reason, items in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )


def _report(parsed: ParsedFile, matches: dict[str, NameMatch], file_name: str) -> ImportReport:
    counts = Counter(s.exercise for s in parsed.sets)
    mapped_sets = sum(n for name, n in counts.items() if matches[name].mapped)
    total = len(parsed.sets)
    dates = [s.workout_date for s in parsed.sets]
    order = sorted(matches.values(), key=lambda m: (-counts[m.name], m.name))
    return ImportReport(
        status="checked",
        file=file_name,
        format=parsed.kind,
        variant=parsed.variant,
        weight_unit=parsed.weight_unit,
        unit_note=parsed.unit_note,
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        rows_read=parsed.rows_read,
        sets_in_file=total,
        sets_imported=0,
        sets_already_present=0,
        warmup_sets=sum(1 for s in parsed.sets if s.warmup),
        rows_skipped=len(parsed.skipped),
        skipped=_grouped(parsed.skipped),
        row_errors=tuple(f"line {e.line}: {e.message}" for e in parsed.errors),
        rows_with_errors=len(parsed.errors),
        errors=_grouped(parsed.errors),
        rows_repaired=len(parsed.repaired),
        repaired=_grouped(parsed.repaired),
        notices=tuple(parsed.notices),
        workouts=WorkoutCounts(len({s.workout_key for s in parsed.sets}), 0, 0),
        mapped_share=round(mapped_sets / total, 3) if total else 0.0,
        mapped_sets=mapped_sets,
        mapped=tuple(
            MappedName(m.name, m.exercise_id, cast(MappedHow, m.how), m.score, counts[m.name])
            for m in order
            if m.mapped
        ),
        guessed=tuple(
            GuessedName(m.name, m.exercise_id, m.pattern, counts[m.name]) for m in order if m.how == "guessed"
        ),
        unknown=tuple(UnknownName(m.name, m.exercise_id, counts[m.name]) for m in order if m.how == "unknown"),
        dry_run=False,
        strict=False,
        stored=False,
    )


# ------------------------------------------------------------------------------------------------ balance

# What a guessed pattern of an exercise the library does not know means for the balance analysis.
_GUESS: dict[str, tuple[Pattern, bool]] = {
    "hip_dominant": (Pattern.HINGE, True),
    "knee_dominant": (Pattern.SQUAT, False),
    "abduction": (Pattern.HIP_ABDUCTION, True),
}


def custom_exercise(exercise_id: str, name: str, guess: str) -> CustomExercise:
    """A custom exercise for the analysis, its pattern from `guess` (guess_pattern's answer)."""
    pattern, hip = _GUESS.get(guess, (None, None))
    return CustomExercise(exercise_id, name=name, pattern=pattern, hip_dominant=hip)


def file_balance(sets: Sequence[ParsedSet], library: Library) -> BalanceReport:
    """Hip- vs knee-dominant work in a file's history alone, names mapped as the importer maps them."""
    matches = match_names((s.exercise for s in sets), library)
    customs: dict[str, CustomExercise] = {}
    logged = []
    for s in sets:
        match = matches[s.exercise]
        if not match.mapped and match.exercise_id not in customs:
            customs[match.exercise_id] = custom_exercise(match.exercise_id, s.exercise, match.pattern)
        logged.append(LoggedSet(s.workout_date, match.exercise_id, max(s.reps, 0), warmup=s.warmup))
    return balance(logged, library, customs=customs)


# ------------------------------------------------------------------------------------------------ storing


def _set_fields(s: ParsedSet) -> dict[str, Any]:
    e1rm = None if s.warmup else epley_e1rm(s.weight_kg, s.reps)
    return {
        "reps": s.reps,
        "load": s.weight_kg,
        "unit": "kg",
        "band": None,
        "rir": None,
        "rpe": s.rpe,
        "duration_s": s.seconds,
        "e1rm_kg": round(e1rm, 2) if e1rm is not None else None,
        "warmup": s.warmup,
    }


def _session_notes(sets: Sequence[ParsedSet], kind: str) -> str:
    first = sets[0]
    lines = [first.workout_name or f"{kind.capitalize()} workout"]
    if first.workout_notes:
        lines.append(first.workout_notes)
    seen: set[tuple[str, str]] = set()
    for s in sets:
        if s.notes and (s.exercise, s.notes) not in seen:
            seen.add((s.exercise, s.notes))
            lines.append(f"{s.exercise}: {s.notes}")
    return "\n".join(lines)


def _session_row(kind: str, key: str, sets: Sequence[ParsedSet], matches: dict[str, NameMatch]) -> dict[str, Any]:
    by_exercise: dict[str, list[ParsedSet]] = {}
    for s in sets:
        by_exercise.setdefault(s.exercise, []).append(s)
    return {
        "date": sets[0].workout_date,
        "notes": _session_notes(sets, kind),
        "duration_s": sets[0].workout_duration_s,
        "source": kind,
        "source_key": source_key(kind, key, sets),
        "exercises": [
            {
                "exercise_id": matches[name].exercise_id,
                "pain_during": 0,  # not recorded by other apps
                "felt_in": [],
                "sets": [_set_fields(s) for s in group],
            }
            for name, group in by_exercise.items()
        ],
    }


def _person(uow: UnitOfWork, person_id: int) -> Any:
    person = uow.people.get(person_id)
    if person is None:
        raise ServiceError([Problem("", "no_person", {"person_id": person_id})], code="missing")
    return person


def import_history(
    uow: UnitOfWork,
    library: Library,
    parsed: ParsedFile,
    *,
    dry_run: bool = False,
    strict: bool = False,
    person_id: int,
    file_name: str = "",
) -> ImportReport:
    """Store the workouts of a parsed export not stored before, in one transaction, and report what happened.

    A row with a bad value is left out and reported by line (`row_errors`, `errors`) while every valid row is
    imported; with `strict`, any row error rejects the whole file, as does a file with no valid set at all
    (ImportRejected, nothing stored). `dry_run` stores nothing either but reports what would be added. Acts for
    `person_id` ('missing' when there is no such person).
    """
    report, workouts, matches = _checked(library, parsed, file_name, dry_run=dry_run, strict=strict)
    with uow:
        person = _person(uow, person_id)
        present = uow.sessions.source_keys(person.id, parsed.kind)
        report, new = _counted(report, parsed, workouts, present)
        if dry_run:
            return dataclasses.replace(report, status="dry_run")
        rows = [_session_row(parsed.kind, key, sets, matches) for key, sets in new.items()]
        if rows:
            uow.sessions.add_imported(person.id, rows)
        uow.commit()
        return dataclasses.replace(report, status="imported", stored=True, person_id=person.id)


def check_new(library: Library, parsed: ParsedFile, *, file_name: str = "", strict: bool = False) -> ImportReport:
    """What a dry run reports for someone with nothing stored yet, without a store (the command line before anybody
    has started): ImportRejected as `import_history`."""
    report, workouts, _ = _checked(library, parsed, file_name, dry_run=True, strict=strict)
    return dataclasses.replace(_counted(report, parsed, workouts, set())[0], status="dry_run")


def _checked(
    library: Library, parsed: ParsedFile, file_name: str, *, dry_run: bool, strict: bool
) -> tuple[ImportReport, dict[str, list[ParsedSet]], dict[str, NameMatch]]:
    """The file's report before storing, its sets by workout and how its names map; ImportRejected when a row has
    an error and `strict`, or when rows have errors and none is valid."""
    matches = match_names((s.exercise for s in parsed.sets), library)
    report = dataclasses.replace(_report(parsed, matches, file_name), dry_run=dry_run, strict=strict)
    if parsed.errors and (strict or not parsed.sets):
        report = dataclasses.replace(report, status="rejected")
        shown = [Problem("file", "row_error", {"line": e.line, "reason": e.message}) for e in parsed.errors]
        more = len(parsed.errors) - MAX_PROBLEMS_SHOWN
        tail = [Problem("file", "more_row_errors", {"count": more})] if more > 0 else []
        headline = Problem("file", "rows_rejected", {"count": len(parsed.errors)})
        raise ImportRejected([headline, *shown[:MAX_PROBLEMS_SHOWN], *tail], report)
    workouts: dict[str, list[ParsedSet]] = {}
    for s in parsed.sets:
        workouts.setdefault(s.workout_key, []).append(s)
    return report, workouts, matches


def _counted(
    report: ImportReport, parsed: ParsedFile, workouts: dict[str, list[ParsedSet]], present: set[str]
) -> tuple[ImportReport, dict[str, list[ParsedSet]]]:
    """The report counting what is new beside what is `present` (source keys), and the new workouts."""
    new = {
        k: v
        for k, v in workouts.items()
        if source_key(parsed.kind, k, v) not in present and source_key(parsed.kind, k) not in present
    }
    sets_new = sum(len(v) for v in new.values())
    counted = dataclasses.replace(
        report,
        workouts=WorkoutCounts(len(workouts), len(new), len(workouts) - len(new)),
        sets_imported=sets_new,
        sets_already_present=len(parsed.sets) - sets_new,
    )
    return counted, new


def import_file(
    uow: UnitOfWork,
    library: Library,
    parsed: ParsedFile,
    *,
    person_id: int,
    file_name: str = "",
    dry_run: bool = False,
    strict: bool = False,
) -> ImportReport:
    """`import_history`, and the balance of hip- vs knee-dominant work in the file's history alone (the web import)."""
    report = import_history(
        uow, library, parsed, dry_run=dry_run, strict=strict, person_id=person_id, file_name=file_name
    )
    return dataclasses.replace(report, balance=file_balance(parsed.sets, library))
