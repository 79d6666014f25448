"""A backup as it is read back: pydantic models with the same typed fields and ranges as live input
(services/fields.py, domain/limits.py), and the checks across the file (a duplicated person uuid, a reference to a
session or profile version that is not there, an exercise the library does not know).

`validate_backup` returns the checked backup or raises ServiceError naming the JSON path of every problem
(`people[0].performed_sessions[3].exercises[0].sets[1].reps`), before anything is written.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
)

from gluterx.domain.exercise import CUSTOM_PREFIX, Library
from gluterx.domain.limits import MAX_LOAD_KG
from gluterx.domain.outcomes import ACTIVITY_NAME_MAX, GROC_RANGE, SCORE_RANGE
from gluterx.domain.planner.adjustments import CHANGE_PARTS
from gluterx.domain.progression import Action
from gluterx.domain.said import Reason
from gluterx.domain.units import LB_TO_KG
from gluterx.services.errors import Problem, problem_from_error
from gluterx.services.fields import Band, Day, FeltIn, Pain, Reps, Rir, Rpe, SetSeconds, WorkoutSeconds
from gluterx.services.ports import ServiceError

__all__ = [
    "MAX_PROBLEMS",
    "ActivityB",
    "BackupB",
    "CheckinB",
    "ExerciseB",
    "ItemB",
    "OutcomeB",
    "PerformedB",
    "PersonB",
    "PersonRefs",
    "PlannedB",
    "PrescriptionB",
    "ProfileB",
    "ProgramB",
    "SetB",
    "json_path",
    "located",
    "person_problems",
    "reference_problems",
    "refused",
    "session_problems",
    "validate_backup",
]

MAX_PROBLEMS = 20
MAX_NOTES = 100_000  # an imported workout's notes gather every set's note

ExerciseId = Annotated[str, Field(min_length=1, max_length=80)]
Count = Annotated[int, Field(ge=0, le=10_000, strict=True)]
Seconds = Annotated[float, Field(ge=0, le=7 * 24 * 3600, strict=True, allow_inf_nan=False)]
# A load in the set's own unit: within MAX_LOAD_KG once in kg (checked in SetB)
Load = Annotated[float, Field(ge=0, le=MAX_LOAD_KG / LB_TO_KG, strict=True, allow_inf_nan=False)]
Kg = Annotated[float, Field(ge=0, le=MAX_LOAD_KG * 2, strict=True, allow_inf_nan=False)]
SessionRpe = Annotated[float, Field(ge=0, le=10, strict=True, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SetB(_Strict):
    reps: Reps
    load: Load | None
    unit: Literal["kg", "lb"]
    band: Band | None
    rir: Rir | None
    rpe: Rpe | None
    duration_s: SetSeconds | None
    e1rm_kg: Kg | None
    warmup: StrictBool = False


class ExerciseB(_Strict):
    exercise_id: ExerciseId
    pain_during: Pain
    felt_in: FeltIn
    sets: list[SetB]


class PerformedB(_Strict):
    date: Day
    notes: Annotated[str, Field(max_length=MAX_NOTES)]
    duration_s: WorkoutSeconds | None
    session_rpe: SessionRpe | None
    source: Annotated[str, Field(min_length=1, max_length=32)]
    source_key: Annotated[str, Field(max_length=200)] | None
    created_at: datetime
    leg_symptoms_spread: Annotated[bool, Field(strict=True)] | None = None  # from backups made after it was asked
    exercises: list[ExerciseB]


def _reason_parts(value: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    if value is not None:
        try:
            Reason.from_json(value)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a reason GluteRx can read ({exc})") from exc
    return value


ReasonParts = Annotated[list[dict[str, Any]] | None, AfterValidator(_reason_parts)]


class ItemB(_Strict):
    """A planned item: `dose` (version 2), or the old dose in words (version 1: sets, reps, load, rest_s, tempo)."""

    exercise_id: ExerciseId
    slot: Annotated[str, Field(max_length=40)] = ""
    reason: str
    reason_parts: ReasonParts = None  # the reason's parts (newer backups); without them `reason` is read as written
    sources: list[str]
    seconds: Seconds = 0.0
    dose: dict[str, Any] | None = None
    sets: Count | None = None
    reps: str | None = None
    load: str | None = None
    rest_s: Count | None = None
    tempo: str | None = None


class PlannedB(_Strict):
    week: Annotated[int, Field(ge=0, le=60, strict=True)]
    day: Annotated[int, Field(ge=0, le=7, strict=True)]
    date: Day
    phase: Annotated[int, Field(ge=0, le=10, strict=True)]
    phase_name: Annotated[str, Field(max_length=60)]
    deload: StrictBool
    kind: Literal["strength", "activity"]
    minutes: Annotated[float, Field(ge=0, le=24 * 60, strict=True, allow_inf_nan=False)]
    items: list[ItemB]


class PrescriptionB(_Strict):
    """A prescription: `dose` (version 2), or the old columns (version 1: sets, rep_low, rep_high, load_kg, band)."""

    planned_exercise_id: ExerciseId
    logged_exercise_id: ExerciseId | None
    exercise_id: ExerciseId
    performed_session: Annotated[int, Field(ge=0, strict=True)] | None
    dose: dict[str, Any] | None = None
    sets: Count | None = None
    rep_low: Count | None = None
    rep_high: Count | None = None
    load_kg: Kg | None = None
    band: str | None = None
    action: Action
    reason: str
    reason_parts: ReasonParts = None  # the reason's parts (newer backups); without them `reason` is read as written
    sources: list[str]
    cue: str | None
    created_at: datetime


class ProgramB(_Strict):
    profile_version: Annotated[int, Field(ge=1, strict=True)]
    start_date: Day
    weeks: Annotated[int, Field(ge=1, le=52, strict=True)]
    status: Annotated[str, Field(min_length=1, max_length=16)]
    screening: dict[str, Any]
    active: StrictBool
    created_at: datetime
    sessions: list[PlannedB]
    prescriptions: list[PrescriptionB]
    adjustments: list[AdjustmentB] = []  # version 3


class ProfileB(_Strict):
    version: Annotated[int, Field(ge=1, strict=True)]
    data: dict[str, Any]
    created_at: datetime


class CheckinB(_Strict):
    date: Day
    pain: Pain
    soreness: Pain | None = None  # from backups made after soreness was asked (the same 0-10 scale)
    created_at: datetime


class ActivityB(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=ACTIVITY_NAME_MAX)]
    score: Annotated[int, Field(ge=SCORE_RANGE[0], le=SCORE_RANGE[1], strict=True)]


class OutcomeB(_Strict):
    """A set of outcome-measure answers (checked as the store's constraints would, so a bad one names its place)."""

    date: Day
    pain: Annotated[int, Field(ge=SCORE_RANGE[0], le=SCORE_RANGE[1], strict=True)]
    groc: Annotated[int, Field(ge=GROC_RANGE[0], le=GROC_RANGE[1], strict=True)] | None = None
    activities: list[ActivityB]
    created_at: datetime


# ------------------------------------------------------------------------------------------------ version 3
# A person is referred to by their uuid: one of the backup's people, one of its `contacts` (a one-person download
# names the clinicians its records mention there), or null (someone no longer here).

PersonRef = Annotated[str, Field(min_length=1, max_length=36)] | None
CodeHash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Body = Annotated[str, Field(max_length=MAX_NOTES)]


class SettingsB(_Strict):
    unit: Literal["kg", "lb"]
    training_days: Annotated[list[Annotated[int, Field(ge=1, le=7, strict=True)]], Field(max_length=7)]
    training_time: Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")] | None
    time_zone: Annotated[str, Field(min_length=1, max_length=64)] | None

    @field_validator("time_zone")
    @classmethod
    def _a_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"{value[:40]!r} is not an IANA time zone") from None
        return value


