"""`gluterx screening`, `gluterx init` and `gluterx plan`: from a person's answers to their programme."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.prompt import Confirm, FloatPrompt, IntPrompt, Prompt

from gluterx.domain.profile import Goal

from ._common import (
    Cell,
    Format,
    FormatOption,
    PlanFormat,
    console,
    fail,
    print_json,
    print_table,
    write_atomically,
)

if TYPE_CHECKING:
    from gluterx.domain.conditions import FollowUp
    from gluterx.domain.exercise import Library
    from gluterx.domain.planner import Program
    from gluterx.domain.profile import Profile
    from gluterx.services.welcome import Welcome

screening_app = typer.Typer(help="The screening questions (red flags and cautions).")


@screening_app.command("flags")
def list_flags(fmt: FormatOption = Format.TABLE) -> None:
    """Every flag id with its question in plain words (use the ids in PROFILE.json `red_flags`)."""
    from gluterx.domain.screening import FLAGS, FlagKind
    from gluterx.services.contract import flags_json

    flags = flags_json(FLAGS)
    if fmt is Format.JSON:
        print_json(flags)
        return
    rows = [
        [
            f["id"],
            escape(f["question"]),
            f"see a clinician ({f['urgency']})" if f["kind"] == FlagKind.REFERRAL else "start gently, get clearance",
        ]
        for f in flags
    ]
    columns = [("id", Cell.ID), ("question", Cell.PROSE), ("if yes", Cell.WORDS)]
    print_table("Screening questions: answer yes to put the id in red_flags", columns, rows)


@screening_app.command("conditions")
def list_conditions(
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Every health condition with its question and follow-ups (use them in PROFILE.json `conditions`)."""
    from gluterx.domain.conditions import QUESTIONS, AnswerKind
    from gluterx.services.profiles import condition_questions_json

    if fmt is Format.JSON:
        print_json(condition_questions_json())
        return
    rows = []
    for q in QUESTIONS:
        fields = [
            f"{f.name}: {' | '.join(str(v) for v in f.values)}"
            if f.kind is AnswerKind.CHOICE
            else f"{f.name}: {f.minimum}-{f.maximum} {f.unit}"
            for f in q.follow_ups
        ]
        rows.append([q.id.value, escape(q.question), escape("\n".join(fields)) or "-"])
    columns = [("id", Cell.ID), ("question", Cell.PROSE), ("fields (allowed values)", Cell.WORDS)]
    print_table("Health conditions: each one you have goes in conditions as {id, its fields}", columns, rows)


# -------------------------------------------------------------------------------------------------------- plan


def read_profile_file(path: Path, *, weeks: int | None = None) -> Any:
    """Load and validate a PROFILE.json, or exit 2 with one clear line per problem."""
    from gluterx.services.profiles import ProfileError, parse_profile

    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        fail(f"--profile: no file at {path}.", hints=["Create one with `gluterx init`."])
    except (UnicodeDecodeError, IsADirectoryError, PermissionError, RecursionError) as exc:
        fail(f"--profile: cannot read {path}: {exc}.")
    except json.JSONDecodeError as exc:
        fail(f"--profile: {path} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}.")
    try:
        return parse_profile(raw, weeks=weeks)
    except ProfileError as exc:
        from ._problems import fail_problems

        fail_problems(exc.problems, heading=f"the profile in {path} has {len(exc.problems)} problem(s):")


def plan(*, profile: Path, fmt: PlanFormat, weeks: int | None, start: datetime | None) -> None:
    """Screen the profile and print its programme (or the referral, when a clinician should see you first): what
    `gluterx plan --profile` does, its options read by `shaping.plan_main`."""
    from gluterx.data import load_library
    from gluterx.services.contract import program_json
    from gluterx.services.planning import make_plan

    person = read_profile_file(profile, weeks=weeks)
    library = load_library()
    program = make_plan(person, library, start=start.date() if start else None)
    if fmt is PlanFormat.JSON:
        print_json(program_json(program, profile=person, library=library))
    elif fmt is PlanFormat.MARKDOWN:
        typer.echo(render_markdown(program, person, library))
    else:
        render_table(program, person, library)


