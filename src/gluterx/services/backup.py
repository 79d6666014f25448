"""A lossless JSON backup of everything stored, and its restore (one transaction: all or nothing)."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from json.encoder import encode_basestring as _string
from typing import Any, BinaryIO

import ijson
from pydantic import ValidationError

from gluterx.domain.dose import Band, Dose, Duration, Guidance, Hold, Load, LoadKind, RepRange, Tempo, Work
from gluterx.domain.exercise import Library
from gluterx.domain.outcomes import Activity, Answers
from gluterx.domain.planner import PlanItem
from gluterx.domain.planner.adjustments import (
    CHANGE_PARTS,
    Adjustment,
    Author,
    AuthorKind,
    Change,
    ChangeParts,
    Scope,
    change_of,
    change_parts,
)
from gluterx.domain.progression import Action, Prescription
from gluterx.domain.said import Reason
from gluterx.domain.schedule import ScheduledSession
from gluterx.services.backup_models import (
    MAX_PROBLEMS,
    AdjustmentB,
    BackupB,
    ItemB,
    OutcomeB,
    PerformedB,
    PersonB,
    PersonRefs,
    PlannedB,
    PrescriptionB,
    ProgramB,
    SettingsB,
    json_path,
    located,
    person_problems,
    reference_problems,
    refused,
    session_problems,
)
from gluterx.services.backup_records import (
    AccountOf,
    AckOf,
    CareOf,
    ClinicianOf,
    GrantOf,
    InvitationOf,
    PracticeInvitationOf,
    ReadOf,
    ScheduleOf,
    WrittenOf,
)
from gluterx.services.errors import Problem
from gluterx.services.legacy_dose import legacy_item_dose, legacy_prescription_dose
from gluterx.services.ports import ServiceError, UnitOfWork, read_only
from gluterx.services.records import LoggedSession, PersonRecord, PersonSettings, StoredOutcome, StoredPrescription

FORMAT = "gluterx-backup"
# 3: each person's settings, sign-in, clinician role and invitations, care records (grants, thread, notes, acknowledged
# alerts, outcome schedule, read marks) and each programme's changes (plan adjustments), with the practices (and their
# invitations by email) and (a one-person download) the contacts its records name; 2: doses as structured values ("dose"), and (optional, so a version-2
# backup without them still restores) each person's outcome-measure answers; 1: doses in words, still restored
# (services/legacy_dose.py). What a backup holds and why the rest does not travel: docs/deploy.md, "Backups".
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
RESTORE_CHUNK = 500  # performed sessions written per bulk INSERT
EXPORT_PAGE = 500  # performed sessions read per query when a backup is written


# ------------------------------------------------------------------------------------------------ doses


def dose_to_json(dose: Dose) -> dict[str, Any]:
    """A dose as backup JSON: {"sets", "work": {"reps": [low, high]} | {"hold_s", "holds"} | {"minutes"},
    "per_side", "load": {"kind", and "kg" | "band" | "guidance" | "reserve" where set}, "rest_s", "tempo"}."""
    work: dict[str, Any]
    match dose.work:
        case RepRange(low=low, high=high):
            work = {"reps": [low, high]}
        case Hold(seconds=seconds, reps=reps):
            work = {"hold_s": seconds, "holds": reps}
        case Duration(minutes=minutes):
            work = {"minutes": minutes}
    load: dict[str, Any] = {"kind": dose.load.kind.value}
    if dose.load.kg is not None:
        load["kg"] = dose.load.kg
    if dose.load.band is not None:
        load["band"] = dose.load.band.value
    if dose.load.guidance is not None:
        load["guidance"] = dose.load.guidance.value
    if dose.load.reserve is not None:
        load["reserve"] = list(dose.load.reserve)
    tempo = dose.tempo
    return {
        "sets": dose.sets,
        "work": work,
        "per_side": dose.per_side,
        "load": load,
        "rest_s": dose.rest_s,
        "tempo": None
        if tempo is None
        else {"up": tempo.up, "squeeze": tempo.squeeze, "down": tempo.down, "explosive": tempo.explosive},
    }


def dose_from_json(data: dict[str, Any]) -> Dose:
    """The Dose of `dose_to_json`'s JSON; raises KeyError, TypeError or ValueError on anything else."""
    w = data["work"]
    work: Work
    if "reps" in w:
        work = RepRange(int(w["reps"][0]), int(w["reps"][1]))
    elif "hold_s" in w:
        work = Hold(int(w["hold_s"]), int(w.get("holds", 1)))
    else:
        work = Duration(int(w["minutes"]))
    ld = data["load"]
    reserve = ld.get("reserve")
    load = Load(
        LoadKind(ld["kind"]),
        kg=float(ld["kg"]) if ld.get("kg") is not None else None,
        band=Band(ld["band"]) if ld.get("band") is not None else None,
        guidance=Guidance(ld["guidance"]) if ld.get("guidance") is not None else None,
        reserve=(int(reserve[0]), int(reserve[1])) if reserve is not None else None,
    )
    t = data.get("tempo")
    tempo = Tempo(int(t["up"]), int(t["squeeze"]), int(t["down"]), bool(t["explosive"])) if t is not None else None
    return Dose(int(data["sets"]), work, load, int(data["rest_s"]), tempo, bool(data["per_side"]))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class _Stream:
    """A JSON array written item by item (`export_chunks`), or gathered into a list (`export_all`)."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def export_all(uow: UnitOfWork, *, person_id: int | None = None) -> dict[str, Any]:
    """Every person (or only `person_id`: one person's own download) with their profiles, programmes and their
    changes, sessions, sets, check-ins, prescriptions, outcome answers, settings, sign-in and care records, and the
    practices with their invitations by email; no database ids (people are named by uuid, other rows by their place
    in the file: a read mark names a message by its place in the client's thread).

    A one-person download holds only what is the person's: their account's email without the password hash, no
    invitation codes, and as a client their grants, thread, their own read mark and outcome schedule, but not their
    clinicians' private notes on them, the alerts those acknowledged or how far those read the thread; the
    clinicians its records name are listed as `contacts` (uuid and name), nothing more of them. Nothing of anyone
    else (a clinician's clients, the colleagues a practice invited by email) is in it."""
    with read_only(uow) as reading:
        gathered: dict[str, Any] = _gathered(_document(reading, person_id))
        return gathered


def export_chunks(uow: UnitOfWork, *, person_id: int | None = None) -> Iterator[str]:
    """`export_all` as JSON text a piece at a time, the same text as `json.dumps(export_all(uow), indent=2,
    ensure_ascii=False)` and a newline, without holding the whole backup: each person's sessions are read
    EXPORT_PAGE at a time. The store is read in one snapshot while the pieces are taken."""
    with read_only(uow) as reading:
        yield from _encoded(_document(reading, person_id), 0)
        yield "\n"


def _document(uow: UnitOfWork, person_id: int | None = None) -> dict[str, Any]:
    """The backup document of every person, or only of `person_id`."""
    ctx = _Context(uow, person_id)
    return {
        "format": FORMAT,
        "version": VERSION,
        "practices": [
            {"name": p.name, "created_at": _iso(p.created_at), "invitations": ctx.practice_invitations(p.id)}
            for p in ctx.practices
        ],
        "contacts": ctx.contacts,
        "people": _Stream(_person(uow, p, ctx) for p in ctx.people),
    }


class _Context:
    """What a backup's people refer to one another by: each person's uuid by id, the practices' places in the file,
    and (a one-person download, `whole` False) the care records and changes of the person read up front, so the
    contacts they name come before the person in the file."""

    def __init__(self, uow: UnitOfWork, person_id: int | None) -> None:
        everyone = list(uow.people.all())
        self.whole = person_id is None
        self.uuids = {p.id: p.uuid for p in everyone}
        self.people = [p for p in everyone if self.whole or p.id == person_id]
        self.care: dict[int, CareOf] = {}
        self.contacts: list[dict[str, Any]] = []
        self.invited: dict[int, list[PracticeInvitationOf]] = {}  # by practice id: a whole backup's only
        if self.whole:
            self.practices = uow.care.practices()
            for invitation in uow.care.practice_invitation_records():
                self.invited.setdefault(invitation.practice_id, []).append(invitation)
        elif self.people:
            person_id = self.people[0].id
            care = self.care[person_id] = _own(uow.care.care_of(person_id), person_id)
            named = {g.practice_id for g in care.grants} | {care.clinician.practice_id if care.clinician else None}
            self.practices = uow.care.practices(sorted(p for p in named if p is not None))
            self.contacts = _contacts(uow, self.people[0].id, care)
        else:
            self.practices = []
        self.practice_at = {p.id: i for i, p in enumerate(self.practices)}

    def care_of(self, uow: UnitOfWork, person_id: int) -> CareOf:
        return self.care.pop(person_id, None) or uow.care.care_of(person_id)

    def ref(self, person_id: int | None) -> str | None:
        """The uuid of a person the store holds (None: no one, or someone no longer here)."""
        return self.uuids.get(person_id) if person_id is not None else None

    def practice(self, practice_id: int | None) -> int | None:
        return self.practice_at.get(practice_id) if practice_id is not None else None

    def practice_invitations(self, practice_id: int) -> list[dict[str, Any]]:
        return [
            {"email": i.email, "invited_by": self.ref(i.invited_by_person_id), "created_at": _iso(i.created_at),
             "accepted_at": _iso(i.accepted_at)}
            for i in self.invited.get(practice_id, [])
        ]  # fmt: skip


def _own(care: CareOf, person_id: int) -> CareOf:
    """A person's care records as their own download holds them: no invitation codes (each a secret until used; the
    grants keep who they were given to), no clinicians' private notes, no alerts the clinicians acknowledged, only
    the person's own read mark (how far a clinician has read is the clinician's)."""
    grants = tuple(replace(g, invitation_code_hash=None) for g in care.grants)
    reads = tuple(r for r in care.reads if r.reader_person_id == person_id)
    return replace(care, invitations=(), grants=grants, notes=(), acks=(), reads=reads)


def _contacts(uow: UnitOfWork, person_id: int, care: CareOf) -> list[dict[str, Any]]:
    """The people a one-person download's records name other than the person (their clinicians), by uuid and name."""
    named = {g.clinician_person_id for g in care.grants} | {m.author_person_id for m in care.messages}
    if care.schedule is not None:
        named.add(care.schedule.set_by_person_id)
    for program in uow.programs.all(person_id):
        named |= {a.author.id for a in uow.adjustments.for_program(program.id)}
    found = [uow.people.get(p) for p in sorted(p for p in named if p is not None and p != person_id)]
    return [{"uuid": p.uuid, "display_name": p.display_name} for p in found if p is not None]


def _person(uow: UnitOfWork, person: PersonRecord, ctx: _Context) -> dict[str, Any]:
    ref = {session_id: i for i, session_id in enumerate(uow.sessions.logged_ids(person.id))}
    profiles = list(uow.profiles.all(person.id))
    profile_version = {p.id: p.version for p in profiles}
    prescriptions = uow.prescriptions.dated_for_person(person.id)
    programs = []
    for program in uow.programs.all(person.id):
        programs.append(
            {
                "profile_version": profile_version[program.profile_id],
                "start_date": _iso(program.start_date),
                "weeks": program.weeks,
                "status": program.status,
                "screening": program.screening,
                "active": program.active,
                "created_at": _iso(program.created_at),
                "sessions": [_planned_json(s) for s in uow.programs.planned_all(program.id)],
                # written one at a time: 5,000 sessions logged are ~20,000 of them
                "prescriptions": _Stream(_prescriptions_of(prescriptions, program.id, ref)),
                "adjustments": _adjustments_json(uow.adjustments.for_program(program.id), ctx),
            }
        )
    pages = uow.sessions.logged_pages(person.id, EXPORT_PAGE)
    care = ctx.care_of(uow, person.id)
    account = uow.accounts.account_of(person.id)
    stored = uow.settings.get(person.id)
    return {
        "uuid": person.uuid,
        "display_name": person.display_name,
        "role": person.role,
        "created_at": _iso(person.created_at),
        "profiles": [{"version": p.version, "data": p.data, "created_at": _iso(p.created_at)} for p in profiles],
        "programs": _Stream(programs),
        "performed_sessions": _Stream(_session_json(s) for page in pages for s in page),
        "checkins": [
            {"date": _iso(c.date), "pain": c.pain, "soreness": c.soreness, "created_at": _iso(c.created_at)}
            for c in uow.checkins.for_person(person.id)
        ],
        "outcomes": [_outcome_json(o) for o in uow.outcomes.for_person(person.id)],
        "settings": None
        if stored is None
        else {
            "unit": stored.unit,
            "training_days": list(stored.training_days),
            "training_time": stored.training_time,
            "time_zone": stored.time_zone,
        },
        "account": None
        if account is None
        else {
            "email": account.email,
            "password_hash": account.password_hash if ctx.whole else None,
            "created_at": _iso(account.created_at),
        },
        "clinician": None
        if care.clinician is None
        else {
            "kind": care.clinician.kind,
            "practice": ctx.practice(care.clinician.practice_id),
            "practice_role": care.clinician.practice_role,
            "created_at": _iso(care.clinician.created_at),
        },
        "invitations": [
            {
                "code_hash": i.code_hash,
                "direction": i.direction,
                "created_at": _iso(i.created_at),
                "expires_at": _iso(i.expires_at),
                "used_at": _iso(i.used_at),
                "used_by": ctx.ref(i.used_by_person_id),
            }
            for i in care.invitations
        ],
        "care": _care_json(care, ctx),
    }


def _care_json(care: CareOf, ctx: _Context) -> dict[str, Any]:
    schedule = care.schedule
    return {
        "grants": [
            {
                "clinician": ctx.ref(g.clinician_person_id),
                "practice": ctx.practice(g.practice_id),
                "invitation": g.invitation_code_hash,
                "granted_at": _iso(g.granted_at),
                "accepted_at": _iso(g.accepted_at),
                "revoked_at": _iso(g.revoked_at),
            }
            for g in care.grants
        ],
        "messages": [_written_json(m, ctx) for m in care.messages],
        "notes": [_written_json(n, ctx) for n in care.notes],
        "alert_acks": [{"key": a.alert_key, "by": ctx.ref(a.by_person_id), "at": _iso(a.at)} for a in care.acks],
        "outcome_schedule": None
        if schedule is None
        else {"every_days": schedule.every_days, "set_by": ctx.ref(schedule.set_by_person_id), "at": _iso(schedule.at)},
        "reads": [{"reader": ctx.ref(r.reader_person_id), "message": r.message, "at": _iso(r.at)} for r in care.reads],
    }


def _written_json(w: WrittenOf, ctx: _Context) -> dict[str, Any]:
    return {"author": ctx.ref(w.author_person_id), "body": w.body, "created_at": _iso(w.created_at)}


def _adjustments_json(log: list[Adjustment], ctx: _Context) -> list[dict[str, Any]]:
    """A programme's changes, oldest first; an undo names the change it takes back by its place in this list."""
    at = {a.id: k for k, a in enumerate(log)}
    out = []
    for a in log:
        p = change_parts(a.change)
        parts = {
            "on": _iso(p.on),
            "to": _iso(p.to),
            "exercise_id": p.exercise_id,
            "to_exercise_id": p.to_exercise_id,
            "undoes": None if p.undoes is None else at.get(p.undoes),
            "text": p.text,
            "locked": p.locked,
            "dose": None if p.dose is None else dose_to_json(p.dose),
            "scope": None if p.scope is None else p.scope.value,
        }
        fields = {"kind": p.kind} | {name: parts[name] for name in CHANGE_PARTS[p.kind]}
        author = {"kind": a.author.kind.value, "person": ctx.ref(a.author.id)}
        out.append(fields | {"author": author, "reason": a.reason, "created_at": _iso(a.created_at)})
    return out


def _prescriptions_of(
    prescriptions: list[tuple[StoredPrescription, datetime]], program_id: int, ref: dict[int, int]
) -> Iterator[dict[str, Any]]:
    """One programme's prescriptions as backup JSON, made as they are written (the id bound now, not when read)."""
    for record, created_at in prescriptions:
        if record.program_id == program_id:
            yield _prescription_json(record, created_at, ref)


def _gathered(value: Any) -> Any:
    if isinstance(value, _Stream):
        return [_gathered(item) for item in value.items]
    if isinstance(value, dict):
        return {key: _gathered(item) for key, item in value.items()}
    return value


def _encoded(value: Any, level: int) -> Iterator[str]:
    """`value` as json.dumps(indent=2, ensure_ascii=False) writes it `level` deep, a _Stream item by item."""
    if isinstance(value, _Stream):
        first = True
        inner = "\n" + "  " * (level + 1)
        for item in value.items:
            yield ("[" if first else ",") + inner
            first = False
            yield from _encoded(item, level + 1)
        yield "[]" if first else "\n" + "  " * level + "]"
    elif isinstance(value, dict) and any(isinstance(item, _Stream) for item in value.values()):
        inner = "\n" + "  " * (level + 1)
        for n, (key, item) in enumerate(value.items()):
            yield ("{" if n == 0 else ",") + inner + json.dumps(key, ensure_ascii=False) + ": "
            yield from _encoded(item, level + 1)
        yield "\n" + "  " * level + "}"
    else:
        yield _pretty(value, level)


def _pretty(value: Any, level: int) -> str:
    """`value` as json.dumps(indent=2, ensure_ascii=False) writes it `level` deep, the same text ~5 times faster
    (json's own indented encoder is pure Python): 200k sets are most of a backup."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ",\n" + "  " * (level + 1)
        items = inner.join(_string(str(k)) + ": " + _pretty(v, level + 1) for k, v in value.items())
        return "{\n" + "  " * (level + 1) + items + "\n" + "  " * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = ",\n" + "  " * (level + 1)
        items = inner.join(_pretty(v, level + 1) for v in value)
        return "[\n" + "  " * (level + 1) + items + "\n" + "  " * level + "]"
    # anything else (NaN, a subclass json words its own way): json itself, laid out at this depth
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)


def _outcome_json(stored: StoredOutcome) -> dict[str, Any]:
    a = stored.answers
    return {
        "date": _iso(a.date),
        "pain": a.pain,
        "groc": a.groc,
        "activities": [{"name": x.name, "score": x.score} for x in a.activities],
        "created_at": _iso(stored.created_at),
    }


def _planned_json(s: ScheduledSession) -> dict[str, Any]:
    return {
        "week": s.week,
        "day": s.day,
        "date": _iso(s.date),
        "phase": s.phase,
        "phase_name": s.phase_name,
        "deload": s.deload,
        "kind": s.kind,
        "minutes": s.minutes,
        "items": [
            {
                "exercise_id": i.exercise_id,
                "slot": i.slot,
                "reason": i.reason.words(),  # the words in kg, for a reader of older backups
                "reason_parts": i.reason.as_json(),
                "sources": list(i.sources),
                "seconds": i.seconds,
                "dose": dose_to_json(i.dose),
            }
            for i in s.items
        ],
    }


def _prescription_json(record: StoredPrescription, created_at: datetime, ref: dict[int, int]) -> dict[str, Any]:
    p = record.prescription
    performed = record.performed_session_id
    return {
        "planned_exercise_id": record.planned_exercise_id,
        "logged_exercise_id": record.logged_exercise_id,
        "exercise_id": p.exercise_id,
        "performed_session": ref.get(performed) if performed else None,
        "dose": dose_to_json(p.dose),
        "action": p.action.value,
        "reason": p.reason.words(),
        "reason_parts": p.reason.as_json(),
        "sources": list(p.sources),
        "cue": p.cue,
        "created_at": _iso(created_at),
    }


def _session_json(s: LoggedSession) -> dict[str, Any]:
    return {
        "date": _iso(s.date),
        "notes": s.notes,
        "duration_s": s.duration_s,
        "session_rpe": s.session_rpe,
        "source": s.source,
        "source_key": s.source_key,
        "created_at": _iso(s.created_at),
        "leg_symptoms_spread": s.leg_symptoms_spread,
        "exercises": [
            {
                "exercise_id": e.exercise_id,
                "pain_during": e.pain_during,
                "felt_in": list(e.felt_in),
                "sets": [
                    {
                        "reps": x.reps,
                        "load": x.load,
                        "unit": x.unit,
                        "band": x.band,
                        "rir": x.rir,
                        "rpe": x.rpe,
                        "duration_s": x.duration_s,
                        "e1rm_kg": x.e1rm_kg,
                        "warmup": x.warmup,
                    }
                    for x in e.sets
                ],
            }
            for e in s.exercises
        ],
    }


# ------------------------------------------------------------------------------------------------ restore


def import_all(uow: UnitOfWork, data: Any, *, replace: bool = False, library: Library | None = None) -> dict[str, int]:
    """Restore a backup held in memory (its JSON as Python values); `restore_stream` reads one from a file.

    A version-1 backup (doses in words) is read with services/legacy_dose.py; its prescriptions take their kind of
    work from the exercise in `library` when given, else from the planned item of their slot. With `library`, every
    exercise id must be the library's or a custom one. A bad backup is refused whole, each problem at its JSON path
    (services/backup_models.py), and the store is left exactly as it was.
    """
    restorer = _Restorer(uow, library)
    with uow:
        restorer.begin(replace=replace)
        _walk_value(data, restorer)
        return restorer.finish()


def restore_stream(
    uow: UnitOfWork, source: BinaryIO, *, replace: bool = False, library: Library | None = None
) -> dict[str, int]:
    """`import_all` of a backup read from `source` (UTF-8 JSON bytes, a byte-order mark allowed) as a stream: each
    performed session is checked with the same models as it is read and written with the others in bulk, so memory
    stays bounded however long the history. All of it happens in one transaction: a problem anywhere (a field, a
    reference, the JSON itself at byte 20,000,000) refuses the backup whole and the store is left as it was."""
    restorer = _Restorer(uow, library)
    with uow:
        restorer.begin(replace=replace)
        head = source.read(3)
        body = _Unread(b"" if head == b"\xef\xbb\xbf" else head, source)  # a byte-order mark is not JSON
        try:
            _walk_stream(ijson.parse(body, use_float=True), restorer)
        except ijson.JSONError as exc:
            raise refused([Problem("", "invalid", {"reason": f"not valid JSON: {exc}"})]) from exc
        return restorer.finish()


class _Unread:
    """`source` with `head` (bytes already read from it) put back in front: any stream, not only one that seeks."""

    def __init__(self, head: bytes, source: BinaryIO) -> None:
        self.head, self.source = head, source

    def read(self, size: int = -1) -> bytes:
        if not self.head or size == 0:  # ijson reads 0 bytes first to learn whether the stream gives bytes
            return self.source.read(size)
        out, self.head = self.head, b""
        return out if size < 0 else out + self.source.read(max(size - len(out), 0))


class _Restorer:
    """A backup restored as it is read: the top level's fields, then person by person (their fields, and each
    performed session as it comes), in one unit of work. Every record is checked with the models of
    services/backup_models.py; after the first problem nothing more is written, the rest is still checked (every
    problem is named), and `finish` raises, so the transaction is rolled back."""

    def __init__(self, uow: UnitOfWork, library: Library | None) -> None:
        self.uow, self.library = uow, library
        self.top: dict[str, Any] = {}
        self.problems: list[Problem] = []  # the first MAX_PROBLEMS, each at its place
        self.more = 0  # and how many more: a file wrong everywhere is counted, not held
        self.seen: dict[str, int] = {}
        self.counts = {"people": 0, "sessions": 0, "sets": 0, "check-ins": 0, "outcome answers": 0, "settings": 0,
                       "sign-ins": 0, "plan changes": 0, "care records": 0}  # fmt: skip
        self.refs: list[tuple[int, PersonRefs]] = []  # every person's, for the checks across the file
        self.later: list[_Later] = []  # every stored person's, written once all are stored

    @property
    def writing(self) -> bool:
        return not self.problems

    def add(self, problems: list[Problem]) -> None:
        room = max(MAX_PROBLEMS - len(self.problems), 0)
        self.problems += problems[:room]
        self.more += len(problems) - min(len(problems), room)

    def begin(self, *, replace: bool) -> None:
        if self.uow.people.all():
            if not replace:
                raise ServiceError([Problem("", "store_not_empty")])
            self.uow.people.delete_all()
            self.uow.care.delete_practices()

    def person(self, i: int) -> _PersonRestore:
        return _PersonRestore(self, i)

    def finish(self) -> dict[str, int]:
        try:
            top = _TopB.model_validate(self.top)
        except ValidationError as exc:
            self.problems[:0] = located(exc, [])
        else:
            self.add(reference_problems(self.refs, top.practices, [c.uuid for c in top.contacts]))
        if self.problems:
            raise refused(self.problems, more=self.more)
        found = {"format": self.top["format"], "version": self.top["version"]}
        if found["format"] != FORMAT or found["version"] not in READABLE_VERSIONS:
            wanted = {"expected_format": FORMAT, "expected_version": VERSION}
            raise ServiceError([Problem("version", "wrong_backup_version", {**wanted, **found})])
        self._write_later(top)
        if self.problems:
            raise refused(self.problems, more=self.more)
        self.uow.commit()
        return self.counts

    def _write_later(self, top: _TopB) -> None:
        """What names other people, once every person is stored: the practices and their invitations by email, each
        clinician role and its invitations (a grant names its invitation), then settings, sign-ins, care records and
        plan changes, each person's uuid turned into their new id. A person named who is not in the backup (a contact
        of a one-person download) is no one here: their messages and changes keep their words without an author, and
        a grant to them or their read mark is not restored (it could give no one access, and no one reads by it)."""
        uow = self.uow
        ids = {later.refs.uuid: later.person_id for later in self.later}

        def who(ref: str | None) -> int | None:
            return ids.get(ref) if ref is not None else None

        practices = [uow.care.restore_practice(p.name, created_at=p.created_at) for p in top.practices]

        def practice(at: int | None) -> int | None:
            return practices[at] if at is not None else None

        invited = [
            PracticeInvitationOf(practices[k], i.email, who(i.invited_by), i.created_at, i.accepted_at)
            for k, p in enumerate(top.practices)
            for i in p.invitations
        ]
        uow.care.restore_practice_invitations(invited)
        self.counts["care records"] += len(invited)

        for later in self.later:
            c, invitations = later.refs.clinician, later.refs.invitations
            uow.care.restore_care(
                later.person_id,
                CareOf(
                    clinician=None
                    if c is None
                    else ClinicianOf(c.kind, practice(c.practice), c.practice_role, c.created_at),
                    invitations=tuple(
                        InvitationOf(i.code_hash, i.direction, i.created_at, i.expires_at, i.used_at, who(i.used_by))
                        for i in invitations
                    ),
                ),
            )
        for later in self.later:
            person_id, care = later.person_id, later.refs.care
            if later.settings is not None:
                st = later.settings
                uow.settings.put(
                    person_id, PersonSettings(st.unit, tuple(st.training_days), st.training_time, st.time_zone)
                )
                self.counts["settings"] += 1
            account = later.refs.account
            if account is not None and account.password_hash is not None:  # a download's account has no hash
                uow.accounts.restore_account(
                    person_id, AccountOf(account.email, account.password_hash, account.created_at)
                )
                self.counts["sign-ins"] += 1
            schedule = care.outcome_schedule
            grants = []
            for g in care.grants:
                clinician = who(g.clinician)
                if clinician is not None:
                    grants.append(GrantOf(clinician, practice(g.practice), g.invitation, g.granted_at,
                                          g.accepted_at, g.revoked_at))  # fmt: skip
            reads = [ReadOf(reader, r.message, r.at) for r in care.reads if (reader := who(r.reader)) is not None]
            restored = CareOf(
                grants=tuple(grants),
                messages=tuple(WrittenOf(who(m.author), m.body, m.created_at) for m in care.messages),
                notes=tuple(WrittenOf(who(n.author), n.body, n.created_at) for n in care.notes),
                acks=tuple(AckOf(a.key, who(a.by), a.at) for a in care.alert_acks),
                schedule=None
                if schedule is None
                else ScheduleOf(schedule.every_days, who(schedule.set_by), schedule.at),
                reads=tuple(reads),
            )
            uow.care.restore_care(person_id, restored)
            self.counts["care records"] += len(grants) + len(care.messages) + len(care.notes)
            self.counts["care records"] += len(care.alert_acks) + (schedule is not None) + len(reads)
            for k, (program_id, adjustments) in enumerate(zip(later.program_ids, later.refs.adjustments, strict=True)):
                made: list[int] = []
                for m, adj in enumerate(adjustments):
                    where = ["people", later.i, "programs", k, "adjustments", m]
                    try:
                        change = _change(adj, made)
                    except (KeyError, TypeError, ValueError, IndexError) as exc:
                        self.add([Problem(json_path(where), "invalid", {"reason": str(exc)})])
                        made.append(0)
                        continue
                    author = Author(AuthorKind(adj.author.kind), who(adj.author.person) or NO_ONE)
                    added = uow.adjustments.add(person_id=person_id, program_id=program_id, change=change,
                                                author=author, reason=adj.reason, at=adj.created_at)  # fmt: skip
                    made.append(added.id)
                    self.counts["plan changes"] += 1


class _TopB(BackupB):
    """The top level of a backup, its people apart (each is checked as it is read)."""

    people: list[Any]


# The author of a restored change by a clinician who is not in the backup (a one-person download's contact): no one
# (people's ids start at 1), as when a clinician's account is deleted; the change log then names no clinician.
NO_ONE = 0


@dataclass(frozen=True, slots=True)
class _Later:
    """A stored person's records that name other people, kept until every person is stored."""

    i: int
    person_id: int
    refs: PersonRefs
    settings: SettingsB | None
    program_ids: list[int]


def _change(adj: AdjustmentB, made: list[int]) -> Change:
    """The domain change of a backup's adjustment (its fields were checked: adjustment_problems); `made` holds the
    new ids of the programme's changes before it, for an undo."""
    given = CHANGE_PARTS[adj.kind]
    return change_of(
        ChangeParts(
            adj.kind,
            on=adj.on,
            to=adj.to,
            exercise_id=adj.exercise_id,
            to_exercise_id=adj.to_exercise_id,
            scope=None if adj.scope is None else Scope(adj.scope),
            undoes=None if adj.undoes is None or "undoes" not in given else made[adj.undoes],
            text=adj.text,
            locked=adj.locked,
            dose=None if adj.dose is None or "dose" not in given else dose_from_json(adj.dose),
        )
    )


class _PersonRestore:
    """One person of the backup: their fields as they come, their performed sessions written RESTORE_CHUNK at a time
    once the person is stored (the person is stored at their first session, when the fields before it say who)."""

    HEAD = ("uuid", "display_name", "role", "created_at")

    def __init__(self, restorer: _Restorer, i: int) -> None:
        self.r, self.i = restorer, i
        self.fields: dict[str, Any] = {}
        self.person_id: int | None = None
        self.pending: list[dict[str, Any]] = []
        self.performed_ids: list[int] = []
        self.days: list[date] = []
        self.sessions = 0
        self.unwritable = False  # who they are did not check out: named when the person is checked whole (end)

    def field(self, key: str, value: Any) -> None:
        self.fields[key] = value

    def session(self, j: int, raw: Any) -> None:
        """The person's `j`th performed session, checked, and written with the next RESTORE_CHUNK."""
        r, where = self.r, ["people", self.i, "performed_sessions", j]
        self.sessions = j + 1
        try:
            s = PerformedB.model_validate(raw)
        except ValidationError as exc:
            r.add(located(exc, where))
            return
        self.days.append(s.date)
        problems = session_problems(where, s, r.library)
        if problems:
            r.add(problems)
        if not r.writing or self.unwritable:
            return
        self.pending.append(_session_row(s))
        if len(self.pending) >= RESTORE_CHUNK and self._stored():
            self._flush()

    def end(self) -> None:
        """The person's last field read: check them whole, then store what is left."""
        r, where = self.r, ["people", self.i]
        had_sessions = "performed_sessions" in self.fields
        try:
            person = PersonB.model_validate({**self.fields, "performed_sessions": []} if had_sessions else self.fields)
        except ValidationError as exc:
            r.add(located(exc, where))
            return
        stored = r.writing and self._stored()  # before person_problems adds their uuid to those seen
        self.fields = {}  # the raw values are checked (and said who the person is): let them go, 20k prescriptions
        r.add(person_problems(self.i, person, self.sessions, r.library, r.seen))
        refs = PersonRefs.of(person)
        r.refs.append((self.i, refs))
        for j, changes in enumerate(refs.adjustments):  # a set dose reads as a dose (the rest: adjustment_problems)
            for m, adj in enumerate(changes):
                try:
                    if adj.dose is not None:
                        dose_from_json(adj.dose)
                except (KeyError, TypeError, ValueError, IndexError) as exc:
                    loc = [*where, "programs", j, "adjustments", m, "dose"]
                    r.add([Problem(json_path(loc), "invalid", {"reason": f"not a dose: {exc}"})])
        programs = self._programs(person)
        if not r.writing or not stored:
            for j, (prog, sessions) in enumerate(programs):  # still checked, so every problem is named
                self._prescriptions(j, prog, sessions, None)
            return
        self._flush()
        uow, person_id = r.uow, self.person_id
        assert person_id is not None  # noqa: S101 - _stored() made it
        profile_ids = {
            prof.version: uow.profiles.restore(
                person_id, version=prof.version, data=prof.data, created_at=prof.created_at
            ).id
            for prof in person.profiles
        }
        program_ids = []
        for j, (prog, sessions) in enumerate(programs):
            program = uow.programs.create_active(
                person_id=person_id,
                profile_id=profile_ids[prog.profile_version],
                start_date=prog.start_date,
                weeks=prog.weeks,
                status=prog.status,
                screening=prog.screening,
                active=prog.active,
                created_at=prog.created_at,
                sessions=sessions,
            )
            program_ids.append(program.id)
            self._prescriptions(j, prog, sessions, program.id)
        if not r.writing:
            return
        for c in person.checkins:
            uow.checkins.restore(person_id, day=c.date, pain=c.pain, created_at=c.created_at, soreness=c.soreness)
            r.counts["check-ins"] += 1
        for o in person.outcomes:
            uow.outcomes.restore(person_id, _answers(o), created_at=o.created_at)
            r.counts["outcome answers"] += 1
        # what names other people (and the practices) is written once every person is stored: Restorer.finish
        r.later.append(_Later(self.i, person_id, refs, person.settings, program_ids))
        r.counts["people"] += 1

    def _programs(self, person: PersonB) -> list[tuple[ProgramB, list[ScheduledSession]]]:
        """Each programme with its planned sessions as domain values (a bad dose is a problem at its place)."""
        out = []
        for j, prog in enumerate(person.programs):
            here = ["people", self.i, "programs", j]
            sessions = []
            for k, s in enumerate(prog.sessions):
                try:
                    sessions.append(_scheduled(s))
                except (KeyError, TypeError, ValueError, IndexError) as exc:
                    self.r.add([Problem(json_path([*here, "sessions", k, "items"]), "invalid", {"reason": str(exc)})])
            out.append((prog, sessions))
        return out

    def _prescriptions(self, j: int, prog: ProgramB, sessions: list[ScheduledSession], program_id: int | None) -> None:
        """The programme's prescriptions read as domain values (a bad one is a problem at its place) and, while
        nothing is wrong and the programme is stored (`program_id`), written RESTORE_CHUNK at a time."""
        r, rows = self.r, []
        for k, rx in enumerate(prog.prescriptions):
            ref = rx.performed_session
            day = self.days[ref] if ref is not None and ref < len(self.days) else None
            try:
                prescription = _prescription(rx, sessions, day, r.library)
            except (KeyError, TypeError, ValueError, IndexError) as exc:
                r.add(
                    [
                        Problem(
                            json_path(["people", self.i, "programs", j, "prescriptions", k]),
                            "invalid",
                            {"reason": str(exc)},
                        )
                    ]
                )
                continue
            if program_id is None or not r.writing:
                continue
            record = StoredPrescription(
                program_id=program_id,
                planned_exercise_id=rx.planned_exercise_id,
                prescription=prescription,
                performed_session_id=self.performed_ids[ref] if ref is not None else None,
                logged_exercise_id=rx.logged_exercise_id,
            )
            rows.append((record, rx.created_at))
            if len(rows) >= RESTORE_CHUNK:
                r.uow.prescriptions.restore_many(rows, person_id=self._stored_id())
                rows = []
        if rows and r.writing:
            r.uow.prescriptions.restore_many(rows, person_id=self._stored_id())

    def _stored_id(self) -> int:
        assert self.person_id is not None  # noqa: S101 - only called once the person is stored
        return self.person_id

    def _stored(self) -> bool:
        """Whether the person is stored, storing them when the fields read so far say who they are."""
        if self.person_id is not None:
            return True
        head = {key: self.fields[key] for key in self.HEAD if key in self.fields}
        if len(head) < len(self.HEAD):
            return False  # who they are comes after their sessions: keep those until then
        empty: dict[str, Any] = {"profiles": [], "programs": [], "performed_sessions": [], "checkins": []}
        try:
            p = PersonB.model_validate(head | empty)
        except ValidationError:
            p = None
        if p is None or p.uuid in self.r.seen:
            self.unwritable = True
            return False
        self.person_id = self.r.uow.people.add(
            display_name=p.display_name, role=p.role, person_uuid=p.uuid, created_at=p.created_at
        ).id
        return True

    def _flush(self) -> None:
        if self.pending and self.r.writing:
            assert self.person_id is not None  # noqa: S101 - only after _stored()
            self.performed_ids += self.r.uow.sessions.restore_many(self.person_id, self.pending)
            self.r.counts["sessions"] += len(self.pending)
            self.r.counts["sets"] += sum(len(e["sets"]) for s in self.pending for e in s["exercises"])
        self.pending = []


# ------------------------------------------------------------------------------------------------ reading


def _walk_value(data: Any, r: _Restorer) -> None:
    """A backup already parsed (JSON as Python values) told to the restorer as the stream reader tells it."""
    if not isinstance(data, dict):
        raise refused([Problem("", "not_an_object", {"fields": list(BackupB.model_fields)})])
    for key, value in data.items():
        if key != "people" or not isinstance(value, list):
            r.top[key] = value
            continue
        r.top[key] = []
        for i, raw in enumerate(value):
            person = r.person(i)
            if not isinstance(raw, dict):
                _not_a_person(r, i, raw)
                continue
            for name, field in raw.items():
                if name == "performed_sessions" and isinstance(field, list):
                    person.field(name, [])
                    for j, s in enumerate(field):
                        person.session(j, s)
                else:
                    person.field(name, field)
            person.end()


def _not_a_person(r: _Restorer, i: int, raw: Any) -> None:
    try:
        PersonB.model_validate(raw)
    except ValidationError as exc:
        r.add(located(exc, ["people", i]))


_OPEN = frozenset(("start_map", "start_array"))
_BACKEND = ijson.get_backend(ijson.backend_name)  # yajl2_c where it is built: the values are built in C


def _fields(events: Iterator[tuple[str, str, Any]]) -> Iterator[tuple[str, str, str, Any]]:
    """A JSON object's fields as ijson reads them, just after its start: each key with the first event of its value
    (prefix, event, value). The caller takes the value's other events (`_value`, or a walk) before asking for the
    next field."""
    for _, event, key in events:
        if event == "end_map":
            return
        prefix, event, value = next(events)
        yield key, prefix, event, value


def _elements(events: Iterator[tuple[str, str, Any]]) -> Iterator[tuple[str, str, Any]]:
    """A JSON array's elements as ijson reads them, just after its start: the first event of each; the caller takes
    each element's other events before asking for the next."""
    for prefix, event, value in events:
        if event == "end_array":
            return
        yield prefix, event, value


def _walk_stream(events: Iterator[tuple[str, str, Any]], r: _Restorer) -> None:
    """ijson's events told to the restorer: the top level's fields, each person's fields and each of their
    performed sessions built one at a time (so no more than one session's values are held)."""
    prefix, event, value = next(events, ("", "end", None))
    if event != "start_map":
        _value(events, prefix, event, value)  # the rest of it, so a JSON error in it is still said as one
        raise refused([Problem("", "not_an_object", {"fields": list(BackupB.model_fields)})])
    for key, prefix, event, value in _fields(events):
        if key != "people" or event != "start_array":
            r.top[key] = _value(events, prefix, event, value)
            continue
        r.top[key] = []
        for i, (prefix, event, value) in enumerate(_elements(events)):  # counts the people
            if event != "start_map":
                _not_a_person(r, i, _value(events, prefix, event, value))
            else:
                _walk_person(events, r.person(i))
    for _ in events:  # trailing text after the object is a JSON error: let ijson say it
        pass


def _walk_person(events: Iterator[tuple[str, str, Any]], person: _PersonRestore) -> None:
    for key, prefix, event, value in _fields(events):
        if key == "programs" and event == "start_array":
            person.field(key, _walk_programs(events, person))
        elif key == "performed_sessions" and event == "start_array":
            person.field(key, [])
            for j, (prefix, event, value) in enumerate(_elements(events)):  # counts the sessions
                person.session(j, _value(events, prefix, event, value))
        else:
            person.field(key, _value(events, prefix, event, value))
    person.end()


def _walk_programs(events: Iterator[tuple[str, str, Any]], person: _PersonRestore) -> list[Any]:
    """The person's programmes, each as its raw fields but its prescriptions checked one by one as they are read
    (`PrescriptionB`, a problem named at its place and the prescription left out): a long history's prescriptions
    held as raw JSON objects were most of a restore's memory (bench/backup_roundtrip.py: 20,000 of them, ~80 MB)."""
    programs: list[Any] = []
    shared = _Shared()
    for j, (prefix, event, value) in enumerate(_elements(events)):
        if event != "start_map":
            programs.append(_value(events, prefix, event, value))  # not a programme: PersonB names it
            continue
        fields: dict[str, Any] = {}
        for key, prefix, event, value in _fields(events):
            if key != "prescriptions" or event != "start_array":
                fields[key] = _value(events, prefix, event, value)
                continue
            checked: list[PrescriptionB] = []
            fields[key] = checked
            for k, (prefix, event, value) in enumerate(_elements(events)):
                try:
                    rx = PrescriptionB.model_validate(_value(events, prefix, event, value))
                except ValidationError as exc:
                    person.r.add(located(exc, ["people", person.i, "programs", j, "prescriptions", k]))
                    continue
                rx.dose, rx.reason_parts = shared(rx.dose), shared(rx.reason_parts)
                checked.append(rx)
        programs.append(fields)
    return programs


class _Shared:
    """Equal JSON values read as one object, its keys interned: a history's prescriptions repeat a few doses and
    reasons thousands of times, and each as its own dicts with their own key strings was ~2 kB a prescription (a
    restore's peak memory, bench/backup_roundtrip.py). Only for values nothing changes afterwards (they are read
    into domain values). Bounded: it starts afresh past `LIMIT` values."""

    LIMIT = 4096

    def __init__(self) -> None:
        self.known: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        if value is None:
            return None
        key = json.dumps(value, separators=(",", ":"))  # equal JSON, equal text (1, 1.0 and true stay apart)
        found = self.known.get(key)
        if found is None:
            if len(self.known) >= self.LIMIT:
                self.known.clear()
            found = self.known[key] = _interned(value)
        return found


def _interned(value: Any) -> Any:
    """`value` rebuilt with its keys interned (one string for every "kind", "params", ...)."""
    if isinstance(value, dict):
        return {sys.intern(key): _interned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_interned(item) for item in value]
    return value


def _value(events: Iterator[tuple[str, str, Any]], prefix: str, event: str, value: Any) -> Any:
    """The JSON value that begins with the event (`prefix`, `event`, `value`), built by ijson's own builder (C)
    from the events that follow it."""
    if event not in _OPEN:
        return value
    built = ijson.sendable_list()
    builder = _BACKEND.items_basecoro(built, prefix)
    send = builder.send
    send((prefix, event, value))
    for ev in events:
        send(ev)
        if built:
            break
    return built[0] if built else None


def _answers(o: OutcomeB) -> Answers:
    return Answers(o.date, o.pain, tuple(Activity(a.name, a.score) for a in o.activities), o.groc)


def _session_row(s: PerformedB) -> dict[str, Any]:
    """A backup's performed session as SessionsRepository.restore_many takes it."""
    return {
        "date": s.date,
        "notes": s.notes,
        "duration_s": s.duration_s,
        "session_rpe": s.session_rpe,
        "source": s.source,
        "source_key": s.source_key,
        "created_at": s.created_at,
        "leg_symptoms_spread": s.leg_symptoms_spread,
        "exercises": [
            {
                "exercise_id": e.exercise_id,
                "pain_during": e.pain_during,
                "felt_in": e.felt_in,
                "sets": [x.model_dump() for x in e.sets],
            }
            for e in s.exercises
        ],
    }


def _plan_item(item: ItemB) -> PlanItem:
    if item.dose is not None:
        dose = dose_from_json(item.dose)
    else:
        dose = legacy_item_dose(item.model_dump(include={"sets", "reps", "load", "rest_s", "tempo"}))
    return PlanItem(item.exercise_id, dose, _reason(item.reason, item.reason_parts), tuple(item.sources), item.slot,
                    item.seconds)  # fmt: skip


def _reason(words: str, parts: list[dict[str, Any]] | None) -> Reason:
    """The reason's parts when the backup has them; an older backup's words, as written."""
    return Reason.from_json(parts) if parts is not None else Reason.as_written(words)


def _scheduled(s: PlannedB) -> ScheduledSession:
    fields = s.model_dump(exclude={"items"})
    return ScheduledSession(**fields, items=tuple(_plan_item(i) for i in s.items))


def _prescription(
    rx: PrescriptionB, sessions: list[ScheduledSession], day: date | None, library: Library | None
) -> Prescription:
    """The prescription of a backup entry: its dose as written, or read from the version-1 columns (KeyError,
    TypeError, ValueError or IndexError when neither reads)."""
    if rx.dose is not None:
        dose = dose_from_json(rx.dose)
    elif rx.sets is None or rx.rep_low is None or rx.rep_high is None:
        raise ValueError("needs a dose, or (version 1) sets, rep_low and rep_high")
    else:
        exercise = library.get(rx.exercise_id) if library is not None and rx.exercise_id in library else None
        dose = legacy_prescription_dose(
            sets=rx.sets,
            rep_low=rx.rep_low,
            rep_high=rx.rep_high,
            load_kg=rx.load_kg,
            band=rx.band,
            exercise=exercise,
            planned=_planned_dose(sessions, rx.planned_exercise_id, day),
        )
    reason = _reason(rx.reason, rx.reason_parts)
    return Prescription(rx.exercise_id, dose, Action(rx.action), reason, tuple(rx.sources), rx.cue)


def _planned_dose(sessions: list[ScheduledSession], slot: str, day: date | None) -> Dose | None:
    """The slot's planned dose on `day`: that day's item, else the latest before it, else the first."""
    found = [(s.date, i.dose) for s in sessions for i in s.items if i.exercise_id == slot]
    if not found:
        return None
    before = [dose for d, dose in found if day is not None and d <= day]
    return before[-1] if before else found[0][1]
