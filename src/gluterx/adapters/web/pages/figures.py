"""The demonstration figures as SVG images (services/figures), and the <img> that shows one on a page.

They are the same for everyone and change only with the library, so they are public and cached by the browser.
An <img> keeps pages light (a list of exercises loads each figure lazily, once) and the SVG's own CSS still honours
`prefers-reduced-motion`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request, status
from fastapi.responses import Response
from jinja2 import pass_context

from gluterx.domain.exercise import Fault
from gluterx.services.figures import Demonstration, demonstration, fault_demonstrations

from ..deps import ContainerDep
from ..templating import templates
from . import router

CACHE = "public, max-age=86400"
_FAULTS = {f.value: f for f in Fault}
WIDTH = 240


def _demo(container: Any, exercise_id: str) -> Demonstration:
    shown = demonstration(container.figures, container.library, exercise_id, width=WIDTH)
    if shown is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no exercise with that name in the library.")
    return shown


@router.get("/figures/{exercise_id}.svg")
def figure_svg(container: ContainerDep, exercise_id: str) -> Response:
    """The exercise moving (the still start/end pair for anyone who asks for reduced motion)."""
    return Response(
        _demo(container, exercise_id).animated, media_type="image/svg+xml", headers={"Cache-Control": CACHE}
    )


@router.get("/figures/still/{exercise_id}.svg")
def still_svg(container: ContainerDep, exercise_id: str) -> Response:
    """The start (faint) and end (solid) positions only: thumbnails and print."""
    return Response(_demo(container, exercise_id).still, media_type="image/svg+xml", headers={"Cache-Control": CACHE})


@router.get("/figures/faults/{exercise_id}/{fault}/{which}.svg")
def fault_svg(container: ContainerDep, exercise_id: str, fault: str, which: str) -> Response:
    """One drawing of a "this, not this" pair as an image (`which`: this | not-this): the workout player shows them
    lazily, inside a closed <details>, so they cost nothing until opened. Still drawings: reduced motion is kept."""
    pairs = fault_demonstrations(container.figures, container.library, exercise_id)
    pair = pairs.get(_FAULTS[fault]) if fault in _FAULTS else None
    if pair is None or which not in ("this", "not-this"):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="That exercise draws no such fault.")
    svg = pair.this if which == "this" else pair.not_this
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": CACHE})


@dataclass(frozen=True, slots=True)
class FigureImage:
    """What the `figure_img` macro (_macros.html) needs to show one figure as an <img>."""

    src: str
    still_src: str
    alt: str
    ratio: float  # height over width


@pass_context
def figure_of(context: Any, exercise_id: str) -> FigureImage | None:
    """The exercise's figure for a template; None for an exercise without one (an imported one)."""
    request: Request = context["request"]
    container = request.app.state.container
    shown = demonstration(container.figures, container.library, exercise_id, width=WIDTH)
    if shown is None:
        return None
    return FigureImage(
        f"/figures/{exercise_id}.svg", f"/figures/still/{exercise_id}.svg", shown.alt, shown.height / shown.width
    )


templates.env.globals["figure_of"] = figure_of
