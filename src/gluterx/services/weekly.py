"""Sessions done week by week against the plan, and the pain check-ins in one line: the top of the Progress page.

`progress_page` reads it and the analysis (services.progress) from one read of the history in one snapshot.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from gluterx.domain.exercise import Library
from gluterx.domain.limits import in_days
from gluterx.services.ports import UnitOfWork, read_only
from gluterx.services.progress import ProgressData, analysed, get_person, readable_checkins, session_dates

__all__ = ["MAX_PROGRESS_WEEKS", "progress", "progress_page"]

MAX_PROGRESS_WEEKS = 26


def _span(days: int) -> str:
    if days >= 14:
        weeks = round(days / 7)
        return f"{weeks} weeks"
    if days >= 7:
        return "1 week"
    return "1 day" if days == 1 else f"{days} days"


def _pain_summary(checkins: list[dict[str, Any]], baseline: int | None) -> str:
    if not checkins:
        start = f" When you started, your worst pain was {baseline}/10." if baseline is not None else ""
        return "No check-ins yet. The morning after a session, tell us your pain on the Today page." + start
    first, last = checkins[0], checkins[-1]
    if len(checkins) == 1:
        return f"Your one check-in so far: pain {last['pain']}/10."
    days = (date.fromisoformat(last["date"]) - date.fromisoformat(first["date"])).days
    text = f"Pain {first['pain']} → {last['pain']} over {_span(days)}"
    if last["pain"] < first["pain"]:
        return text + ": it is easing. Well done for keeping going."
    if last["pain"] > first["pain"]:
        return text + ". If it keeps rising, ease off and talk to a doctor or physiotherapist."
    return text + ": steady."


def progress(uow: UnitOfWork, person_id: int, *, today: date) -> dict[str, Any] | None:
    """Pain check-ins and sessions done per week, with a one-line summary of each (None: no programme yet)."""
    with read_only(uow) as uow:
        program = uow.programs.active(person_id)
        if program is None:
            return None
        return _progress(uow, person_id, program, session_dates(uow.sessions.history_rows(person_id)), today=today)


def progress_page(
    uow: UnitOfWork, library: Library, person_id: int, *, today: date
) -> tuple[dict[str, Any] | None, ProgressData]:
    """The progress page: `progress` and `progress.load_progress`, from one read of the history in one snapshot."""
    with read_only(uow) as uow:
        person = get_person(uow, person_id)
        rows = uow.sessions.history_rows(person.id)
        program = uow.programs.active(person.id)
        weekly = None if program is None else _progress(uow, person.id, program, session_dates(rows), today=today)
        return weekly, analysed(uow, library, person, rows, today=today)


def _progress(uow: UnitOfWork, person_id: int, program: Any, done_dates: list[date], *, today: date) -> dict[str, Any]:
    profile = uow.profiles.latest(person_id)
    # A bad row already stored (a day out of range, a pain out of 0-10) is left out, with a warning logged.
    checkins: list[dict[str, Any]] = [
        {"date": r.day.isoformat(), "pain": r.pain} for r in readable_checkins(uow.checkins.for_person(person_id))
    ]
    done_dates = [d for d in done_dates if in_days(d)]
    start: date = program.start_date
    end = start + timedelta(days=7 * program.weeks - 1)
    planned = Counter((row.date - start).days // 7 for row in uow.programs.planned_between(program.id, start, end))
    earliest = min([start, *done_dates, *(date.fromisoformat(c["date"]) for c in checkins)])
    first_bucket = (earliest - start).days // 7
    last_bucket = max((today - start).days // 7, first_bucket)
    first_bucket = max(first_bucket, last_bucket - MAX_PROGRESS_WEEKS + 1)
    done = Counter((d - start).days // 7 for d in done_dates)
    weeks = [
        {
            "start": (start + timedelta(days=7 * b)).isoformat(),
            "week": b + 1 if b >= 0 else None,
            "done": done.get(b, 0),
            "planned": planned.get(b, 0),
        }
        for b in range(first_bucket, last_bucket + 1)
    ]
    baseline = max((p.get("intensity", 0) for p in profile.data.get("pain", [])), default=0) if profile else None
    total = len(done_dates)
    this_week = weeks[-1] if weeks else None
    if total == 0:
        sessions_text = "No sessions logged yet. Your first one is waiting on the Today page."
    else:
        sessions_text = f"{total} session{'s' if total != 1 else ''} done in all"
        if this_week and this_week["planned"]:
            sessions_text += f"; {this_week['done']} of {this_week['planned']} planned this week"
        sessions_text += "."
    return {
        "checkins": checkins,
        "pain_summary": _pain_summary(checkins, baseline),
        "weeks": weeks,
        "sessions_total": total,
        "sessions_summary": sessions_text,
        "start": start.isoformat(),
    }