Email = Annotated[str, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")]


class AccountB(_Strict):
    """A sign-in: the email, and the password's argon2 hash in a whole backup (null in a person's own download)."""

    email: Email
    password_hash: Annotated[str, Field(min_length=1, max_length=255)] | None
    created_at: datetime


class ClinicianB(_Strict):
    kind: Literal["trainer", "physio"]
    practice: Annotated[int, Field(ge=0, strict=True)] | None  # an index into the backup's `practices`
    practice_role: Literal["owner", "member"] | None
    created_at: datetime


class InvitationB(_Strict):
    code_hash: CodeHash
    direction: Literal["to_client", "to_clinician"]
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by: PersonRef


class GrantB(_Strict):
    clinician: Annotated[str, Field(min_length=1, max_length=36)]
    practice: Annotated[int, Field(ge=0, strict=True)] | None
    invitation: CodeHash | None  # the code's hash of the invitation it came from (a whole backup only)
    granted_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


class WrittenB(_Strict):
    author: PersonRef
    body: Body
    created_at: datetime


class AckB(_Strict):
    key: Annotated[str, Field(min_length=1, max_length=64)]
    by: PersonRef
    at: datetime


class ScheduleB(_Strict):
    every_days: Annotated[int, Field(ge=7, le=84, strict=True)]
    set_by: PersonRef
    at: datetime


class ReadB(_Strict):
    """How far `reader` has read the thread: `message` is the place in `messages` of the latest they saw (null:
    none of it)."""

    reader: Annotated[str, Field(min_length=1, max_length=36)]
    message: Annotated[int, Field(ge=0, strict=True)] | None
    at: datetime


class CareB(_Strict):
    """The person as a client: the grants they gave, their thread and how far each reader has read it (a person's
    own download: only their own mark), and (a whole backup only) the clinicians' private notes on them and the
    alerts acknowledged."""

    grants: list[GrantB] = []
    messages: list[WrittenB] = []
    notes: list[WrittenB] = []
    alert_acks: list[AckB] = []
    outcome_schedule: ScheduleB | None = None
    reads: list[ReadB] = []  # absent from version-3 backups made before read marks


class AuthorB(_Strict):
    kind: Literal["person", "clinician"]
    person: PersonRef


# What each kind of change needs besides its author, reason and time: its parts (domain/planner/adjustments.py).
ADJUSTMENT_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(name for name in parts if (kind, name) != ("add_item", "dose"))  # without one: the planner's dose
    for kind, parts in CHANGE_PARTS.items()
}


