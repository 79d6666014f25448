"""`gluterx exercises` and `gluterx evidence`: browse the library and the evidence behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Category, Equipment, Exercise, FigureUse, ForceVector, HipPosition, Library, Pattern

from ._common import Cell, Format, FormatOption, console, fail, local_person_or_none, print_json, print_table

if TYPE_CHECKING:
    from gluterx.services.exercise_history import ExerciseHistory
    from gluterx.services.library import ExerciseView

exercises_app = typer.Typer(help="Browse the exercise library.", no_args_is_help=False)
evidence_app = typer.Typer(help="The published sources and figures GluteRx rests on.")

HIP_POSITION_WORDS = {
    HipPosition.FLEXION_OVER_90: "hip bent past a right angle",
    HipPosition.ADDUCTION_PAST_MIDLINE: "thigh across the midline",
    HipPosition.INTERNAL_ROTATION: "hip turned inwards",
    HipPosition.CROSSED_LEGS: "legs crossed",
}

EQUIPMENT_HELP = (
    "What you own, comma-separated or repeated (e.g. mini_band,dumbbells); 'none' for nothing. "
    "Shows only exercises that need nothing more."
)


def parse_equipment(values: list[str] | None) -> frozenset[Equipment] | None:
    """Owned equipment from CLI values (read as the API's ?equipment=, services/library.py's owned_equipment); None
    when the flag was not given. A bad id is named with the flag, the first one alone, and what is allowed."""
    if values is None:
        return None
    from gluterx.services.library import owned_equipment
    from gluterx.services.ports import ServiceError

    try:
        return owned_equipment(",".join(values))
    except ServiceError as exc:
        bad = exc.problems[0].params
        fail(
            f"--equipment: '{bad['values'][0]}' is not an equipment id.",
            hints=[f"Use any of: none, {', '.join(bad['allowed'])}."],
        )


def _plan() -> tuple[str, ...]:
    """This week's exercises of the local person's plan, today's first; () with nobody here or no database to read."""
    from datetime import date

    from gluterx.bootstrap import build
    from gluterx.services.library import plan_exercise_ids

    try:
        c = build()
    except Exception:  # the library reads without a database; the plan only orders it
        return ()
    me = local_person_or_none(c)
    return () if me is None else plan_exercise_ids(c.uow(), person_id=me, today=date.today())


def _activation_cell(library: Library, ex: Exercise) -> str:
    act = library.activation(ex.id)
    mark = "" if act.published else " (est.)"
    return f"{act.band.words}{mark}"


