"""Progress: pain, sessions done, hip/knee balance, weekly volume, estimated strength, training load and energy, as
small SVG charts with tables behind them; and the downloads (clinician report, calendar, all sets)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import HTTPException, Query, Request, status
from fastapi.responses import Response
from markupsafe import Markup

from gluterx.adapters.dates import day_month
from gluterx.domain.analysis import (
    RECENT_WEEKS,
    BalanceReport,
    EnergyReport,
    ExerciseStrength,
    LoadReport,
    PainTrend,
    Region,
    StrengthReport,
    VolumeReport,
    week_start,
)
from gluterx.domain.dose import weight_words
from gluterx.domain.exercise import Library
from gluterx.domain.units import MassUnit, from_kg
from gluterx.services.exercise_history import milestones_for
from gluterx.services.exports import NothingToExport
from gluterx.services.importing import guess_pattern
from gluterx.services.outcomes import OutcomeHistory, outcome_history
from gluterx.services.progress import ProgressReport, progress_report

from ..deps import ContainerDep, PageUser
from ..files import NOTHING_YET, download
from ..templating import templates
from . import router
from ._charts import Bars, Series, bar_chart, day_labels, legend, line_chart, pain_chart, sessions_chart, stacked_chart
from ._common import parse_day, render
from .imports import VERDICTS, exercise_links  # also registers the /import pages

MAX_WEEKS = RECENT_WEEKS  # weekly charts and tables show the latest half-year; the CSV export has everything
MAX_SESSIONS = 20
MAX_STRENGTH_CHARTS = 4
REGIONS = {
    "gmax_upper": ("Upper gluteus maximus", "c1"),
    "gmax_lower": ("Lower gluteus maximus", "c3"),
    "gmed_gmin": ("Gluteus medius and minimus", "c5"),
}
# Contreras' force vectors (evidence.md §8) in plain words, with examples from the library.
VECTORS = {
    "anteroposterior": ("Front-to-back (hip thrusts, bridges)", "c1", "Front-to-back"),
    "axial": ("Up-and-down (squats, deadlifts, step-ups)", "c2", "Up-and-down"),
    "posteroanterior": ("Kickbacks (on all fours, lying, cable)", "c4", "Kickbacks"),
    "lateromedial": ("Sideways (abduction, band walks)", "c3", "Sideways"),
    "torsional": ("Rotation (clamshells, hydrants)", "c5", "Rotation"),
    "none": ("No load (stretches, walking)", "c7", "No load"),
    "unknown": ("Not known (names we could not place)", "c8", "Not known"),
}
BALANCE = {
    "hip_extension": ("Hip extension (thrusts, bridges, hinges)", "c1"),
    "abduction": ("Side of the hip (abduction, rotation)", "c3"),
    "knee": ("Knee-dominant (squats, lunges, leg press)", "c2"),
}
# A week's verdict in a table column on a phone.
SHORT_VERDICTS = {
    "quad_dominant": "Quad-heavy",
    "knee_leaning": "Knee-lean",
    "balanced": "Balanced",
    "hip_dominant": "Hip-heavy",
    "not_enough_data": "–",
}


templates.env.filters["day_month"] = day_month


def _dom_id(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _pain(pain: PainTrend) -> Markup | None:
    if not pain.days:
        return None
    days = [d.day for d in pain.days]
    means = [d.rolling_mean for d in pain.days]
    return pain_chart(days, [d.pain for d in pain.days], means=means, baseline=pain.baseline)


def _sessions(report: ProgressReport) -> dict[str, Any]:
    """The weeks of the programme (the latest MAX_WEEKS of them): planned, done of those and extra, the same counts
    the Sessions sentence adds up."""
    weeks = list(report.adherence.weeks)
    if report.program is not None:
        start = week_start(report.program.start)
        weeks = [w for w in weeks if w.week_start >= start] or weeks
    weeks = weeks[-MAX_WEEKS:]
    if not weeks:
        return {"weeks": [], "svg": None}
    labels = day_labels([w.week_start for w in weeks])
    bars = Bars(labels, [w.done + w.extra for w in weeks], [w.planned for w in weeks])
    return {"weeks": weeks, "svg": sessions_chart(bars)}


def _balance(b: BalanceReport) -> dict[str, Any]:
    weeks = b.weeks[-MAX_WEEKS:]
    if not weeks:
        return {"weeks": [], "svg": None, "legend": None}
    counts = {
        "hip_extension": [w.hip_sets - w.abduction_rotation_sets for w in weeks],
        "abduction": [w.abduction_rotation_sets for w in weeks],
        "knee": [w.knee_sets for w in weeks],
    }
    series = [Series(label, css, counts[key]) for key, (label, css) in BALANCE.items()]
    desc = "; ".join(
        f"week of {w.week_start}: {_pct(w.hip_share)} hip-dominant, {_pct(w.knee_share)} knee-dominant" for w in weeks
    )
    svg = stacked_chart(
        "balance-chart",
        "Share of hip- and knee-dominant lower-body sets each week",
        desc,
        day_labels([w.week_start for w in weeks]),
        series,
        percent=True,
        reference=50.0,
    )
    return {"weeks": weeks, "svg": svg, "legend": legend(series, extra=[("ref", "An even split")])}


def _volume(v: VolumeReport) -> dict[str, Any]:
    weeks = v.weeks[-MAX_WEEKS:]
    if not weeks:
        return {"weeks": [], "regions_svg": None, "vectors_svg": None, "vectors": []}
    days = [w.week_start for w in weeks]
    regions = [
        Series(label, css, [w.regions.get(Region(key), 0.0) for w in weeks]) for key, (label, css) in REGIONS.items()
    ]
    region_desc = "; ".join(
        f"week of {w.week_start}: " + ", ".join(f"{REGIONS[k][0]} {v:g}" for k, v in w.regions.items()) for w in weeks
    )
    present = [key for key in VECTORS if any(w.vectors.get(key) for w in weeks)]
    vectors = [Series(VECTORS[key][0], VECTORS[key][1], [w.vectors.get(key, 0) for w in weeks]) for key in present]
    vector_desc = "; ".join(
        f"week of {w.week_start}: "
        + ", ".join(f"{VECTORS[key][0]} {w.vectors[key]}" for key in present if key in w.vectors)
        for w in weeks
    )
    return {
        "weeks": weeks,
        "regions_svg": line_chart("regions-chart", "Hard sets each week per glute region", region_desc, days, regions),
        "regions_legend": legend(regions),
        "vectors_svg": stacked_chart(
            "vectors-chart", "Hard sets each week by force vector", vector_desc, day_labels(days), vectors
        ),
        "vectors_legend": legend(vectors),
        "vectors": [{"key": key, "label": VECTORS[key][2]} for key in present],
    }


def _lower_body(exercise: ExerciseStrength, library: Library) -> bool:
    """A library exercise, or an imported one whose name says it is a hip or knee movement."""
    return exercise.exercise_id in library or guess_pattern(exercise.name) != "unknown"


def _strength(s: StrengthReport, library: Library, unit: MassUnit = MassUnit.KG) -> dict[str, Any]:
    """Charts for the most-logged loaded hip and knee exercises (others only when there are none); the rest listed.
    Weights in the person's `unit`."""
    lower = [e for e in s.exercises if _lower_body(e, library)]
    charted = (lower or list(s.exercises[:2]))[:MAX_STRENGTH_CHARTS]
    shown = {e.exercise_id for e in charted}
    out = []
    for ex in charted:
        weeks = ex.weekly_best
        series = [Series("Estimated 1RM", "c1", [round(from_kg(w.e1rm_kg, unit), 1) for w in weeks])]
        chart_id = "e1rm-" + _dom_id(ex.exercise_id)
        title = f"{ex.name}: estimated 1RM ({unit}), best each week"
        desc = "; ".join(f"week of {w.week_start}: {weight_words(w.e1rm_kg, unit, places=1)}" for w in weeks)
        svg = line_chart(chart_id, title, desc, [w.week_start for w in weeks], series)
        out.append({"ex": ex, "chart_id": chart_id, "svg": svg, "table": weeks[-12:]})
    lower_ids = {e.exercise_id for e in lower}
    others = [e for e in lower if e.exercise_id not in shown]
    others += [e for e in s.exercises if e.exercise_id not in lower_ids | shown]
    return {"charts": out, "others": others}