def _render_precautions(program: Program) -> None:
    """What the person's conditions rule out and why, then the daily-life advice, once at the top."""
    found = program.screening.precautions
    if not found:
        return
    body = "\n".join(f"• {escape(p.reason)}" for p in found)
    advice = list(dict.fromkeys(a for p in found for a in p.advice))
    if advice:
        body += "\n\n[bold]In daily life[/]\n" + "\n".join(f"• {escape(a)}" for a in advice)
    console.print(Panel(body, title="Because of your health", border_style="cyan", expand=False))


def render_table(program: Program, person: Profile, library: Library) -> None:
    """Week by week, each session's items with dose and load; each reason (with the exercise's caution note and
    supported option for this person) is shown the first time it applies."""
    from gluterx.domain.dose import describe
    from gluterx.domain.precautions import item_notes

    if program.screening.referral is not None:
        _render_referral(program)
        return
    for caution in program.screening.cautions:
        console.print(Panel(escape(caution.message), title="Please note", border_style="yellow", expand=False))
    _render_precautions(program)
    found = program.screening.precautions
    names = {e.id: e.name for e in library}
    explained: set[tuple[str, str]] = set()
    for week in program.weeks:
        lighter = " · [yellow]lighter week[/]" if week.deload else ""
        console.rule(f"[bold]Week {week.week}[/] · {escape(week.phase.name)}{lighter}", align="left")
        for session in week.sessions:
            when = program.date_of(week.week, session.day)
            on = f" · {when:%a %d %b}" if when else ""
            kind = "optional activity day" if session.optional else "glute session"
            console.print(f"[bold cyan]Day {session.day}[/]{on} · {kind} · about {round(session.minutes)} min")
            for item in session.items:
                name = escape(names.get(item.exercise_id, item.exercise_id))
                words, rest = describe(item.dose), item.dose.rest_s
                console.print(
                    f"  • [bold]{name}[/]  {words.sets} x {escape(words.work)} · {escape(words.load)}"
                    + (f" · rest {rest} s" if rest else ""),
                    highlight=False,
                )
                key = (item.exercise_id, item.reason.words())  # a programme from a profile file: kg
                if key not in explained:
                    explained.add(key)
                    console.print(f"    [dim]{escape(key[1])}[/]", highlight=False)
                    notes = item_notes(library.get(item.exercise_id), person, found)
                    if notes.supported_option:
                        console.print(f"    [green]Hold on:[/] {escape(notes.supported_option)}", highlight=False)
                    if notes.caution:
                        console.print(f"    [yellow]Take care:[/] {escape(notes.caution)}", highlight=False)
        console.print()


def _render_referral(program: Program) -> None:
    referral = program.screening.referral
    if referral is None:
        return
    body = "\n".join(f"• {r}" for r in referral.reasons) + f"\n\n[bold]What to do now:[/] {referral.action}"
    console.print(Panel(body, title="Please see a clinician before you start", border_style="red", expand=False))


