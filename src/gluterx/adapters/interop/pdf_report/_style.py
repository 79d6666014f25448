"""The report's look: colours, sizes, limits and the section titles."""

from __future__ import annotations

from gluterx.domain.analysis import Region

__all__ = [
    "AXIS",
    "BLUE",
    "CHART_H",
    "DARK_GREEN",
    "GREEN",
    "GRID",
    "INK",
    "LONG_SPAN_DAYS",
    "MAX_BARS",
    "MAX_STRENGTH_LINES",
    "MAX_STRENGTH_ROWS",
    "MAX_UNKNOWN_NAMES",
    "MUTED",
    "NO_DATA",
    "ORANGE",
    "PALE",
    "RED",
    "REGION_COLOURS",
    "RGB",
    "SECTIONS",
    "SERIES",
    "VOLUME_ROWS",
    "WIDTH",
]

NO_DATA = "No data yet."
SECTIONS = (
    "Person",
    "Goals and pain",
    "Screening",
    "Programme",
    "Adherence",
    "Pain trend",
    "Strength",
    "Volume per glute region",
    "Hip vs knee balance",
    "Training load",
    "Alerts",
    "Sources",
)

RGB = tuple[int, int, int]
INK: RGB = (31, 41, 55)
MUTED: RGB = (107, 114, 128)
GRID: RGB = (229, 231, 235)
AXIS: RGB = (156, 163, 175)
BLUE: RGB = (37, 99, 235)
GREEN: RGB = (22, 163, 74)
DARK_GREEN: RGB = (20, 83, 45)
ORANGE: RGB = (234, 88, 12)
RED: RGB = (220, 38, 38)
PALE: RGB = (243, 244, 246)
SERIES: tuple[RGB, ...] = (BLUE, ORANGE, GREEN, (147, 51, 234))
REGION_COLOURS: dict[Region, RGB] = {
    Region.GMAX_UPPER: BLUE,
    Region.GMAX_LOWER: (96, 165, 250),
    Region.GMED_GMIN: GREEN,
}

WIDTH = 180.0  # A4 less 15 mm margins
CHART_H = 44.0
MAX_BARS = 16
MAX_STRENGTH_LINES = 4
MAX_STRENGTH_ROWS = 12
MAX_UNKNOWN_NAMES = 12
VOLUME_ROWS = 8
LONG_SPAN_DAYS = 300  # past this, date labels name the month and year