class AdjustmentB(_Strict):
    """One change of a programme's plan; `undoes` is the index of an earlier change of the same programme."""

    kind: Literal[
        "swap", "skip_item", "skip_session", "move_session", "undo", "item_note", "lock", "set_dose", "add_item"
    ]
    on: Day | None = None
    to: Day | None = None
    exercise_id: ExerciseId | None = None
    to_exercise_id: ExerciseId | None = None
    scope: Literal["once", "onward"] | None = None
    undoes: Annotated[int, Field(ge=0, strict=True)] | None = None
    text: Body | None = None
    locked: StrictBool | None = None
    dose: dict[str, Any] | None = None
    author: AuthorB
    reason: Body
    created_at: datetime


class PracticeInvitationB(_Strict):
    """A practice's invitation of a colleague by email, pending or accepted (a whole backup only)."""

    email: Email
    invited_by: PersonRef
    created_at: datetime
    accepted_at: datetime | None

    @field_validator("email")
    @classmethod
    def _lower_case(cls, value: str) -> str:
        if value != value.lower():
            raise ValueError("an invitation's email is kept in lower case, as sign-in matches it")
        return value


class PracticeB(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    created_at: datetime
    invitations: list[PracticeInvitationB] = []  # absent from version-3 backups made before them


class ContactB(_Strict):
    """Someone a one-person download's records mention who is not in it (their clinician): who, by name."""

    uuid: Annotated[str, Field(min_length=1, max_length=36)]
    display_name: Annotated[str, Field(max_length=120)]


class PersonB(_Strict):
    uuid: Annotated[str, Field(min_length=1, max_length=36)]
    display_name: Annotated[str, Field(max_length=120)]
    role: Literal["person", "coach"]
    created_at: datetime
    profiles: list[ProfileB]
    programs: list[ProgramB]
    performed_sessions: list[PerformedB]
    checkins: list[CheckinB]
    outcomes: list[OutcomeB] = []  # absent from backups made before outcome measures
    # version 3 (absent from older backups: nothing of them was kept then)
    settings: SettingsB | None = None
    account: AccountB | None = None
    clinician: ClinicianB | None = None
    invitations: list[InvitationB] = []
    care: CareB = CareB()

    @field_validator("uuid")
    @classmethod
    def _a_uuid(cls, value: str) -> str:
        try:
            uuid.UUID(value)
        except ValueError:
            raise ValueError(f"{value[:40]!r} is not a UUID") from None
        return value


class BackupB(_Strict):
    format: str
    version: StrictInt
    people: list[PersonB]
    practices: list[PracticeB] = []  # version 3
    contacts: list[ContactB] = []  # version 3, a one-person download


# ------------------------------------------------------------------------------------------------ checking


def json_path(loc: Sequence[Any]) -> str:
    """('people', 0, 'checkins', 2, 'pain') -> 'people[0].checkins[2].pain'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _at(problem: Problem, loc: Sequence[Any]) -> Problem:
    return Problem(json_path(loc), problem.code, problem.params)


def _known(exercise_id: str, library: Library | None) -> bool:
    return library is None or exercise_id.startswith(CUSTOM_PREFIX) or exercise_id in library


def _cross_checks(backup: BackupB, library: Library | None) -> list[Problem]:
    """What a model cannot see field by field: uniqueness, references inside the file, exercise ids, lb loads."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, person in enumerate(backup.people):
        for j, s in enumerate(person.performed_sessions):
            problems += session_problems(["people", i, "performed_sessions", j], s, library)
        problems += person_problems(i, person, len(person.performed_sessions), library, seen)
    return problems


def session_problems(where: Sequence[Any], s: PerformedB, library: Library | None) -> list[Problem]:
    """A performed session's checks across its fields: known exercise ids, a load in pounds within MAX_LOAD_KG."""
    problems: list[Problem] = []
    for k, ex in enumerate(s.exercises):
        if not _known(ex.exercise_id, library):
            problems.append(_unknown([*where, "exercises", k, "exercise_id"], ex.exercise_id, library))
        for m, x in enumerate(ex.sets):
            kg = None if x.load is None else x.load * (LB_TO_KG if x.unit == "lb" else 1.0)
            if kg is not None and (not math.isfinite(kg) or kg > MAX_LOAD_KG):
                loc = [*where, "exercises", k, "sets", m, "load"]
                problems.append(Problem(json_path(loc), "too_large", {"value": x.load, "maximum": MAX_LOAD_KG}))
    return problems


def person_problems(
    i: int, person: PersonB, sessions: int, library: Library | None, seen: dict[str, int]
) -> list[Problem]:
    """The person's checks across the file (their performed sessions apart: `session_problems`): a uuid already in
    `seen` (which this adds to), profile versions and check-in days given twice, a programme's profile version that
    is not there, a prescription's reference past the person's `sessions` performed sessions, unknown exercise ids."""
    problems: list[Problem] = []
    where: list[Any] = ["people", i]
    if person.uuid in seen:
        problems.append(
            Problem(json_path([*where, "uuid"]), "invalid", {"reason": f"the same uuid as people[{seen[person.uuid]}]"})
        )
    seen.setdefault(person.uuid, i)
    versions = [p.version for p in person.profiles]
    for j, prof in enumerate(person.profiles):
        if versions.index(prof.version) != j:
            problems.append(_invalid([*where, "profiles", j, "version"], f"version {prof.version} appears twice"))
    days = [c.date for c in person.checkins]
    for j, c in enumerate(person.checkins):
        if days.index(c.date) != j:
            problems.append(_invalid([*where, "checkins", j, "date"], f"a second check-in on {c.date}"))
    for j, prog in enumerate(person.programs):
        here = [*where, "programs", j]
        if prog.profile_version not in versions:
            problems.append(
                _invalid(
                    [*here, "profile_version"],
                    f"no profile version {prog.profile_version} in this person's profiles",
                )
            )
        for k, planned in enumerate(prog.sessions):
            for m, item in enumerate(planned.items):
                if not _known(item.exercise_id, library):
                    problems.append(
                        _unknown([*here, "sessions", k, "items", m, "exercise_id"], item.exercise_id, library)
                    )
        for k, rx in enumerate(prog.prescriptions):
            ref = rx.performed_session
            if ref is not None and ref >= sessions:
                problems.append(
                    _invalid(
                        [*here, "prescriptions", k, "performed_session"],
                        f"refers to performed session {ref}, but this person has {sessions}",
                    )
                )
            if not _known(rx.exercise_id, library):
                problems.append(_unknown([*here, "prescriptions", k, "exercise_id"], rx.exercise_id, library))
        problems += adjustment_problems([*here, "adjustments"], prog.adjustments, person.uuid, library)
    acks = [a.key for a in person.care.alert_acks]
    for j, ack in enumerate(person.care.alert_acks):
        if acks.index(ack.key) != j:
            problems.append(_invalid([*where, "care", "alert_acks", j, "key"], "this alert is acknowledged twice"))
    readers = [r.reader for r in person.care.reads]
    messages = len(person.care.messages)
    for j, read in enumerate(person.care.reads):
        if readers.index(read.reader) != j:
            problems.append(_invalid([*where, "care", "reads", j, "reader"], "this reader has a mark already"))
        if read.message is not None and read.message >= messages:
            problems.append(
                _invalid([*where, "care", "reads", j, "message"], f"refers to message {read.message}, but the "
                         f"thread has {messages}")
            )  # fmt: skip
    return problems


def adjustment_problems(
    where: Sequence[Any], adjustments: Sequence[AdjustmentB], person_uuid: str, library: Library | None
) -> list[Problem]:
    """A programme's changes: each kind's own fields there, exercise ids known, an undo of an earlier change that is
    not itself an undo, and a change by the person made by this person."""
    problems: list[Problem] = []
    for k, adj in enumerate(adjustments):
        here = [*where, k]
        for name in ADJUSTMENT_FIELDS[adj.kind]:
            if getattr(adj, name) is None:
                problems.append(Problem(json_path([*here, name]), "required"))
        for name in ("exercise_id", "to_exercise_id"):
            value = getattr(adj, name)
            if value is not None and not _known(value, library):
                problems.append(_unknown([*here, name], value, library))
        if adj.undoes is not None and (adj.undoes >= k or adjustments[adj.undoes].kind == "undo"):
            problems.append(_invalid([*here, "undoes"], f"change {adj.undoes} is not an earlier change to take back"))
        if adj.author.kind == "person" and adj.author.person != person_uuid:
            problems.append(_invalid([*here, "author", "person"], "a change by the person names this person"))
    return problems


def reference_problems(
    people: Sequence[tuple[int, PersonRefs]], practice_list: Sequence[PracticeB], contacts: Sequence[str]
) -> list[Problem]:
    """Across the file, once every person is read: each uuid a record names is one of its people or contacts, each
    practice index within the practices, each email and invitation code once, each grant's invitation in the file,
    each practice's invitations to an email once."""
    problems: list[Problem] = []
    known = {refs.uuid for _, refs in people} | set(contacts)
    practices = len(practice_list)
    for k, practice in enumerate(practice_list):
        invited = [inv.email for inv in practice.invitations]
        for j, inv in enumerate(practice.invitations):
            here: list[Any] = ["practices", k, "invitations", j]
            if invited.index(inv.email) != j:
                problems.append(_invalid([*here, "email"], "this email is invited to this practice already"))
            if inv.invited_by is not None and inv.invited_by not in known:
                problems.append(_invalid([*here, "invited_by"], f"{inv.invited_by[:40]!r} is none of this "
                                         "backup's people or contacts"))  # fmt: skip
    codes = [(i, j, inv.code_hash) for i, refs in people for j, inv in enumerate(refs.invitations)]
    hashes = [code for _, _, code in codes]
    for n, (i, j, code) in enumerate(codes):
        if hashes.index(code) != n:
            problems.append(_invalid(["people", i, "invitations", j, "code_hash"], "the same code as another"))
    emails: dict[str, int] = {}
    for i, refs in people:
        where: list[Any] = ["people", i]
        if refs.account is not None:
            email = refs.account.email.lower()
            if email in emails:
                problems.append(_invalid([*where, "account", "email"], f"the same email as people[{emails[email]}]"))
            emails.setdefault(email, i)
        if refs.clinician is not None and refs.clinician.practice is not None and refs.clinician.practice >= practices:
            problems.append(_invalid([*where, "clinician", "practice"], f"this backup has {practices} practices"))
        named: list[tuple[list[Any], str | None]] = [
            ([*where, "invitations", j, "used_by"], inv.used_by) for j, inv in enumerate(refs.invitations)
        ]
        care = refs.care
        for j, grant in enumerate(care.grants):
            named.append(([*where, "care", "grants", j, "clinician"], grant.clinician))
            if grant.practice is not None and grant.practice >= practices:
                problems.append(_invalid([*where, "care", "grants", j, "practice"], f"{practices} practices"))
            if grant.invitation is not None and grant.invitation not in hashes:
                problems.append(_invalid([*where, "care", "grants", j, "invitation"], "no invitation with this code"))
        named += [([*where, "care", "messages", j, "author"], m.author) for j, m in enumerate(care.messages)]
        named += [([*where, "care", "notes", j, "author"], m.author) for j, m in enumerate(care.notes)]
        named += [([*where, "care", "alert_acks", j, "by"], a.by) for j, a in enumerate(care.alert_acks)]
        if care.outcome_schedule is not None:
            named.append(([*where, "care", "outcome_schedule", "set_by"], care.outcome_schedule.set_by))
        named += [([*where, "care", "reads", j, "reader"], r.reader) for j, r in enumerate(care.reads)]
        for k, adjustments in enumerate(refs.adjustments):
            named += [([*where, "programs", k, "adjustments", m, "author", "person"], a.author.person)
                      for m, a in enumerate(adjustments)]  # fmt: skip
        problems += [
            _invalid(loc, f"{ref[:40]!r} is none of this backup's people or contacts")
            for loc, ref in named
            if ref is not None and ref not in known
        ]
    return problems


@dataclass(frozen=True, slots=True)
class PersonRefs:
    """What of a checked person the checks across the file read (kept while the rest of the file is read, so a
    restore does not hold the person's programmes and prescriptions)."""

    uuid: str
    account: AccountB | None
    clinician: ClinicianB | None
    invitations: list[InvitationB]
    care: CareB
    adjustments: list[list[AdjustmentB]]

    @classmethod
    def of(cls, person: PersonB) -> PersonRefs:
        return cls(person.uuid, person.account, person.clinician, person.invitations, person.care,
                   [p.adjustments for p in person.programs])  # fmt: skip


def located(exc: ValidationError, prefix: Sequence[Any]) -> list[Problem]:
    """A model's validation errors as Problems at their JSON paths under `prefix`."""
    return [_at(problem_from_error(err), [*prefix, *err["loc"]]) for err in exc.errors()]


def _invalid(loc: Sequence[Any], reason: str) -> Problem:
    return Problem(json_path(loc), "invalid", {"reason": reason})


def _unknown(loc: Sequence[Any], value: str, library: Library | None) -> Problem:
    close = library.closest_ids(value) if library is not None else []
    return Problem(json_path(loc), "unknown_exercise", {"value": value, "close": close})


def refused(problems: Sequence[Problem], *, more: int = 0) -> ServiceError:
    """The backup refused whole: the headline and the first MAX_PROBLEMS problems, each at its JSON path (and
    `more` found past those that were not kept)."""
    more += len(problems) - MAX_PROBLEMS
    tail = [Problem("", "more_problems", {"count": more})] if more > 0 else []  # more < 0: room left
    return ServiceError([Problem("", "not_a_backup"), *problems[:MAX_PROBLEMS], *tail])


def validate_backup(data: Any, library: Library | None = None) -> BackupB:
    """The checked backup, or ServiceError naming the JSON path of each problem; nothing is written either way.

    With `library`, every exercise id must be the library's or a custom one ('custom:...').
    """
    if not isinstance(data, dict):
        raise refused([Problem("", "not_an_object", {"fields": list(BackupB.model_fields)})])
    try:
        backup = BackupB.model_validate(data)
    except ValidationError as exc:
        raise refused([_at(problem_from_error(err), err["loc"]) for err in exc.errors()]) from exc
    problems = _cross_checks(backup, library)
    problems += reference_problems(
        [(i, PersonRefs.of(p)) for i, p in enumerate(backup.people)],
        backup.practices,
        [c.uuid for c in backup.contacts],
    )
    if problems:
        raise refused(problems)
    return backup
