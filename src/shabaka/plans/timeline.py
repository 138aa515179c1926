"""A Gantt-like timeline of a plan's activities as SVG geometry computed on the server.

Coordinates are in a fixed viewBox; in a right-to-left language every x is mirrored so time
runs from right to left, as an Arabic reader expects."""

from dataclasses import dataclass, field
from datetime import date

WIDTH = 1000
LABEL_WIDTH = 320
CHART_START = LABEL_WIDTH + 10
CHART_WIDTH = WIDTH - CHART_START - 10
ROW_HEIGHT = 28
HEADER_HEIGHT = 30


@dataclass
class Bar:
    x: float
    width: float


@dataclass
class Row:
    activity: object
    y: float
    label_x: float
    planned: Bar
    actual: Bar | None
    text_y: float = 0


@dataclass
class Timeline:
    height: float
    rtl: bool
    rows: list[Row] = field(default_factory=list)
    ticks: list[dict] = field(default_factory=list)
    today_x: float | None = None
    label_anchor: str = "start"


def _days(d: date) -> int:
    return d.toordinal()


def build(*, activities, start: date, end: date, rtl: bool, today: date) -> Timeline:
    first = min([start, *[a.planned_start for a in activities]])
    last = max([end, *[a.planned_end for a in activities]])
    last = max(last, first)
    span = max(_days(last) - _days(first) + 1, 1)

    def x_of(d: date) -> float:
        return CHART_START + (_days(d) - _days(first)) / span * CHART_WIDTH

    def bar(a: date, b: date) -> Bar:
        x1, x2 = x_of(a), x_of(b) + CHART_WIDTH / span
        x = WIDTH - x2 if rtl else x1
        return Bar(round(x, 1), round(max(x2 - x1, 2), 1))

    def point(x: float) -> float:
        return round(WIDTH - x if rtl else x, 1)

    timeline = Timeline(height=HEADER_HEIGHT + ROW_HEIGHT * len(activities) + 10, rtl=rtl)
    # In SVG, text-anchor "start" follows the text direction: the right edge in RTL.
    timeline.label_anchor = "start"
    label_x = WIDTH - 5 if rtl else 5
    for year in range(first.year, last.year + 2):
        tick = date(year, 1, 1)
        if first <= tick <= last:
            timeline.ticks.append({"x": point(x_of(tick)), "label": str(year)})
    if first <= today <= last:
        timeline.today_x = point(x_of(today))
    for index, activity in enumerate(activities):
        y = HEADER_HEIGHT + index * ROW_HEIGHT
        actual = None
        if activity.actual_start:
            actual_end = activity.actual_end or min(today, last)
            if actual_end >= activity.actual_start:
                actual = bar(max(activity.actual_start, first), min(actual_end, last))
        timeline.rows.append(
            Row(
                activity=activity,
                y=y,
                label_x=label_x,
                planned=bar(activity.planned_start, activity.planned_end),
                actual=actual,
                text_y=y + 17,
            )
        )
    return timeline
