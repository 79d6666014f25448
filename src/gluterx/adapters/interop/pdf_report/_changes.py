"""The plan's changes: what the person or their clinician changed in the programme, when, by whom and why (the audit
trail services/plan_changes keeps), so a clinician reading the report sees the programme as it is followed."""

from __future__ import annotations

from ._base import ReportBase
from ._style import WIDTH

__all__ = ["ChangeSections"]

TITLE = "Changes to the plan"
MAX_ROWS = 40  # the newest; the app's "Changes to your plan" page lists them all


class ChangeSections(ReportBase):
    def plan_changes(self) -> None:
        changes = self.changes
        if not changes:
            return
        self.heading(TITLE)
        self.para(
            "Exercises swapped, skipped, moved, noted or held by the person or their clinician, newest first; an "
            "undone change is marked so.",
            size=9,
        )
        rows = [
            [
                c.created_at.date().isoformat(),
                c.words + (" (undone)" if c.undone else ""),  # a note's words quote it already
                "the person" if c.by_you else (c.author_name or "their clinician"),
                c.reason or "-",
            ]
            for c in changes[:MAX_ROWS]
        ]
        self.table(["Date", "Change", "By", "Why"], rows, [22, WIDTH - 22 - 34 - 50, 34, 50])
        if len(changes) > MAX_ROWS:
            self.para(f"... and {len(changes) - MAX_ROWS} earlier changes.", size=9)
