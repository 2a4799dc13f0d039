"""The overview's chart, drawn by Restock as SVG: per day, subscriptions created and emails
sent as a pair of bars. Geometry only; the template draws it."""

from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 720, 220
LEFT, BOTTOM, TOP = 40, 24, 12
SERIES = (("subscriptions", "Subscriptions created"), ("sent", "Emails sent"))


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: str
    label: str  # shown as the bar's tooltip: the day, the series and the figure


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    first_day: str
    last_day: str
    legend: tuple[tuple[str, str], ...] = SERIES


def _nice_top(value: int) -> int:
    """The smallest of 1, 2 or 5 times a power of ten at or above the value: round labels."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def daily_chart(days: list[dict[str, Any]]) -> Chart:
    plot_width = WIDTH - LEFT - 8
    plot_height = HEIGHT - BOTTOM - TOP
    baseline = TOP + plot_height
    top = _nice_top(max([d[name] for d in days for name, _ in SERIES] or [0]))
    slot = plot_width / max(len(days), 1)
    bar_width = slot * 0.8 / len(SERIES)
    bars = []
    for index, day in enumerate(days):
        for offset, (name, title) in enumerate(SERIES):
            height = plot_height * day[name] / top
            bars.append(
                Bar(
                    x=round(LEFT + index * slot + slot * 0.1 + offset * bar_width, 1),
                    y=round(baseline - height, 1),
                    width=round(bar_width, 1),
                    height=round(height, 1),
                    series=name,
                    label=f"{day['date']}: {title.lower()} {day[name]}",
                )
            )
    marks = sorted({0, top // 2, top})
    ticks = [Tick(round(baseline - plot_height * v / top, 1), v) for v in marks]
    first = days[0]["date"] if days else ""
    last = days[-1]["date"] if days else ""
    return Chart(WIDTH, HEIGHT, LEFT, baseline, bars, ticks, first, last)