def _load(r: LoadReport) -> dict[str, Any]:
    weeks = r.weeks[-MAX_WEEKS:]
    if not weeks:
        return {"weeks": [], "svg": None}
    desc = "; ".join(f"week of {w.week_start}: {w.load:g}{' (a jump)' if w.spike else ''}" for w in weeks)
    svg = bar_chart(
        "load-chart",
        "Training load each week (session effort × minutes)",
        desc,
        day_labels([w.week_start for w in weeks]),
        [w.load for w in weeks],
        flagged=[i for i, w in enumerate(weeks) if w.spike],
    )
    return {"weeks": weeks, "svg": svg}


def _energy(r: EnergyReport) -> dict[str, Any]:
    sessions = [s for s in r.sessions if s.kcal is not None][-MAX_SESSIONS:]
    if r.total_kcal is None or not sessions:
        return {"sessions": [], "svg": None}
    desc = "; ".join(f"{s.day}: about {s.kcal:.0f} kcal" for s in sessions)
    svg = bar_chart(
        "energy-chart",
        "Estimated energy per session (kcal)",
        desc,
        day_labels([s.day for s in sessions]),
        [s.kcal or 0.0 for s in sessions],
    )
    return {"sessions": sessions, "svg": svg}


def _outcomes(history: OutcomeHistory, library: Library) -> dict[str, Any]:
    """The outcome measures' chart (pain and the PSFS mean, both 0-10) and each change's sources as citations."""
    answers = history.answers
    sources = library.registry.sources
    cited = {
        key: [f"{sources[s].authors} {sources[s].year or ''}".strip() for s in change.sources if s in sources]
        for key, change in (("pain", history.pain), ("psfs", history.psfs), ("groc", history.groc))
        if change is not None
    }
    if not answers:
        return {"svg": None, "legend": None, "cited": cited}
    series = [
        Series("Pain now (0–10, lower is better)", "c2", [a.pain for a in answers]),
        Series("Your activities, PSFS mean (0–10, higher is better)", "c1", [round(a.psfs, 1) for a in answers]),
    ]
    desc = "; ".join(f"{a.date}: pain {a.pain}, activities {a.psfs:.1f}" for a in answers)
    svg = line_chart(
        "outcomes-chart", "Pain and everyday activities at each check", desc, [a.date for a in answers], series, top=10
    )
    return {"svg": svg, "legend": legend(series), "cited": cited}


