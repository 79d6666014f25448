"""The planned sessions as an iCalendar file (RFC 5545): one event per session, each with a reminder.

UIDs come from the session's date and kind, so importing a newer export updates the events instead of doubling them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event

from gluterx.domain.dose import describe
from gluterx.domain.units import MassUnit
from gluterx.services.calendar import CalendarData, PlannedSession

__all__ = ["DEFAULT_START", "PRODID", "UID_DOMAIN", "calendar_ics", "planned_sessions_ics"]

PRODID = "-//GluteRx//GluteRx programme//EN"
UID_DOMAIN = "gluterx.local"
DEFAULT_START = time(18, 0)
_KIND = {"strength": "glute session", "activity": "optional activity day"}


def _zone(tz: str | None) -> ZoneInfo | None:
    if tz is None:
        return None
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"tz: unknown time zone {tz!r}; give an IANA name such as Europe/London or UTC") from exc


def _description(session: PlannedSession, unit: MassUnit = MassUnit.KG) -> str:
    lines = [f"Week {session.week}, day {session.day}: {session.phase_name or 'your programme'}"]
    if session.deload:
        lines[0] += " (lighter week)"
    lines.append(f"About {round(float(session.minutes))} min.")
    if session.optional:
        lines.append("Optional: on top of the glute sessions you asked for. Skip it on a busy day.")
    lines.append("")
    for item in session.items:
        words = describe(item.dose, unit=unit)
        lines.append(f"- {item.name}: {words.summary}, {words.load}")
    lines += ["", "Open GluteRx (gluterx today) on the day for the session with your latest progress applied."]
    return "\n".join(lines)


def _event(
    session: PlannedSession,
    *,
    zone: ZoneInfo | None,
    at: time,
    reminder_minutes: int,
    stamp: datetime,
    unit: MassUnit = MassUnit.KG,
) -> Event:
    day = session.date
    kind = session.kind or "strength"
    what = _KIND.get(kind, kind.replace("_", " "))
    lighter = ", lighter week" if session.deload else ""
    event = Event()
    event.add("uid", f"gluterx-{day:%Y%m%d}-{kind}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", f"GluteRx: {what} (week {session.week}{lighter})")
    event.add("description", _description(session, unit))
    event.add("dtstart", datetime.combine(day, at, tzinfo=zone))
    event.add("duration", timedelta(minutes=max(1, round(float(session.minutes)))))
    event.add("categories", ["GluteRx", what])
    event.add("transp", "TRANSPARENT" if session.optional else "OPAQUE")  # an optional day does not block the time
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"GluteRx: {what} in {reminder_minutes} min" if reminder_minutes else f"GluteRx: {what}")
    alarm.add("trigger", timedelta(minutes=-reminder_minutes))
    event.add_component(alarm)
    return event


def planned_sessions_ics(
    sessions: Iterable[PlannedSession],
    *,
    reminder_minutes: int = 60,
    tz: str | None = "UTC",
    at: time = DEFAULT_START,
    now: datetime | None = None,
    unit: MassUnit = MassUnit.KG,
) -> bytes:
    """An .ics calendar of `sessions` (services.calendar.calendar_sessions), starting at `at` in `tz`, weights in
    `unit`.

    `tz=None` writes floating times: 18:00 wherever the calendar is opened. Each event has a display alarm
    `reminder_minutes` before it starts.
    """
    if reminder_minutes < 0:
        raise ValueError(f"reminder_minutes: {reminder_minutes} is negative; give 0 or more minutes before the start")
    zone = _zone(tz)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "GluteRx programme")
    for session in sessions:
        cal.add_component(_event(session, zone=zone, at=at, reminder_minutes=reminder_minutes, stamp=stamp, unit=unit))
    if zone is not None and tz != "UTC":
        cal.add_missing_timezones()
    return bytes(cal.to_ical())


def calendar_ics(
    data: CalendarData,
    *,
    reminder_minutes: int = 60,
    tz: str | None = "UTC",
    at: time | None = None,
    now: datetime | None = None,
) -> bytes:
    """The calendar download (services.calendar.calendar): `planned_sessions_ics` of its sessions, at `at` (default:
    the person's chosen time, else 18:00) in `tz`, weights in the person's unit."""
    return planned_sessions_ics(
        data.sessions, reminder_minutes=reminder_minutes, tz=tz, at=at or data.start_time, now=now, unit=data.unit
    )
