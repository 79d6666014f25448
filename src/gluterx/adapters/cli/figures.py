"""`gluterx exercises gallery`: every demonstration figure on one HTML page, checked first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import console, fail


def gallery(
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the HTML page.")] = Path("gallery.html"),
) -> None:
    """Check every exercise's figure (contacts, segment lengths, joint ranges, the movement its patterns name) and
    write them all to one HTML contact sheet to look at."""
    from gluterx.adapters.interop.gallery import gallery_html
    from gluterx.data import LibraryError, check_figures, load_library
    from gluterx.services.figures import demonstration, fault_demonstrations

    try:
        figures = check_figures()
    except LibraryError as exc:
        fail(f"{len(exc.problems)} problem(s) in the figures", hints=exc.problems[:40])
    library = load_library()
    shown = []
    faults = {}
    for ex in sorted(library, key=lambda e: (e.category.value, e.name)):
        demo = demonstration(figures, library, ex.id)
        if demo is not None:
            shown.append((ex.name, demo))
            faults[ex.id] = list(fault_demonstrations(figures, library, ex.id).values())
    try:
        out.write_text(gallery_html(shown, faults=faults), encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}", hints=["--out: give a path in a folder you can write to"])
    console.print(f"{len(shown)} figures checked and written to [bold]{out}[/]")
