"""The demonstration figures as one HTML contact sheet, for reviewing that each reads as its exercise."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from gluterx.services.figures import Demonstration

_STYLE = (
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#24313f}h1{font-size:20px}"
    ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:14px}"
    "figure{margin:0;border:1px solid #dde3ea;border-radius:8px;padding:8px;background:#fff}"
    "figcaption{font-size:12px;color:#56657a}figcaption b{display:block;color:#24313f;font-size:14px}"
    ".still{opacity:.9}"
)


def gallery_html(shown: Iterable[tuple[str, Demonstration]], *, title: str = "GluteRx exercise figures") -> str:
    """Each figure moving, with its still start/end pair and its text alternative beside its name."""
    cells = []
    for name, demo in shown:
        cells.append(
            f'<figure id="{escape(demo.exercise_id)}">{demo.animated}<div class="still">{demo.still}</div>'
            f"<figcaption><b>{escape(name)}</b><code>{escape(demo.exercise_id)}</code> · {escape(demo.alt)}"
            "</figcaption></figure>"
        )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>"
        f"<p>{len(cells)} figures. Each moves at its exercise's pace; beneath it, the start (faint) and end (solid)."
        f'</p><div class="grid">{"".join(cells)}</div></body></html>'
    )
