"""Today: the session due on a day, with progression applied, or a rest day and when the next session is.

The items come from `domain.schedule.due_items`, the same computation the programme page, the calendar file and the
report use, so what a person is shown for a day is the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from gluterx.domain.dose import Dose, DoseWords, describe
from gluterx.domain.exercise import Exercise, Library
from gluterx.domain.notes import SaidOnce, said_once
from gluterx.domain.precautions import ItemNotes, Precaution, item_notes, precautions
from gluterx.domain.profile import Profile
from gluterx.domain.progression import (
    DAYS_PER_WEEK,
    RISING_WEEKS,
    Alert,
    AlertLevel,
    alerts,
    asks_leg_symptoms,
    pain_rising_weekly,
    usual_pain,
)
from gluterx.domain.review import Review, review_alert
from gluterx.domain.said import Reason
from gluterx.domain.schedule import DueItem, ScheduledSession, due_items, phase_earned, tracked
from gluterx.domain.thresholds import SEVERE_PAIN_CAUTION_MIN
from gluterx.services.guards import active_program, check_day, program_profile
from gluterx.services.plan_changes import ChangeNote, as_changed_on, changes_on, clinician_doses, with_adjustments
from gluterx.services.ports import UnitOfWork, read_only
from gluterx.services.review import progress_review

__all__ = [
    "PAIN_WINDOW_DAYS",
    "NotesFor",
    "SessionItem",
    "TodayPlan",
    "due_on",
    "earned_session",
    "notes_for",
    "pain_history",
    "session_item",
    "today",
]

# What the pain alerts look at: the latest two readings up to the day, and the weekly means of the weeks before it
# (progression.alerts and pain_rising_weekly); one week more, to be safe.
PAIN_WINDOW_DAYS = DAYS_PER_WEEK * (RISING_WEEKS + 2)


@dataclass(frozen=True, slots=True)
class SessionItem:
    """One exercise of a session as due on its day: its dose and why (Today, the programme, the calendar)."""

    exercise_id: str
    name: str
    dose: Dose
    reason: Reason  # rendered in the reader's unit (Reason.words)
    carried: bool  # shaped by what the engine said after an earlier session
    caution: str | None = None  # the exercise's own caution note, when it applies to this person
    supported_option: str | None = None  # how to do it holding on, when balance is a concern

    @property
    def words(self) -> DoseWords:
        return describe(self.dose)


@dataclass(frozen=True, slots=True)
class TodayPlan:
    date: dt.date
    week: int
    day: int
    rest_day: bool
    next_session_date: dt.date | None
    items: tuple[SessionItem, ...]
    alerts: tuple[Alert, ...]
    review: Review | None = None  # no better after 4 weeks of the programme (also among the alerts)
    precautions: tuple[Precaution, ...] = ()  # what the person's conditions rule out, why, and the daily-life advice
    asks_leg_symptoms: bool = False  # the session log asks whether leg symptoms spread (people with leg pain)
    optional: bool = False  # an optional activity day, beside the sessions the person asked for
    held_phase: int | None = None  # the phase kept because the calendar's next one is not earned yet
    changes: tuple[ChangeNote, ...] = ()  # what the person (or their clinician) changed in this day's session
    said: SaidOnce = field(
        default_factory=SaidOnce
    )  # the items' reasons with what several share said once (domain.notes.said_once)


def pain_history(uow: UnitOfWork, person_id: int, day: date) -> list[tuple[date, int]]:
    """The check-ins the alerts for `day` read, not every check-in of the person's history."""
    readings: list[tuple[date, int]] = uow.checkins.pain_between(
        person_id, since=day - timedelta(days=PAIN_WINDOW_DAYS), until=day
    )
    return readings


def due_on(
    uow: UnitOfWork,
    library: Library,
    program_id: int,
    planned: ScheduledSession,
    last: date | None,
    on: date,
    *,
    hold_volume: bool = False,
) -> tuple[DueItem, ...]:
    """The planned session's items as due on `on`: the plan carried forward by the stored prescriptions (with
    `hold_volume`, severe pain: no calendar-driven rise in sets)."""
    gap = (on - last).days if last is not None else None
    carried = clinician_doses(uow, uow.prescriptions.current_for_slots(program_id, tracked(planned)), on)
    return due_items(planned, carried, gap_days=gap, library=library, hold_volume=hold_volume)


def severe(usual: int) -> bool:
    """Severe pain lately (the screening's severe threshold): the calendar raises no volume."""
    return usual >= SEVERE_PAIN_CAUTION_MIN.value