@exercises_app.callback(invoke_without_command=True)
def list_exercises(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", metavar="TEXT", help="A name, another name for it, or close to either; best match first."
        ),
    ] = None,
    pattern: Annotated[Pattern | None, typer.Option(help="Movement pattern.")] = None,
    equipment: Annotated[list[str] | None, typer.Option(help=EQUIPMENT_HELP)] = None,
    max_level: Annotated[int | None, typer.Option(min=1, max=5, help="Hardest level to show (1-5).")] = None,
    muscle: Annotated[Muscle | None, typer.Option(help="A muscle it works (primary or secondary).")] = None,
    vector: Annotated[ForceVector | None, typer.Option(help="Force vector (Contreras).")] = None,
    category: Annotated[Category | None, typer.Option(help="Category.")] = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List exercises: those in your plan this week first, then by movement and level; best match first with --search."""
    if ctx.invoked_subcommand is not None:
        return
    from gluterx.data import load_library
    from gluterx.services.library import browse, exercise_json, exercise_view

    library = load_library()
    found = browse(
        library,
        query=search or "",
        plan=_plan(),
        pattern=pattern,
        owned=parse_equipment(equipment),
        max_level=max_level,
        muscle=muscle,
        vector=vector,
        category=category,
    )
    chosen = found.exercises
    if fmt is Format.JSON:
        print_json([exercise_json(exercise_view(e, library)) for e in chosen])
        return
    if not chosen:
        if found.query:
            console.print(
                f"No exercise is called anything like '{found.query}'. Check the spelling or try another name for it.",
                highlight=False,
            )
        else:
            console.print("No exercise matches those filters. Try fewer filters or a higher --max-level.")
        return
    title = f"GluteRx exercises ({len(chosen)} of {len(library)})"
    if found.query:
        title = f"Exercises matching '{escape(found.query)}' ({len(chosen)})"
    columns = [("id", Cell.ID), ("name", Cell.WORDS), ("level", Cell.ID), ("movement", Cell.WORDS),
               ("equipment", Cell.WORDS), ("glute work", Cell.WORDS)]  # fmt: skip
    rows = [
        [
            ex.id,
            f"{escape(ex.name)} [green](in your plan)[/]" if ex.id in found.in_plan else escape(ex.name),
            str(ex.level),
            ", ".join(p.value.replace("_", " ") for p in ex.patterns),
            ", ".join(sorted(e.value.replace("_", " ") for e in ex.equipment)) or "none",
            _activation_cell(library, ex),
        ]
        for ex in chosen
    ]
    print_table(title, columns, rows)
    console.print(
        "Glute work is for the gluteus maximus; (est.) = no checked figure for it on file, so our own estimate. "
        "`gluterx exercises show ID` for more."
    )


@exercises_app.command("show")
def show_exercise(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id, e.g. hip_thrust.")],
    fmt: FormatOption = Format.TABLE,
) -> None:
    """How to do one exercise, what to feel, its evidence, and what is easier or harder."""
    from gluterx.data import load_library
    from gluterx.services.library import exercise_json, exercise_view

    library = load_library()
    ex = library.by_name(exercise_id)
    if ex is None:
        close = library.closest_ids(exercise_id)
        fail(
            f"there is no exercise '{exercise_id}'.",
            hints=[f"Did you mean: {', '.join(close)}?" if close else "`gluterx exercises` lists every id."],
        )
    view = exercise_view(ex, library)
    mine = _my_history(ex.id)
    if fmt is Format.JSON:
        from gluterx.services.exercise_history import exercise_history_json

        print_json({**exercise_json(view), **({"history": exercise_history_json(mine)} if mine else {})})
        return
    _render_exercise(view)
    if mine is not None:
        _render_history(mine)


def _my_history(exercise_id: str) -> ExerciseHistory | None:
    """The local person's history with the exercise; None with nobody here or no database to read."""
    from gluterx.bootstrap import build
    from gluterx.services.exercise_history import exercise_history

    try:
        c = build()
    except Exception:  # the library reads without a database; the history is an extra
        return None
    me = local_person_or_none(c)
    return None if me is None else exercise_history(c.uow(), c.library, person_id=me, exercise_id=exercise_id)


def _render_history(mine: ExerciseHistory) -> None:
    console.print("[bold]Your history:[/]")
    if not mine.sessions:
        console.print("  You have not logged this one yet.")
        return
    last = f"{mine.last_done:%-d %B %Y}" if mine.last_done else "-"
    console.print(f"  Sessions: {mine.sessions} · last done {last}", highlight=False)
    if mine.best:
        on = f" ({mine.best_on:%-d %B %Y})" if mine.best_on else ""
        console.print(f"  Best set: {mine.best_words}{on}", highlight=False)
    if mine.e1rm:
        first, latest = mine.e1rm[0], mine.e1rm[-1]
        trend = f"{first.e1rm_kg:g} kg → {latest.e1rm_kg:g} kg" if len(mine.e1rm) > 1 else f"{latest.e1rm_kg:g} kg"
        console.print(f"  Estimated 1RM: {trend} over {len(mine.e1rm)} day(s)", highlight=False)
    for r in mine.records[-3:]:
        console.print(f"  • {r.milestone.day:%-d %B %Y}: {r.detail}", highlight=False)


