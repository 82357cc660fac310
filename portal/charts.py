"""Server-side SVG charts: geometry computed here, drawn by
``portal/_chart.html`` with presentation attributes and CSS classes only
(the Content-Security-Policy forbids inline styles and scripts)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from accounts.showcase import Figure

WIDTH = 420
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 130
VALUE_WIDTH = 50
COLUMNS_HEIGHT = 240
AXIS_BOTTOM = 28
TOP_MARGIN = 24
LABEL_CHARS = 17


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True


@dataclass(frozen=True)
class Chart:
    figure: Figure
    width: int
    height: int
    bars: list[Bar]
    baseline_y: float
    kind: str

    @property
    def is_empty(self) -> bool:
        return not self.bars


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _scale_max(values: list[int]) -> int:
    """A round maximum a little above the highest value."""
    top = max(values, default=0)
    if top <= 0:
        return 1
    magnitude = 10 ** int(math.log10(top))
    return int(math.ceil(top / magnitude) * magnitude)


def chart_for(figure: Figure) -> Chart:
    values = [value for _label, value in figure.rows]
    top = _scale_max(values)
    if figure.kind == "columns":
        return _columns(figure, top)
    return _bars(figure, top)


def _bars(figure: Figure, top: int) -> Chart:
    usable = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, value) in enumerate(figure.rows):
        y = TOP_MARGIN / 2 + index * (BAR_HEIGHT + BAR_GAP)
        width = max(usable * value / top, 2 if value else 0)
        bars.append(
            Bar(
                x=LABEL_WIDTH,
                y=y,
                width=round(width, 1),
                height=BAR_HEIGHT,
                label=_short(label),
                value=value,
                label_x=LABEL_WIDTH - 8,
                label_y=y + BAR_HEIGHT * 0.7,
                value_x=round(LABEL_WIDTH + width + 6, 1),
                value_y=y + BAR_HEIGHT * 0.7,
            )
        )
    height = int(TOP_MARGIN + len(bars) * (BAR_HEIGHT + BAR_GAP))
    return Chart(figure, WIDTH, height, bars, baseline_y=height - TOP_MARGIN / 2, kind="bars")


def _columns(figure: Figure, top: int) -> Chart:
    count = max(len(figure.rows), 1)
    slot = (WIDTH - 20) / count
    width = min(slot * 0.7, 60)
    usable = COLUMNS_HEIGHT - AXIS_BOTTOM - TOP_MARGIN
    baseline = COLUMNS_HEIGHT - AXIS_BOTTOM
    # Long series: label every n-th year so that the labels never overlap.
    step = max(1, math.ceil(count / 12))
    bars = []
    for index, (label, value) in enumerate(figure.rows):
        height = max(usable * value / top, 2 if value else 0)
        x = 10 + index * slot + (slot - width) / 2
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(baseline - height, 1),
                width=round(width, 1),
                height=round(height, 1),
                label=label,
                value=value,
                label_x=round(x + width / 2, 1),
                label_y=baseline + 18,
                value_x=round(x + width / 2, 1),
                value_y=round(baseline - height - 6, 1),
                show_label=index % step == 0 or index == count - 1,
            )
        )
    return Chart(figure, WIDTH, COLUMNS_HEIGHT, bars, baseline_y=baseline, kind="columns")
