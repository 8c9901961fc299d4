"""Server-drawn SVG charts for the dashboard: no script, no library, CSP-safe (only
presentation attributes, never style attributes)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from widget.dashboard import Week

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 180, 36, 22, 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    line: str  # SVG polyline points, "" when there is nothing to draw
    dots: list[tuple[float, float, str]]  # x, y, label: each point of the line
    ticks: list[tuple[float, str]]  # y position, label
    months: list[tuple[float, str]]  # x position, label


def weekly(weeks: list[Week]) -> tuple[Chart, Chart]:
    """Two charts over the same weeks: reviews per week, and their average."""
    plot_w = WIDTH - LEFT - 4
    plot_h = HEIGHT - BOTTOM - TOP
    step = plot_w / max(len(weeks), 1)
    top = max([week.count for week in weeks] + [1])
    bars = []
    for n, week in enumerate(weeks):
        height = plot_h * week.count / top
        bars.append(
            Bar(
                x=round(LEFT + n * step + 1, 1),
                y=round(TOP + plot_h - height, 1),
                width=round(max(step - 2, 1), 1),
                height=round(height, 1),
                label=_(
                    "Week of %(date)s: %(num)s",
                    date=week.start.isoformat(),
                    num=week.count,
                ),
            )
        )
    months: list[tuple[float, str]] = []
    seen = None
    for n, week in enumerate(weeks):
        x = round(LEFT + n * step, 1)
        if week.start.month != seen:
            seen = week.start.month
            if months and x - months[-1][0] < 28:
                months.pop()  # a month only just begun: its neighbour's label wins
            months.append((x, format_date(week.start, "MMM")))
    count_ticks = [
        (round(TOP + plot_h - plot_h * value / top, 1), str(value))
        for value in sorted({0, top // 2, top})
    ]
    dots = [
        (
            round(LEFT + n * step + step / 2, 1),
            round(TOP + plot_h - plot_h * (week.average - 1) / 4, 1),
            _(
                "Week of %(date)s: %(num)s",
                date=week.start.isoformat(),
                num=format_decimal(week.average, format="0.00"),
            ),
        )
        for n, week in enumerate(weeks)
        if week.average is not None
    ]
    points = [f"{x},{y}" for x, y, _ in dots]
    star_ticks = [
        (round(TOP + plot_h - plot_h * (value - 1) / 4, 1), f"{value}★")
        for value in (1, 3, 5)
    ]
    counts = Chart(WIDTH, HEIGHT, bars, "", [], count_ticks, months)
    averages = Chart(WIDTH, HEIGHT, [], " ".join(points), dots, star_ticks, months)
    return counts, averages