def render_markdown(program: Program, person: Profile, library: Library) -> str:
    from gluterx.domain.dose import describe
    from gluterx.domain.precautions import item_notes

    lines = ["# Your GluteRx programme", ""]
    referral = program.screening.referral
    if referral is not None:
        lines += ["## Please see a clinician before you start", ""]
        lines += [f"- {r}" for r in referral.reasons]
        lines += ["", f"**What to do now:** {referral.action}", ""]
        return "\n".join(lines)
    for caution in program.screening.cautions:
        lines += [f"> **Please note:** {caution.message}", ""]
    found = program.screening.precautions
    if found:
        lines += ["## Because of your health", ""] + [f"- {p.reason}" for p in found] + [""]
        advice = list(dict.fromkeys(a for p in found for a in p.advice))
        if advice:
            lines += ["**In daily life:**", ""] + [f"- {a}" for a in advice] + [""]
    names = {e.id: e.name for e in library}
    for week in program.weeks:
        lighter = " (lighter week)" if week.deload else ""
        lines += [f"## Week {week.week}: {week.phase.name}{lighter}", ""]
        for session in week.sessions:
            when = program.date_of(week.week, session.day)
            on = f" ({when.isoformat()})" if when else ""
            extra = ", optional activity day" if session.optional else ""
            lines += [f"### Day {session.day}{on}, about {round(session.minutes)} min{extra}", ""]
            lines += ["| Exercise | Sets x reps | Load | Rest | Why |", "|---|---|---|---|---|"]
            for item in session.items:
                notes = item_notes(library.get(item.exercise_id), person, found)
                said = [f"Hold on: {notes.supported_option}"] if notes.supported_option else []
                said += [f"Take care: {notes.caution}"] if notes.caution else []
                why = " ".join([item.reason.words(), *said]).replace("|", "/")
                name = names.get(item.exercise_id, item.exercise_id)
                words = describe(item.dose)
                lines.append(f"| {name} | {words.summary} | {words.load} | {item.dose.rest_s} s | {why} |")
            lines.append("")
    return "\n".join(lines)


# -------------------------------------------------------------------------------------------------------- init


def _parse_pain(spec: str) -> dict[str, Any]:
    """REGION:INTENSITY[:SIDE[:WEEKS]], e.g. lower_back:5:both:12."""
    parts = spec.split(":")
    if len(parts) < 2 or len(parts) > 4:
        fail(f"--pain: '{spec}' should look like REGION:INTENSITY[:SIDE[:WEEKS]], e.g. lower_back:5:both:12.")
    entry: dict[str, Any] = {"region": parts[0], "intensity": _int_or_text(parts[1])}
    if len(parts) > 2:
        entry["side"] = parts[2]
    if len(parts) > 3:
        entry["weeks"] = _int_or_text(parts[3])
    return entry


CONDITION_SYNTAX = "ID[:FIELD=VALUE[,FIELD=VALUE...]]"


def _parse_condition(spec: str) -> dict[str, Any]:
    """ID[:FIELD=VALUE[,FIELD=VALUE...]], e.g. hip_replacement:side=left,approach=posterior,months_since=4."""
    condition_id, _, rest = spec.strip().partition(":")
    entry: dict[str, Any] = {"id": condition_id.strip()}
    for pair in filter(None, (p.strip() for p in rest.split(","))):
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            fail(
                f"--condition: '{spec}' should look like {CONDITION_SYNTAX}, "
                "e.g. hip_replacement:side=left,approach=posterior,months_since=4.",
                hints=["`gluterx screening conditions` lists every id with its fields and values."],
            )
        entry[name.strip()] = _int_or_text(value.strip())
    return entry


def _int_or_text(text: str) -> int | str:
    return int(text) if text.strip().isdigit() else text


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip() and v.strip() != "none"]


def _ask_choice(question: str, choices: list[str], default: str) -> str:
    return Prompt.ask(question, choices=choices, default=default, console=console)


def _ask_many(question: str, choices: list[str], *, at_least_one: bool = False) -> list[str]:
    """Comma-separated answers from `choices`; asks again until every answer is allowed (and, `at_least_one`, until
    there is one)."""
    while True:
        hint = "comma-separated, at least one" if at_least_one else "comma-separated, or none"
        answer = Prompt.ask(
            f"{question} ({hint})\n  [dim]{', '.join(choices)}[/]",
            default=None if at_least_one else "none",
            console=console,
        )
        picked = [a.strip() for a in (answer or "").split(",") if a.strip() and a.strip() != "none"]
        bad = [p for p in picked if p not in choices]
        if bad:
            console.print(f"[red]Not one of the choices:[/] {', '.join(bad)}. Please try again.")
        elif at_least_one and not picked:
            console.print("[red]Please choose at least one[/], so the programme knows what to aim for.")
        else:
            return picked


