"""`gluterx exercises` and `gluterx evidence`: browse the library and the evidence behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Category, Equipment, Exercise, FigureUse, ForceVector, HipPosition, Library, Pattern

from ._common import Cell, Format, console, fail, print_json, print_table

if TYPE_CHECKING:
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
    """Owned equipment from CLI values; None when the flag was not given."""
    if values is None:
        return None
    owned: set[Equipment] = set()
    allowed = ", ".join(e.value for e in Equipment)
    for value in values:
        for item in filter(None, (v.strip() for v in value.split(","))):
            if item == "none":
                continue
            try:
                owned.add(Equipment(item))
            except ValueError:
                fail(f"--equipment: '{item}' is not an equipment id.", hints=[f"Use any of: none, {allowed}."])
    return frozenset(owned)


def _activation_cell(library: Library, ex: Exercise) -> str:
    act = library.activation(ex.id)
    mark = "" if act.published else " (est.)"
    return f"{act.band.value.replace('_', ' ')}{mark}"


@exercises_app.callback(invoke_without_command=True)
def list_exercises(
    ctx: typer.Context,
    pattern: Annotated[Pattern | None, typer.Option(help="Movement pattern.")] = None,
    equipment: Annotated[list[str] | None, typer.Option(help=EQUIPMENT_HELP)] = None,
    max_level: Annotated[int | None, typer.Option(min=1, max=5, help="Hardest level to show (1-5).")] = None,
    muscle: Annotated[Muscle | None, typer.Option(help="A muscle it works (primary or secondary).")] = None,
    vector: Annotated[ForceVector | None, typer.Option(help="Force vector (Contreras).")] = None,
    category: Annotated[Category | None, typer.Option(help="Category.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.TABLE,
) -> None:
    """List exercises, easiest first within each pattern."""
    if ctx.invoked_subcommand is not None:
        return
    from gluterx.data import load_library
    from gluterx.services.library import exercise_json, exercise_view

    library = load_library()
    chosen = library.filter(
        pattern=pattern,
        owned=parse_equipment(equipment),
        max_level=max_level,
        muscle=muscle,
        vector=vector,
        category=category,
    )
    chosen.sort(key=lambda e: (e.patterns[0].value, e.level, e.id))
    if fmt is Format.JSON:
        print_json([exercise_json(exercise_view(e, library)) for e in chosen])
        return
    if not chosen:
        console.print("No exercise matches those filters. Try fewer filters or a higher --max-level.")
        return
    columns = [("id", Cell.ID), ("name", Cell.WORDS), ("level", Cell.ID), ("patterns", Cell.WORDS),
               ("vector", Cell.WORDS), ("equipment", Cell.WORDS), ("glute activation", Cell.WORDS)]  # fmt: skip
    rows = [
        [
            ex.id,
            escape(ex.name),
            str(ex.level),
            ", ".join(p.value for p in ex.patterns),
            ex.force_vector.value,
            ", ".join(sorted(e.value for e in ex.equipment)) or "none",
            _activation_cell(library, ex),
        ]
        for ex in chosen
    ]
    print_table(f"GluteRx exercises ({len(chosen)} of {len(library)})", columns, rows)
    console.print(
        "Glute activation is for the gluteus maximus; (est.) = no checked figure for it on file, so our own estimate. "
        "`gluterx exercises show ID` for more."
    )


@exercises_app.command("show")
def show_exercise(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id, e.g. hip_thrust.")],
    fmt: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.TABLE,
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
    if fmt is Format.JSON:
        print_json(exercise_json(view))
        return
    _render_exercise(view)


def _render_exercise(view: ExerciseView) -> None:
    from gluterx.services.library import FIGURE_USE_WORDS, MUSCLE_NAMES, describe_activation

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
            f"  • {r.muscle.value}: {r.display} ({r.condition}), {src.authors} {src.year or ''} ({checked}{why_not})",
            highlight=False,
        )
    for f in view.findings:
        checked = "" if f.verified else ", [yellow]not yet checked[/]"
        console.print(f"  • {f.statement} [dim]({f.source}{checked})[/]", highlight=False)
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
    fmt: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.TABLE,
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
