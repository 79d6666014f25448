"""The JSON objects DESIGN.md fixes (`plan`, `today`, `log`, `checkin`), written once from the typed results.

The CLI prints them with `--format json` and the API's response models validate the same objects, so the two cannot
drift apart. Every dose is put into words by `domain.dose.describe`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gluterx.domain.dose import Dose, describe
from gluterx.domain.exercise import Library
from gluterx.domain.planner.program import Program
from gluterx.domain.precautions import ItemNotes, item_notes
from gluterx.domain.profile import Profile
from gluterx.domain.progression import Alert, Prescription
from gluterx.domain.review import Review
from gluterx.domain.said import Reason
from gluterx.domain.screening import Flag, Screening
from gluterx.services.check_in import CheckinOutcome
from gluterx.services.history import CheckinRecord, History, SessionRecord
from gluterx.services.log_session import Change, LogOutcome
from gluterx.services.plan_changes import SLOT_PARTS, AddChoices, ChangeNote, SwapChoices, dose_words
from gluterx.services.planning import precaution_json, screening_view
from gluterx.services.programme import Programme, ProgrammeSession
from gluterx.services.session_edits import DeleteOutcome, EditOutcome, Revision
from gluterx.services.start import StartResult
from gluterx.services.today import SessionItem, TodayPlan

__all__ = [
    "additions_json",
    "alert_json",
    "alternatives_json",
    "change_json",
    "checkin_json",
    "checkins_json",
    "delete_json",
    "edit_json",
    "history_json",
    "item_json",
    "log_json",
    "plan_change_json",
    "precaution_json",
    "program_json",
    "programme_json",
    "review_json",
    "revisions_json",
    "session_json",
    "start_json",
    "today_json",
]


def item_json(exercise_id: str, dose: Dose, reason: Reason, notes: ItemNotes | None = None) -> dict[str, Any]:
    """One exercise of a session: {exercise_id, sets, reps, load, rest_s, reason, caution, supported_option}."""
    words = describe(dose)
    said = notes or ItemNotes()
    return {
        "exercise_id": exercise_id,
        "sets": dose.sets,
        "reps": words.work,
        "load": words.load,
        "rest_s": dose.rest_s,
        "reason": reason.words(),  # the contract is in kg
        "caution": said.caution,
        "supported_option": said.supported_option,
    }


def alert_json(alert: Alert) -> dict[str, Any]:
    return {"level": alert.level.value, "message": alert.message}


def review_json(found: Review | None) -> dict[str, Any] | None:
    """The 4-week review: what the record shows, how soon to be seen, why (when it refers) and what to do."""
    if found is None:
        return None
    finding = found.finding
    return {
        "urgency": found.urgency.value,
        "message": found.message,
        "reasons": list(found.referral.reasons) if found.referral is not None else [],
        "action": found.advice,
        "sessions_done": finding.done,
        "sessions_planned": finding.planned,
        "pain_before": round(finding.before, 1),
        "pain_now": round(finding.now, 1),
    }


def program_json(program: Program, *, profile: Profile | None = None, library: Library | None = None) -> dict[str, Any]:
    """The `gluterx plan --format json` contract: status, referral, cautions, precautions, weeks; with the profile and
    the library, each item carries its caution note and supported option for this person."""
    view = screening_view(program.screening)
    if view["referral"] is not None:
        view["referral"] = {"reasons": view["referral"]["reasons"], "urgency": view["referral"]["urgency"]}
    found = program.screening.precautions
    view["precautions"] = [precaution_json(p) for p in found]

    def notes(exercise_id: str) -> ItemNotes | None:
        if profile is None or library is None:
            return None
        return item_notes(library.get(exercise_id), profile, found)

    view["weeks"] = [
        {
            "week": week.week,
            "phase": week.phase.name,
            "sessions": [
                {
                    "day": s.day,
                    "minutes": s.minutes,
                    "items": [item_json(i.exercise_id, i.dose, i.reason, notes(i.exercise_id)) for i in s.items],
                }
                for s in week.sessions
            ],
        }
        for week in program.weeks
    ]
    return view


def _shown_json(item: SessionItem) -> dict[str, Any]:
    return item_json(item.exercise_id, item.dose, item.reason, ItemNotes(item.caution, item.supported_option))


def _week_json(number: int, phase: str, sessions: Iterable[ProgrammeSession]) -> dict[str, Any]:
    """One week of the plan contract: its number, phase and sessions, each item {exercise_id, sets, reps, ...}."""
    return {
        "week": number,
        "phase": phase,
        "sessions": [
            {"day": s.day, "minutes": s.minutes, "items": [_shown_json(i) for i in s.items]} for s in sessions
        ],
    }


def programme_json(found: Programme) -> dict[str, Any]:
    """A stored programme in the plan contract's shape, with its first day; each item as due (see services.programme)."""
    return {
        "status": found.status,
        "referral": found.referral,
        "cautions": list(found.cautions),
        "precautions": [precaution_json(p) for p in found.precautions],
        "start": found.start.isoformat(),
        "weeks": [_week_json(week.week, week.phase_name, week.sessions) for week in found.weeks],
        "review": review_json(found.review),
    }


