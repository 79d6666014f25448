"""Small helpers the page modules share: rendering with the nav, htmx detection, dates from the query string."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from gluterx.bootstrap import Container
from gluterx.domain.dose import Dose, DoseWords, Style, describe, weight_words
from gluterx.domain.said import Reason, Said
from gluterx.domain.units import MassUnit, from_kg
from gluterx.services.guards import FIRST_DAY, LAST_DAY
from gluterx.services.ports import ServiceError
from gluterx.services.programme import programme_status
from gluterx.services.settings import unit_of
from gluterx.services.today import TodayPlan, today

from ..deps import CurrentUser
from ..templating import templates


@dataclass(frozen=True, slots=True)
class DueDay:
    """The day a page asked for, the message when its `date` was not one, and the session due (None: no programme)."""

    on: date
    date_error: str | None
    view: TodayPlan | None


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    user: CurrentUser | None,
    active: str | None = None,
    status_code: int = 200,
) -> Response:
    """A template with the signed-in person, the nav item to highlight and the unit they read weights in (`unit`,
    for the `dose_words` and `weight` filters)."""
    if "unit" not in context:
        context = {**context, "unit": _unit_of(request, user)}
    response = templates.TemplateResponse(
        request, name, {**context, "user": user, "active": active}, status_code=status_code
    )
    response.headers["Vary"] = "HX-Request"
    return response


def _unit_of(request: Request, user: CurrentUser | None) -> MassUnit:
    container: Container | None = getattr(request.app.state, "container", None)
    if user is None or container is None:
        return MassUnit.KG
    return unit_of(container.uow(), person_id=user.person_id)


def referral_redirect(container: Container, user: CurrentUser) -> Response | None:
    """To the referral page when the person's screening asked them to see a clinician first (no exercises then)."""
    if programme_status(container.uow(), person_id=user.person_id) == "referral":
        return RedirectResponse("/referral", status_code=303)
    return None


def load_today(container: Container, user: CurrentUser, on: date) -> TodayPlan | None:
    """The signed-in person's session for `on` (services.today), or None when they have no programme yet."""
    try:
        return today(container.uow(), container.library, on=on, person_id=user.person_id)
    except ServiceError as exc:
        if exc.code == "missing":
            return None
        raise


def due_page(container: Container, user: CurrentUser, day: str | None) -> Response | DueDay:
    """What Today and the workout player show for the query's `date` (today when absent or not a date), or the way
    to the referral page."""
    on, date_error = parse_day(day, default=date.today())
    if away := referral_redirect(container, user):
        return away
    return DueDay(on, date_error, load_today(container, user, on))


def is_htmx(request: Request) -> bool:
    """An htmx swap (answer with a partial), not a history restore (answer with the whole page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def parse_day(text: str | None, *, default: date) -> tuple[date, str | None]:
    """A YYYY-MM-DD date from the query string; the default and a message when it is not one."""
    if not text:
        return default, None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return default, f"'{text}' is not a date like 2026-03-01, so this shows today instead."
    if not FIRST_DAY <= day <= LAST_DAY:  # far-off days overflow a plan's date arithmetic
        return default, f"{text} is too far off (use {FIRST_DAY.year} to {LAST_DAY.year}), so this shows today instead."
    return day, None


def form_int(value: Any) -> Any:
    """A whole number from a form field; the raw text when it is not one, so validation can name the field."""
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
        return text
    return value


def form_float(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return value.strip()
    return value


def nice_date(value: str | date | None, *, weekday: bool = True) -> str:
    """'2026-11-21' -> 'Saturday 21 November 2026' (the year only when it is not this year)."""
    if value is None or value == "":
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    year = "" if day.year == date.today().year else f" {day.year}"
    text = f"{day.day} {day.strftime('%B')}{year}"
    return f"{day.strftime('%A')} {text}" if weekday else text


def minutes_seconds(seconds: int | float) -> str:
    """90 -> '1:30'."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


templates.env.filters["nice_date"] = nice_date
templates.env.filters["short_date"] = lambda value: nice_date(value, weekday=False)
templates.env.filters["mmss"] = minutes_seconds


def _globals() -> None:
    from . import _labels

    templates.env.globals.update(
        action_labels=_labels.ACTIONS, felt_labels=_labels.FELT_IN, band_labels=_labels.BANDS, labels=_labels
    )
    templates.env.filters.update(dose_words=dose_words, weight=weight, in_unit=in_unit)
    templates.env.filters["said_words"] = said_words


def dose_words(dose: Dose, unit: MassUnit | str = MassUnit.KG, style: str = "short") -> DoseWords:
    """`{{ item.dose|dose_words(unit) }}`: domain.dose.describe in the person's unit (the one place a dose becomes
    words)."""
    return describe(dose, Style(style), MassUnit(unit or MassUnit.KG))


def weight(kg: float | None, unit: MassUnit | str = MassUnit.KG, places: int | None = None) -> str:
    """`{{ s.load_kg|weight(unit) }}`: a weight stored in kg, in the person's unit ('' for none)."""
    return weight_words(kg, MassUnit(unit or MassUnit.KG), places=places) if kg is not None else ""


def said_words(said: Reason | Said | None, unit: MassUnit | str = MassUnit.KG) -> str:
    """`{{ item.reason|said_words(unit) }}`: a reason (or one of its sentences) in the person's unit ('' for none)."""
    return said.words(MassUnit(unit or MassUnit.KG)) if said is not None else ""


def in_unit(kg: float, unit: MassUnit | str = MassUnit.KG) -> float:
    """`{{ w.e1rm_kg|in_unit(unit) }}`: the number for a table column headed with the unit."""
    return from_kg(kg, MassUnit(unit or MassUnit.KG))


_globals()


def day_span(first: str | date | None, last: str | date | None) -> str:
    """'7 December 2020 to 7 February 2026': both ends with their year when either end is not in this year, so a
    range is never read across the wrong year ('7 December to 7 February' only within this year)."""
    if not first or not last:
        return nice_date(first or last, weekday=False)
    a, b = (date.fromisoformat(v) if isinstance(v, str) else v for v in (first, last))
    if a.year == b.year == date.today().year:
        return f"{nice_date(a, weekday=False)} to {nice_date(b, weekday=False)}"
    return f"{a.day} {a.strftime('%B')} {a.year} to {b.day} {b.strftime('%B')} {b.year}"


templates.env.filters["day_span"] = lambda first, last: day_span(first, last)
