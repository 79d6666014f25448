"""`gluterx outcomes`: answer the start and 4-weekly outcome measures (asked one by one, or with flags or a file),
and see them with their change since the start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.prompt import IntPrompt, Prompt
from rich.table import Table

from ._common import DateOption, Format, FormatOption, acting, console, fail, print_json

if TYPE_CHECKING:
    from gluterx.services.outcomes import OutcomeHistory

outcomes_app = typer.Typer(help="Outcome measures: your pain, your own activities and how you are since the start.")

FLAGS = {"pain": "--pain", "activities": "--activity", "groc": "--groc", "date": "--date"}
VERDICT_WORDS = {
    "better": "better, by at least the change that matters",
    "worse": "worse, by at least the change that matters",
    "no_clear_change": "no clear change yet",
}


def _activity(text: str, position: int) -> dict[str, Any]:
    """'Climbing stairs=4' as the activity's name and score; the score stays as typed for the service to judge."""
    name, sep, score = text.rpartition("=")
    if not sep:
        fail(
            f"--activity #{position}: write it as NAME=SCORE, for example --activity 'Climbing stairs=4' "
            "(0 = cannot do it, 10 = as well as before)"
        )
    value: Any = int(score) if score.strip().lstrip("-").isdigit() else score
    return {"name": name, "score": value}


def _ask_score(question: str, low: int, high: int) -> int:
    while True:
        value = IntPrompt.ask(question, console=console)
        if low <= value <= high:
            return value
        console.print(f"[red]Please give a whole number from {low} to {high}.[/]")


def _ask(history: OutcomeHistory) -> dict[str, Any]:
    """The questions one by one: pain, each activity (the same ones again after the start), then the change."""
    from gluterx.domain.outcomes import GROC_LABELS, PSFS_ACTIVITIES

    console.print("[bold]Your check-in on how things are going[/] (a minute or two).")
    pain = _ask_score("Your pain right now, 0 (none) to 10 (worst imaginable)", 0, 10)
    names = list(history.activity_names)
    if not names:
        console.print(
            f"Name {PSFS_ACTIVITIES[0]} to {PSFS_ACTIVITIES[1]} everyday things your pain makes hard "
            "(for example: climbing the stairs, sitting through a film). Leave it empty when you are done."
        )
        while len(names) < PSFS_ACTIVITIES[1]:
            name = Prompt.ask(f"Activity {len(names) + 1}", default="", show_default=False, console=console).strip()
            if not name:
                if len(names) >= PSFS_ACTIVITIES[0]:
                    break
                console.print(f"[red]Please name at least {PSFS_ACTIVITIES[0]}.[/]")
                continue
            names.append(name)
    console.print("How well can you do each now? 0 = cannot do it at all, 10 = as well as before the problem.")
    activities = [{"name": n, "score": _ask_score(escape(n), 0, 10)} for n in names]
    data: dict[str, Any] = {"pain": pain, "activities": activities}
    if not history.first_time:
        for value, label in GROC_LABELS.items():
            console.print(f"  {value:+d}  {label}")
        data["groc"] = _ask_score("Compared with when you started, how are you now? (-7 to +7)", -7, 7)
    return data


@outcomes_app.command("record")
def record(
    pain: Annotated[int | None, typer.Option("--pain", help="Pain right now, 0 (none) to 10 (worst).")] = None,
    activity: Annotated[
        list[str] | None,
        typer.Option(
            "--activity", help="NAME=SCORE, 3 to 5 times: an activity of yours and how well you do it (0-10)."
        ),
    ] = None,
    groc: Annotated[
        int | None, typer.Option("--groc", help="Since the start: -7 (very much worse) to +7 (very much better).")
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", help="OUTCOMES.json instead of flags.")] = None,
    day: DateOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Answer the outcome measures: asked one by one, or all with --pain and --activity (and --groc after the start)."""
    from gluterx.services.outcomes import outcome_history, record_outcomes

    from ._common import run_service
    from .training import read_json_file

    c, on, me = acting(day)
    if file is not None:
        data = read_json_file(file, option="--file")
    elif pain is None and not activity and groc is None:
        data = _ask(run_service(lambda: outcome_history(c.uow(), person_id=me, today=on), flags=FLAGS))
    else:
        data = {"pain": pain, "activities": [_activity(a, i) for i, a in enumerate(activity or [], start=1)]}
        if groc is not None:
            data["groc"] = groc
    found = run_service(lambda: record_outcomes(c.uow(), data, on=on, person_id=me), flags=FLAGS)
    _show(found, fmt, saved=True)


@outcomes_app.command("show")
def show(
    day: DateOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Your outcome measures, their change since the start, and when the next check is due."""
    from gluterx.services.outcomes import outcome_history

    from ._common import run_service

    c, on, me = acting(day)
    _show(run_service(lambda: outcome_history(c.uow(), person_id=me, today=on), flags=FLAGS), fmt)


def _show(history: OutcomeHistory, fmt: Format, *, saved: bool = False) -> None:
    from gluterx.services.outcomes import outcomes_json

    data = outcomes_json(history)
    if fmt is Format.JSON:
        print_json(data)
        return
    if saved:
        console.print(f"Saved your answers for {data['date']}. Thank you.")
    if not data["answers"]:
        console.print("No answers yet. Run `gluterx outcomes record` to give your starting point.")
    else:
        table = Table(title="Your outcome measures")
        for col in ("date", "pain (0-10)", "activities (0-10 each)", "PSFS mean", "since the start (-7..+7)"):
            table.add_column(col)
        for a in data["answers"]:
            acts = ", ".join(f"{escape(x['name'])} {x['score']}" for x in a["activities"])
            change = "start" if a["groc"] is None else f"{a['groc']:+d}"
            table.add_row(a["date"], str(a["pain"]), acts, f"{a['psfs']:.1f}", change)
        console.print(table)
        change = data["change"]
        if change["pain"]:
            p = change["pain"]
            console.print(
                f"Pain {p['first']:g} → {p['latest']:g}: {VERDICT_WORDS[p['verdict']]} (a fall of {p['mic']:g} points "
                f"or 30% counts; {', '.join(p['sources'])})."
            )
        if change["psfs"]:
            p = change["psfs"]
            console.print(
                f"Activities (PSFS) {p['first']:.1f} → {p['latest']:.1f}: {VERDICT_WORDS[p['verdict']]} "
                f"({p['mic']:g} points counts; {', '.join(p['sources'])})."
            )
        if change["groc"]:
            g = change["groc"]
            console.print(
                f"You rated yourself {g['latest']:+d} since the start: {VERDICT_WORDS[g['verdict']]} "
                f"(+{g['mic']:g} or more counts; {', '.join(g['sources'])})."
            )
    d = data["due"]
    if d is not None:
        when = "now" if d["due"] else f"on {d['next_date']}"
        console.print(f"Next check: {when}.")