def today_json(plan: TodayPlan) -> dict[str, Any]:
    return {
        "date": plan.date.isoformat(),
        "week": plan.week,
        "day": plan.day,
        "rest_day": plan.rest_day,
        "next_session_date": plan.next_session_date.isoformat() if plan.next_session_date else None,
        "items": [_shown_json(i) for i in plan.items],
        "alerts": [alert_json(a) for a in plan.alerts],
        "precautions": [precaution_json(p) for p in plan.precautions],
    }


def change_json(change: Change) -> dict[str, Any]:
    nxt = change.next
    return {
        "exercise_id": change.exercise_id,
        "action": change.action,
        "next": None
        if nxt is None
        else {
            k: v
            for k, v in item_json(nxt.exercise_id, nxt.dose, Reason()).items()
            if k in ("exercise_id", "sets", "reps", "load")
        },
        "progressing": change.progressing,
        "reason": change.reason.words(),
        "cue": change.cue,
    }


def log_json(outcome: LogOutcome) -> dict[str, Any]:
    return {
        "session_id": outcome.session_id,
        "date": outcome.date.isoformat(),
        "sets_logged": outcome.sets_logged,
        "changes": [change_json(c) for c in outcome.changes],
        "alerts": [alert_json(a) for a in outcome.alerts],
    }


def checkin_json(outcome: CheckinOutcome) -> dict[str, Any]:
    return {
        "date": outcome.date.isoformat(),
        "pain": outcome.pain,
        "soreness": outcome.soreness,
        "usual_pain": outcome.usual,
        "changes": [change_json(c) for c in outcome.changes],
        "alerts": [alert_json(a) for a in outcome.alerts],
    }


def start_json(result: StartResult) -> dict[str, Any]:
    return {
        "status": result.status,
        "program_id": result.program_id,
        "profile_version": result.profile_version,
        "start": result.start.isoformat(),
        "weeks": result.weeks,
        "first_session_date": result.first_session_date.isoformat() if result.first_session_date else None,
        "referral": result.referral,
        "cautions": list(result.cautions),
    }


def session_json(record: SessionRecord, *, with_id: bool = True) -> dict[str, Any]:
    """A logged session: the API's shape (with id and source), or the history's (`with_id=False`)."""
    head: dict[str, Any] = {"id": record.id} if with_id else {}
    head.update(date=record.date.isoformat(), notes=record.notes)
    if with_id:
        head["source"] = record.source
        head["session_rpe"] = record.session_rpe
        head["duration_min"] = record.duration_min
    head["exercises"] = [
        {
            "exercise_id": e.exercise_id,
            "pain_during": e.pain_during,
            "felt_in": list(e.felt_in),
            "sets": [
                {"reps": s.reps, "load_kg": s.load_kg, "band": s.band, "rir": s.rir, "rpe": s.rpe, "e1rm_kg": s.e1rm_kg}
                for s in e.sets
            ],
        }
        for e in record.exercises
    ]
    return head


def checkins_json(found: tuple[CheckinRecord, ...]) -> list[dict[str, Any]]:
    return [{"date": c.date.isoformat(), "pain": c.pain} for c in found]


def history_json(found: History) -> dict[str, Any]:
    """`gluterx history --format json`: every session (with the id `gluterx history edit` and `delete` take, and
    its source) and check-in."""
    return {
        "sessions": [session_json(s) for s in found.sessions],
        "checkins": checkins_json(found.checkins),
    }