def _ask_int(question: str, low: int, high: int, default: int | None = None) -> int:
    while True:
        value = IntPrompt.ask(question, default=default, console=console)
        if value is not None and low <= value <= high:
            return value
        console.print(f"[red]Please enter a whole number from {low} to {high}.[/]")


def _ask_follow_up(follow_up: FollowUp) -> str | int:
    """One follow-up: a choice (its plain words shown beside each value) or a whole number in its range."""
    from gluterx.domain.conditions import AnswerKind

    if follow_up.kind is AnswerKind.WHOLE_NUMBER:
        low, high = follow_up.minimum or 0, follow_up.maximum or 0
        return _ask_int(f"  {escape(follow_up.question)} ({low}-{high} {follow_up.unit})", low, high)
    console.print(f"  {escape(follow_up.question)}")
    for choice in follow_up.choices:
        console.print(f"    [bold]{choice.value}[/] = {escape(choice.words)}", highlight=False)
    by_text = {str(v): v for v in follow_up.values}
    return by_text[Prompt.ask("  Your answer", choices=list(by_text), console=console)]  # no default: ask, don't guess


def _ask_conditions() -> list[dict[str, Any]]:
    """The health-conditions questions: the list first, then yes/no for each, and only the follow-ups that apply."""
    from gluterx.domain.conditions import QUESTIONS

    console.print("\n[bold]Some health conditions change which exercises are right for you.[/]")
    console.print("\n".join(f"  • {escape(q.question)}" for q in QUESTIONS))
    if not Confirm.ask("Does any of these apply to you?", default=False, console=console):
        return []
    conditions: list[dict[str, Any]] = []
    for q in QUESTIONS:
        if Confirm.ask(f"  {escape(q.question)}", default=False, console=console):
            conditions.append({"id": q.id.value} | {f.name: _ask_follow_up(f) for f in q.follow_ups})
    return conditions


def _interview() -> dict[str, Any]:
    """The questionnaire: a few plain questions, re-asked until the answer is valid."""
    from gluterx.domain.exercise import Equipment
    from gluterx.domain.profile import Experience, Goal, PainRegion, Side
    from gluterx.domain.screening import FLAGS
    from gluterx.services.profiles import ASKED_AS_CONDITIONS

    console.print(
        Panel(
            "A few questions so GluteRx can fit a safe programme to you. Nothing leaves this computer.",
            title="GluteRx",
            expand=False,
        )
    )
    data: dict[str, Any] = {"age": _ask_int("How old are you?", 16, 110)}
    pain: list[dict[str, Any]] = []
    regions = [r.value for r in PainRegion]
    for region in _ask_many("Where do you have pain now?", regions):
        intensity = _ask_int(f"  How bad is the {region.replace('_', ' ')} pain, 0 (none) to 10 (worst)?", 0, 10)
        side = _ask_choice("  Which side?", [s.value for s in Side], Side.BOTH.value)
        weeks = _ask_int("  For how many weeks has it been like this?", 0, 2600, 4)
        pain.append({"region": region, "intensity": intensity, "side": side, "weeks": weeks})
    data["pain"] = pain
    flags: list[str] = []
    groups: dict[str, list[Any]] = {}
    for f in FLAGS:
        if f.id not in ASKED_AS_CONDITIONS:
            groups.setdefault(f.group, []).append(f)
    console.print("\n[bold]Some health questions.[/] They make sure exercise is the right step for you now.")
    for members in groups.values():
        console.print("\n".join(f"  • {escape(f.question)}" for f in members))
        if Confirm.ask("Does any of these apply to you?", default=False, console=console):
            flags += [f.id for f in members if Confirm.ask(f"  {escape(f.question)}", default=False, console=console)]
    data["red_flags"] = flags
    data["conditions"] = _ask_conditions()
    data["goals"] = _ask_many("What do you want from training?", [g.value for g in Goal], at_least_one=True)
    data["sitting_hours_per_day"] = FloatPrompt.ask(
        "About how many hours a day do you sit?", default=6.0, console=console
    )
    data["experience"] = _ask_choice("Strength-training experience?", [e.value for e in Experience], "none")
    data["equipment"] = _ask_many("What equipment do you have?", [e.value for e in Equipment])
    data["sessions_per_week"] = _ask_int("How many sessions a week can you do (1-6)?", 1, 6, 3)
    data["minutes_per_session"] = _ask_int("How many minutes per session (10-120)?", 10, 120, 30)
    return data