def _render_exercise(view: ExerciseView) -> None:
    from gluterx.services.library import (
        EMG_MUSCLE_NAMES,
        FIGURE_USE_WORDS,
        MUSCLE_NAMES,
        describe_activation,
        reference,
    )

    ex = view.exercise
    head = Text.assemble(
        (ex.name, "bold"),
        f"  ({ex.id})\n",
        f"{ex.category.value} · level {ex.level} · {', '.join(p.value for p in ex.patterns)} · "
        f"{ex.force_vector.value} vector · {'one side at a time' if ex.unilateral else 'both sides'}\n",
        f"Equipment: {', '.join(sorted(e.value for e in ex.equipment)) or 'none'}",
    )
    console.print(Panel(head, expand=False))
    console.print(f"[bold]Why:[/] {ex.why}")
    console.print(f"[bold]How to:[/]\n{ex.how_to}")
    console.print(f"[bold]What to feel:[/] {ex.feel}")
    console.print("[bold]Cues:[/]")
    for cue in ex.cues:
        console.print(f"  • {cue}")
    console.print("[bold]If you feel it somewhere else:[/]")
    for fault, fix in ex.faults.items():
        console.print(f"  • {fault.value.replace('_', ' ')}: {fix}")
    console.print(
        "[bold]Muscles:[/] primary "
        + ", ".join(m.label for m in ex.primary_muscles)
        + ("; secondary " + ", ".join(m.label for m in ex.secondary_muscles) if ex.secondary_muscles else "")
    )
    console.print(
        f"[bold]Knee bend under load:[/] {ex.knee_flexion_load.value} · "
        f"[bold]load on the lower back:[/] {ex.spinal_load.value}"
    )
    hips = ", ".join(HIP_POSITION_WORDS[h] for h in sorted(ex.hip_positions)) or "none of the restricted ones"
    console.print(
        f"[bold]Position:[/] {ex.position.value.replace('_', ' ')} · [bold]hip positions:[/] {hips} · "
        f"[bold]balance demand:[/] {ex.balance_demand.value}{' · an isometric hold' if ex.isometric else ''}",
        highlight=False,
    )
    if ex.supported_option:
        console.print(f"[bold]With support:[/] {ex.supported_option}")
    console.print("[bold]Activation:[/]")
    for act in view.activation:
        console.print(f"  • {MUSCLE_NAMES[act.muscle_group]}: {describe_activation(act)}", highlight=False)
    if view.figures:
        console.print("[bold]Published EMG figures:[/]")
    for figure in view.figures:
        r = figure.record
        src = view.sources[r.source]
        checked = "checked" if r.verified else "[yellow]recalled, not yet checked[/]"
        why_not = f"; {FIGURE_USE_WORDS[figure.use]}" if figure.use is not FigureUse.USED and r.verified else ""
        console.print(
            f"  • {EMG_MUSCLE_NAMES.get(r.muscle.value, r.muscle.value)}: {r.display} ({r.condition}), "
            f"{reference(src).short} ({checked}{why_not})",
            highlight=False,
        )
    for f in view.findings:
        checked = "" if f.verified else ", [yellow]not yet checked[/]"
        cited = reference(view.sources[f.source]).short if f.source in view.sources else "source not on file"
        console.print(f"  • {f.statement} [dim]({cited}{checked})[/]", highlight=False)
    easier = ", ".join(f"{e.name} ({e.id})" for e in view.easier) or "none (a starting point)"
    harder = ", ".join(f"{e.name} ({e.id})" for e in view.harder) or "none (top of its chain)"
    console.print(f"[bold]Easier:[/] {easier}")
    console.print(f"[bold]Harder:[/] {harder}")
    if view.sideways:
        console.print(f"[bold]Same level, another way:[/] {', '.join(f'{e.name} ({e.id})' for e in view.sideways)}")
    console.print(f"[bold]Take care:[/] {ex.contraindication_notes}")


@evidence_app.callback(invoke_without_command=True)
def list_sources(
    ctx: typer.Context,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """The sources, whether each figure was checked, and which exercises and rules use each."""
    if ctx.invoked_subcommand is not None:
        return
    from gluterx.data import load_library
    from gluterx.services.library import evidence, source_json

    views = evidence(load_library())
    if fmt is Format.JSON:
        print_json([source_json(v) for v in views])
        return
    columns = [("id", Cell.ID), ("source", Cell.PROSE), ("checked", Cell.WORDS), ("used by", Cell.WORDS),
               ("figures and findings", Cell.WORDS)]  # fmt: skip
    rows = []
    for v in views:
        s = v.source
        citation = f"{s.authors} {s.year or ''}. {s.title}. {s.journal}".strip()
        used = ", ".join(v.exercises) or "-"
        items = ", ".join(i.id if i.verified else f"[yellow]{i.id} (not checked)[/]" for i in v.items) or "-"
        rows.append([s.id, escape(citation), "yes" if s.verified else "[yellow]recalled[/]", used, items])
    print_table(f"Evidence registry ({len(views)} sources)", columns, rows)
    console.print("A source marked checked can still hold a figure not yet checked against it; each is marked.")