def screening_report_json(screening: Screening) -> dict[str, Any]:
    """POST /screening: the screening, what to avoid for now (contraindications) and the precautions."""
    view = screening_view(screening)
    view["contraindications"] = [
        {"attribute": c.attribute, "limit": c.limit, "phases": sorted(c.phases), "reason": c.reason}
        for c in screening.contraindications
    ]
    view["precautions"] = [precaution_json(p) for p in screening.precautions]
    return view


def flags_json(flags: Iterable[Flag]) -> list[dict[str, Any]]:
    """`gluterx screening flags --format json` and GET /screening/flags: each question with its id and kind."""
    return [
        {
            "id": f.id,
            "question": f.question,
            "kind": f.kind.value,
            "urgency": f.urgency.value if f.urgency else None,
            "group": f.group,
            "sources": list(f.sources),
        }
        for f in flags
    ]


def _next_json(p: Prescription | None) -> dict[str, Any] | None:
    """What is due next time in a slot: {exercise_id, sets, reps, load} (None: nothing yet)."""
    if p is None:
        return None
    keep = ("exercise_id", "sets", "reps", "load")
    return {k: v for k, v in item_json(p.exercise_id, p.dose, Reason()).items() if k in keep}


def revisions_json(revisions: Iterable[Revision]) -> list[dict[str, Any]]:
    """The slots whose next prescription a corrected history changed: before and after."""
    return [{"slot": r.slot, "before": _next_json(r.before), "after": _next_json(r.after)} for r in revisions]


def edit_json(outcome: EditOutcome) -> dict[str, Any]:
    """PUT /sessions/{id}: the corrected session, what it says for next time now, and what the correction changed."""
    summary = outcome.summary
    return {
        "session": session_json(summary.session),
        "changes": [change_json(c) for c in summary.changes],
        "alerts": [alert_json(a) for a in summary.alerts],
        "sessions_rejudged": outcome.rejudged,
        "revised": revisions_json(outcome.revisions),
    }


def delete_json(outcome: DeleteOutcome) -> dict[str, Any]:
    """DELETE /sessions/{id}: which session went, and what its going changed for next time."""
    return {
        "session_id": outcome.session_id,
        "date": outcome.date.isoformat(),
        "sessions_rejudged": outcome.rejudged,
        "revised": revisions_json(outcome.revisions),
    }


def alternatives_json(found: SwapChoices) -> dict[str, Any]:
    """What can take an exercise's place on a day (`gluterx plan alternatives`, GET /plan/alternatives)."""
    return {
        "date": found.day.isoformat(),
        "exercise_id": found.exercise_id,
        "name": found.name,
        "alternatives": [
            {
                "exercise_id": a.exercise_id,
                "name": a.name,
                "reasons": list(a.reasons),
                "activation_percent": a.activation_percent,
                "measured": a.measured,
                "level": a.level,
                "sources": list(a.sources),
            }
            for a in found.alternatives
        ],
    }


def additions_json(found: AddChoices) -> dict[str, Any]:
    """What can be added to a day's session (`gluterx plan additions`, GET /plan/additions and the clinician's)."""
    return {
        "date": found.day.isoformat(),
        "phase_name": found.phase_name,
        "in_session": list(found.in_session),
        "additions": [
            {
                "exercise_id": a.exercise_id, "name": a.name, "slot": a.slot, "part": SLOT_PARTS[a.slot],
                "purpose": a.purpose, "reasons": list(a.reasons), "activation_percent": a.activation_percent,
                "measured": a.measured, "level": a.level, "sources": list(a.sources), "dose": dose_words(a.dose),
            }
            for a in found.choices
        ],
    }  # fmt: skip


def plan_change_json(note: ChangeNote) -> dict[str, Any]:
    """One change to the plan (a swap, skip, move, undo, note, lock or dose): `gluterx plan changes`, the API's."""
    return {
        "id": note.id,
        "kind": note.kind,
        "date": note.day.isoformat(),
        "from_date": note.from_day.isoformat() if note.from_day else None,
        "exercise_id": note.exercise_id,
        "words": note.words,
        "by": note.author.kind.value,
        "author_id": note.author.id,
        "reason": note.reason,
        "created_at": note.created_at.isoformat(),
        "undone": note.undone,
        "undoable": note.undoable,
        "author_name": note.author_name,
        "note": note.note,
    }