def write_json_atomically(path: Path, data: Any) -> None:
    """`data` as indented JSON, written atomically, readable by its owner alone."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, (text.encode("utf-8"),), private=True)


def init(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the profile.")] = Path("profile.json"),
    age: Annotated[int | None, typer.Option(help="Age in years; giving it skips the questionnaire.")] = None,
    goal: Annotated[
        list[str] | None,
        typer.Option(help=f"Goal(s), at least one, comma-separated or repeated: {', '.join(g.value for g in Goal)}."),
    ] = None,
    pain: Annotated[list[str] | None, typer.Option(help="REGION:INTENSITY[:SIDE[:WEEKS]], repeatable.")] = None,
    flag: Annotated[
        list[str] | None,
        typer.Option(help="Screening flag id(s) answered yes (`gluterx screening flags`); or --no-red-flags."),
    ] = None,
    no_red_flags: Annotated[
        bool, typer.Option("--no-red-flags", help="None of the screening questions applies to you (instead of --flag).")
    ] = False,
    condition: Annotated[
        list[str] | None,
        typer.Option(
            help=f"A health condition as {CONDITION_SYNTAX}, repeatable, e.g. "
            "hip_replacement:side=left,approach=posterior,months_since=4 or pregnancy:trimester=2 or osteoporosis; "
            "`gluterx screening conditions` lists the ids, fields and values; or --no-conditions."
        ),
    ] = None,
    no_conditions: Annotated[
        bool,
        typer.Option("--no-conditions", help="None of the health conditions applies to you (instead of --condition)."),
    ] = False,
    sitting_hours: Annotated[float, typer.Option(help="Hours sitting per day.")] = 0.0,
    experience: Annotated[str, typer.Option(help="none, beginner, intermediate or advanced.")] = "none",
    equipment: Annotated[list[str] | None, typer.Option(help="Equipment ids you own, or none.")] = None,
    sessions: Annotated[int, typer.Option(help="Sessions per week (1-6).")] = 3,
    minutes: Annotated[int, typer.Option(help="Minutes per session (10-120).")] = 30,
    weeks: Annotated[int, typer.Option(help="Programme length in weeks (1-52).")] = 12,
    body_mass: Annotated[float | None, typer.Option(help="Body mass in kg (optional).")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    interactive: Annotated[bool, typer.Option(help="Ask the questions even when input is piped.")] = False,
) -> None:
    """Answer the questionnaire (or give every answer as flags) and write a PROFILE.json."""
    from gluterx.data import load_library
    from gluterx.services.planning import make_plan
    from gluterx.services.profiles import ProfileError, parse_profile
    from gluterx.services.questionnaire import answer_problems

    if output.exists() and not force:
        fail(f"--output: {output} already exists.", hints=["Add --force to replace it, or choose another --output."])
    if age is None:
        if not (interactive or sys.stdin.isatty()):
            fail(
                "--age: required when not answering interactively (input is not a terminal).",
                hints=["Give the answers as flags (see `gluterx init --help`), or add --interactive."],
            )
        data = _interview()
        data["weeks"] = weeks
    else:
        data = {
            "age": age,
            "goals": _split(goal),
            "pain": [_parse_pain(p) for p in pain or []],
            "red_flags": _split(flag),
            "conditions": [_parse_condition(c) for c in condition or []],
            "sitting_hours_per_day": sitting_hours,
            "experience": experience,
            "equipment": _split(equipment),
            "sessions_per_week": sessions,
            "minutes_per_session": minutes,
            "weeks": weeks,
        }
        if body_mass is not None:
            data["body_mass_kg"] = body_mass
    if age is not None:
        if flag and no_red_flags:
            fail("--no-red-flags: you also gave --flag; give one or the other.")
        if condition and no_conditions:
            fail("--no-conditions: you also gave --condition; give one or the other.")
    problems = answer_problems(
        data, red_flags_answered=age is None or bool(flag) or no_red_flags,
        conditions_answered=age is None or bool(condition) or no_conditions,
    )  # fmt: skip
    try:
        profile = parse_profile(data)
    except ProfileError as exc:
        problems += exc.problems
    if problems:
        from ._problems import INIT_FLAGS, fail_problems

        fail_problems(problems, flags=INIT_FLAGS, heading=f"the answers have {len(problems)} problem(s):")
    write_json_atomically(output, data)
    console.print(f"Profile written to [bold]{escape(str(output))}[/].")
    program = make_plan(profile, load_library(), start=date.today())
    if program.screening.referral is not None:
        _render_referral(program)
    else:
        console.print(f"Next: [bold]gluterx plan --profile {escape(str(output))}[/] to see your programme.")


# -------------------------------------------------------------------------------------------------------- welcome


def render_welcome(w: Welcome) -> None:
    """The programme in short, after `gluterx start`: the same summary as the web's welcome page."""
    console.print(Panel.fit("[bold]Welcome to your GluteRx programme[/]", border_style="green"))
    console.print(
        f"{w.weeks_total} weeks, {w.start:%-d %B %Y} to {w.end:%-d %B %Y}, in {len(w.phases)} "
        f"{'phase' if len(w.phases) == 1 else 'phases'}; each builds on the one before:",
        highlight=False,
    )
    for phase in w.phases:
        span = f"Week {phase.weeks[0]}" if len(phase.weeks) == 1 else f"Weeks {phase.weeks[0]}-{phase.weeks[-1]}"
        console.print(f"  {span:<12} {escape(phase.name)}", highlight=False)
    week = f"{w.glute_sessions_per_week} glute {'session' if w.glute_sessions_per_week == 1 else 'sessions'}"
    week += f" of about {round(w.minutes_per_session)} minutes" if w.minutes_per_session else ""
    if w.activity_days_per_week:
        days = "day" if w.activity_days_per_week == 1 else "days"
        week += f", and {w.activity_days_per_week} optional activity {days}"
    console.print(f"Each week: {week}.", highlight=False)
    for caution in w.cautions:
        console.print(Panel(escape(caution), title="Please note", border_style="yellow", expand=False))
    if w.precautions:
        body = "\n".join(f"• {escape(p.reason)}" for p in w.precautions)
        console.print(Panel(body, title="Because of your health", border_style="cyan", expand=False))
    first = w.first_session
    if first is not None:
        kind = "an optional activity day" if first.optional else "a glute session"
        console.print(f"\n[bold]First session: {first.date:%A %-d %B %Y}[/], {kind}:", highlight=False)
        for item in first.items:
            words = item.words
            console.print(
                f"  • {escape(item.name)}: {escape(words.sets) + ' x ' if words.counted else ''}{escape(words.work)}, "
                f"{escape(words.load)}",
                highlight=False,
            )
    console.print("\n[bold]How it works[/]")
    for how in (
        "On a session day, [bold]gluterx today[/] shows what to do and why, and [bold]gluterx log[/] records it set "
        "by set, with how much it hurt.",
        "The next morning, [bold]gluterx checkin --pain N[/] (0 to 10) says how it settled; the next session adjusts "
        "to it.",
    ):
        console.print(Padding(how, (0, 0, 0, 2), expand=False), highlight=False)
