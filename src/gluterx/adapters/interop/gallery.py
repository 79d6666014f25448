"""The demonstration figures as one HTML contact sheet, for reviewing that each reads as its exercise."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from gluterx.services.figures import Demonstration, FaultDemonstration

_STYLE = (
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#24313f}h1{font-size:20px}"
    ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:14px}"
    "figure{margin:0;border:1px solid #dde3ea;border-radius:8px;padding:8px;background:#fff}"
    "figcaption{font-size:12px;color:#56657a}figcaption b{display:block;color:#24313f;font-size:14px}"
    ".still{opacity:.9}"
    ".pair{display:flex;gap:6px;margin-top:6px;border-top:1px solid #dde3ea;padding-top:6px}"
    ".pair div{flex:1}.pair svg{width:100%;height:auto}.pair small{display:block;font-size:11px;color:#56657a}"
)


def gallery_html(
    shown: Iterable[tuple[str, Demonstration]],
    *,
    title: str = "GluteRx exercise figures",
    faults: Mapping[str, Iterable[FaultDemonstration]] | None = None,
) -> str:
    """Each figure moving, with its still start/end pair and its text alternative beside its name, and beneath it
    each "this, not this" pair its exercise has (`faults`, by exercise id)."""
    cells = []
    for name, demo in shown:
        pairs = "".join(
            f'<div class="pair" id="{escape(demo.exercise_id)}-{escape(f.fault.value)}">'
            f"<div>{f.this}<small>This: {escape(f.this_label)}</small></div>"
            f"<div>{f.not_this}<small>Not this: {escape(f.not_this_label)}</small></div></div>"
            for f in (faults or {}).get(demo.exercise_id, ())
        )
        cells.append(
            f'<figure id="{escape(demo.exercise_id)}">{demo.animated}<div class="still">{demo.still}</div>'
            f"<figcaption><b>{escape(name)}</b><code>{escape(demo.exercise_id)}</code> · {escape(demo.alt)}"
            f"</figcaption>{pairs}</figure>"
        )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>"
        f"<p>{len(cells)} figures. Each moves at its exercise's pace; beneath it, the start (faint) and end (solid)."
        f'</p><div class="grid">{"".join(cells)}</div></body></html>'
    )