@router.get("/progress")
def progress_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    day: Annotated[str | None, Query(alias="date")] = None,
) -> Response:
    today, date_error = parse_day(day, default=date.today())
    report = progress_report(container.uow(), container.library, today=today, person_id=user.person_id)
    outcomes = outcome_history(container.uow(), person_id=user.person_id, today=today)
    context = {
        "outcomes": outcomes,
        "outcomes_chart": _outcomes(outcomes, container.library),
        "report": report,
        "pain_svg": _pain(report.pain),
        "pain_legend": legend([], extra=[("c1", "Each morning"), ("mean", "7-day mean"), ("ref", "At the start")]),
        "sessions": _sessions(report),
        "balance": _balance(report.balance),
        "add": exercise_links(list(report.balance.add), container.library),
        "volume": _volume(report.volume),
        "strength": _strength(report.strength, container.library, report.unit),
        "unit": report.unit,
        "load": _load(report.load),
        "energy": _energy(report.energy),
        "regions": REGIONS,
        "verdicts": VERDICTS,
        "short_verdicts": SHORT_VERDICTS,
        "max_weeks": MAX_WEEKS,
        "date_error": date_error,
        "milestones": milestones_for(container.uow(), container.library, person_id=user.person_id),
    }
    return render(request, "progress.html", context, user=user, active="progress")


# ------------------------------------------------------------------------------------------------ downloads


def _download(kind: str, container: ContainerDep, user: PageUser) -> Response:
    try:
        return download(kind, container, user.person_id)
    except NothingToExport as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOTHING_YET[exc.what]) from exc


@router.get("/progress/report.pdf")
def report_download(container: ContainerDep, user: PageUser) -> Response:
    return _download("pdf", container, user)


@router.get("/progress/calendar.ics")
def calendar_download(container: ContainerDep, user: PageUser) -> Response:
    return _download("ics", container, user)


@router.get("/progress/sets.csv")
def sets_download(container: ContainerDep, user: PageUser) -> Response:
    return _download("csv", container, user)