def earned_session(
    uow: UnitOfWork, program_id: int, planned: ScheduledSession, *, person_id: int, intake: int, on: date
) -> ScheduledSession:
    """The session due on `planned`'s day: the plan's own once its phase is earned (domain.schedule.phase_earned),
    else the previous phase's session for that weekday, on this date, so the person keeps that phase's exercises
    and the engine's word for them. A phase was reached, and stays, once a slot of its own (an exercise no earlier
    phase has) has a word."""
    if planned.optional or planned.phase == 1:
        return planned
    sessions = [s for s in uow.programs.planned_all(program_id) if not s.optional]
    earlier = {i for s in sessions if s.phase < planned.phase for i in tracked(s)}
    own = sorted({i for s in sessions if s.phase == planned.phase for i in tracked(s)} - earlier)
    if own and uow.prescriptions.current_for_slots(program_id, own):
        return planned
    previous = [s for s in sessions if s.phase == planned.phase - 1]
    if not previous:
        return planned
    first = previous[0].date
    words = uow.prescriptions.current_for_slots(program_id, sorted({i for s in previous for i in tracked(s)}))
    readings = uow.checkins.pain_between(person_id, since=first - timedelta(days=PAIN_WINDOW_DAYS), until=on)
    earned = phase_earned(
        list(words.values()),
        usual_now=usual_pain(readings, before=on, intake=intake),
        usual_at_start=usual_pain(readings, before=first, intake=intake),
        rising=pain_rising_weekly(readings, today=on),
    )
    if earned:
        return planned
    same_day = [s for s in previous if s.day == planned.day and not s.deload] or previous
    kept = replace(same_day[-1], date=planned.date, week=planned.week, day=planned.day, deload=False)
    kept = as_changed_on(uow, kept)  # what was changed on this day (a swap, an exercise added) holds in it too
    return earned_session(uow, program_id, kept, person_id=person_id, intake=intake, on=on)


def planned_and_next(
    uow: UnitOfWork, program_id: int, day: date
) -> tuple[ScheduledSession | None, ScheduledSession | None]:
    """(the session planned on `day` or None, the next one after it or None), in one read."""
    found: list[ScheduledSession] = list(uow.programs.planned_from(program_id, day, limit=2))
    planned = found.pop(0) if found and found[0].date == day else None
    return planned, (found[0] if found else None)


NotesFor = Callable[[Exercise], ItemNotes]


def notes_for(profile: Profile) -> tuple[tuple[Precaution, ...], NotesFor]:
    """The person's precautions, and what to tell them beside each exercise (domain.precautions.item_notes)."""
    found = precautions(profile)
    return found, lambda ex: item_notes(ex, profile, found)


def session_item(due: DueItem, library: Library, notes: NotesFor | None = None) -> SessionItem:
    """A due item as shown: the exercise's display name, the dose, the reason, and the notes for this person."""
    p = due.prescription
    said = notes(library.get(p.exercise_id)) if notes is not None else ItemNotes()
    return SessionItem(
        p.exercise_id,
        library.display_name(p.exercise_id),
        p.dose,
        p.reason,
        due.carried,
        said.caution,
        said.supported_option,
    )


def today(uow: UnitOfWork, library: Library, *, on: date, person_id: int) -> TodayPlan:
    """The session due `on`, with progression applied, or a rest day and the next session's date."""
    check_day(on)
    with read_only(uow) as reading:
        program = active_program(reading, person_id)
        reading = with_adjustments(reading, library, program)  # the plan as the person shaped it
        offset = (on - program.start_date).days
        week, day = (offset // 7 + 1, offset % 7 + 1) if offset >= 0 else (0, 0)
        last = reading.sessions.last_date(person_id, before=on)
        found = tuple(alerts(pain_history(reading, person_id, on), today=on, last_session=last))
        checked = progress_review(reading, program, on=on)
        if checked is not None:
            found = tuple(sorted((review_alert(checked), *found), key=lambda a: -a.level.rank))
        if checked is not None and checked.stops_training:  # a doctor first: no session until they have been seen
            return TodayPlan(on, week, day, True, None, (), found, checked)
        if program.status == "referral":
            reasons = " ".join(program.screening["referral"]["reasons"])
            message = f"Please see a clinician before you start. {reasons}"
            return TodayPlan(on, week, day, True, None, (), (Alert(AlertLevel.CRITICAL, message, ()),))
        planned, upcoming = planned_and_next(reading, program.id, on)
        next_date = upcoming.date if upcoming else None
        kept, notes = notes_for(program_profile(reading, program))
        changes = changes_on(reading, library, on)
        if planned is None:
            return TodayPlan(on, week, day, True, next_date, (), found, checked, kept, changes=changes)
        profile = program_profile(reading, program)
        pain = pain_history(reading, person_id, on)
        usual = usual_pain(pain, before=on, intake=profile.worst_pain)
        calendar = planned
        planned = earned_session(reading, program.id, planned, person_id=person_id, intake=profile.worst_pain, on=on)
        held = planned.phase if planned.phase < calendar.phase else None
        due = due_on(reading, library, program.id, planned, last, on, hold_volume=severe(usual))
        items = tuple(session_item(d, library, notes) for d in due)
        return TodayPlan(
            on,
            week,
            day,
            False,
            next_date,
            items,
            found,
            review=checked,
            precautions=kept,
            asks_leg_symptoms=asks_leg_symptoms(profile),
            optional=planned.optional,
            held_phase=held,
            changes=changes,
            said=said_once([(i.name, i.reason) for i in items]),
        )
