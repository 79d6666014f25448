"""`gluterx profile`: your answers and settings; change answers (the programme is planned again from the next
session on) and settings (kg or lb, body mass, training days, time, time zone)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ._common import DateOption, Format, FormatOption, acting, console, fail, print_json

if TYPE_CHECKING:
    from gluterx.services.settings import Settings

profile_app = typer.Typer(help="Your answers and settings: see and change them.", no_args_is_help=True)

SETTINGS_FLAGS = {
    "unit": "--unit",
    "body_mass": "--body-mass",
    "training_days": "--days",
    "training_time": "--time",
    "time_zone": "--tz",
}
DAY_NAMES = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}


def _settings_json(s: Settings, replanned: Any = None) -> dict[str, Any]:
    return {
        "unit": s.unit.value,
        "body_mass": s.body_mass,
        "body_mass_kg": s.body_mass_kg,
        "training_days": list(s.training_days),
        "training_time": s.training_time.strftime("%H:%M") if s.training_time else None,
        "time_zone": s.time_zone,
        "sessions_per_week": s.sessions_per_week,
        "replanned_from": replanned.isoformat() if replanned else None,
    }


def _show_settings(s: Settings) -> None:
    table = Table(title="Your settings", show_header=False)
    table.add_column("setting", style="bold")
    table.add_column("value")
    table.add_row("Weights in", "pounds (lb)" if s.unit.value == "lb" else "kilograms (kg)")
    table.add_row("Body mass", f"{s.body_mass:g} {s.unit.value}" if s.body_mass is not None else "not given")
    table.add_row("Training days", ", ".join(s.day_names) or "spaced by GluteRx")
    table.add_row("Time", s.calendar_time.strftime("%H:%M") + ("" if s.training_time else " (not chosen)"))
    table.add_row("Time zone", s.time_zone or "not chosen (the calendar uses your calendar's own time)")
    console.print(table)


@profile_app.command("show")
def show(fmt: FormatOption = Format.TABLE) -> None:
    """Your latest answers (PROFILE.json) and your settings."""
    from gluterx.services.profiles import stored_profile
    from gluterx.services.settings import settings_of

    c, _, me = acting(None)
    answers = stored_profile(c.uow(), person_id=me)
    found = settings_of(c.uow(), person_id=me)
    if fmt is Format.JSON:
        print_json({"profile": answers, "settings": _settings_json(found)})
        return
    if answers is None:
        console.print("No answers yet: run `gluterx init` or `gluterx start --profile PROFILE.json`.")
    else:
        table = Table(title="Your answers", show_header=False)
        table.add_column("question", style="bold")
        table.add_column("answer")
        for key in ("age", "goals", "equipment", "sessions_per_week", "minutes_per_session", "experience"):
            value = answers.get(key)
            words = ", ".join(str(v).replace("_", " ") for v in value) if isinstance(value, list) else str(value)
            table.add_row(key.replace("_", " ").capitalize(), escape(words or "none"))
        pain = "; ".join(f"{p['region'].replace('_', ' ')} {p['intensity']}/10" for p in answers.get("pain", []))
        table.add_row("Pain", escape(pain or "none"))
        console.print(table)
    _show_settings(found)


def _value(text: str) -> Any:
    """A --set value: JSON when it reads as JSON (20, 4.5, ["dumbbells"], null), else the text itself."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


@profile_app.command("edit")
def edit(
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="FIELD=VALUE",
            help="A PROFILE.json field to change, e.g. --set minutes_per_session=20 --set equipment='[\"dumbbells\"]'.",
        ),
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A whole PROFILE.json instead of --set.")] = None,
    day: DateOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Change your answers: a new profile version, and your programme planned again from your next session on
    (what you have done stays). A red flag answered yes gives the referral instead."""
    from gluterx.services.profile_edit import edit_profile
    from gluterx.services.profiles import stored_profile

    from ._common import run_service
    from .training import read_json_file

    if not set_ and file is None:
        fail("nothing to change: give --set FIELD=VALUE (as many as you like) or --file PROFILE.json")
    c, on, me = acting(day)
    if file is not None:
        data = read_json_file(file, option="--file")
    else:
        data = dict(stored_profile(c.uow(), person_id=me) or {})
        for item in set_ or []:
            field, sep, text = item.partition("=")
            if not sep or not field.strip():
                fail(f"--set {escape(item)}: write it as FIELD=VALUE, for example --set minutes_per_session=20")
            data[field.strip()] = _value(text)
    edited = run_service(lambda: edit_profile(c.uow(), c.library, data, person_id=me, today=on))
    if fmt is Format.JSON:
        print_json({"status": edited.status, "profile_version": edited.profile_version,
                    "replanned_from": edited.replanned_from.isoformat() if edited.replanned_from else None})  # fmt: skip
        return
    if edited.referral:
        console.print("[bold red]Your answers mean you should see a clinician before exercising.[/] "
                      "Run `gluterx today` for why and what to do now.")  # fmt: skip
    elif edited.replanned_from is not None:
        console.print(f"Saved (version {edited.profile_version}). Your plan is made again from "
                      f"{edited.replanned_from:%A %-d %B %Y}; what you have done stays.")  # fmt: skip
    else:
        console.print(f"Saved (version {edited.profile_version}), with a new programme. Run `gluterx today`.")


def _days(text: str) -> list[int]:
    """'mon,wed,fri' or '1,3,5' as ISO weekdays ('' or 'none': let GluteRx space them)."""
    if text.strip().lower() in ("", "none"):
        return []
    out = []
    for part in text.split(","):
        key = part.strip().lower()[:3]
        if key.isdigit():
            out.append(int(key))
        elif key in DAY_NAMES:
            out.append(DAY_NAMES[key])
        else:
            fail(f"--days: {escape(part)!r} is not a day; write them like mon,wed,fri (or none)")
    return out


@profile_app.command("settings")
def settings_command(
    unit: Annotated[str | None, typer.Option("--unit", help="kg or lb: how weights are shown and entered.")] = None,
    body_mass: Annotated[
        float | None, typer.Option("--body-mass", help="Your body mass in your unit (0 clears it).")
    ] = None,
    days: Annotated[str | None, typer.Option("--days", help="Training days, e.g. mon,wed,fri (or none).")] = None,
    at: Annotated[datetime | None, typer.Option("--time", formats=["%H:%M"], help="When you train, HH:MM.")] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Your time zone, e.g. Europe/London.")] = None,
    day: DateOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """See your settings, or change them with the options. New training days plan your sessions again from the
    next one on; the calendar (gluterx export ics) uses your time and time zone."""
    from gluterx.services.settings import settings_of, update_settings

    from ._common import run_service

    c, on, me = acting(day)
    data: dict[str, Any] = {}
    if unit is not None:
        data["unit"] = unit.strip().lower()
    if body_mass is not None:
        data["body_mass"] = body_mass or None
    if days is not None:
        data["training_days"] = _days(days)
    if at is not None:
        data["training_time"] = at.strftime("%H:%M")
    if tz is not None:
        data["time_zone"] = tz
    replanned = None
    if data:
        saved = run_service(
            lambda: update_settings(c.uow(), c.library, data, person_id=me, today=on), flags=SETTINGS_FLAGS
        )
        found, replanned = saved.settings, saved.replanned_from
    else:
        found = settings_of(c.uow(), person_id=me)
    if fmt is Format.JSON:
        print_json(_settings_json(found, replanned))
        return
    if data:
        console.print("Saved.")
    if replanned is not None:
        console.print(f"Your sessions from {replanned:%A %-d %B %Y} fall on the days you chose.")
    _show_settings(found)
