"""The clinician's caseload as CSV: one row per client, in the dashboard's order (who needs attention first)."""

from __future__ import annotations

import csv
import io

from gluterx.services.clinicians import Caseload

COLUMNS = (
    "client", "adherence_7_days_percent", "adherence_28_days_percent", "pain_trend", "latest_pain",
    "latest_pain_date", "open_alerts", "most_urgent_alert", "pain_change", "function_change", "last_session",
)  # fmt: skip


def _percent(value: float | None) -> str:
    return "" if value is None else str(round(value * 100))


def _cell(text: str) -> str:
    """A name starting with = + - @ would be a formula in a spreadsheet: quote it (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def caseload_csv(caseload: Caseload) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in caseload.rows:
        top = row.top_level
        writer.writerow([
            _cell(row.name), _percent(row.adherence_7), _percent(row.adherence_28), row.pain_trend.value,
            "" if row.latest_pain is None else row.latest_pain,
            row.latest_pain_date.isoformat() if row.latest_pain_date else "", len(row.open_alerts),
            top.value if top else "", row.pain_verdict.value if row.pain_verdict else "",
            row.function_verdict.value if row.function_verdict else "",
            row.last_session.isoformat() if row.last_session else "",
        ])  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode()
