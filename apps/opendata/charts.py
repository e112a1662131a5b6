"""Bar charts as server-rendered SVG geometry (the templates draw them; no JavaScript).

Each chart comes with its numbers, which the page also shows as a table: the chart is a picture
of the table (``role="img"`` with a title and a description), never the only way to the data.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from apps.core.money import euro

# Colours with at least 3:1 contrast to white; the legend and the table name every fund as well.
FUND_COLOURS = {
    "projektfonds": "#1f5f8b",
    "baufonds": "#b0532a",
    "netzwerkfonds": "#6b5b95",
    "aktionsfonds": "#2e7d32",
}
WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 84, 12, 16, 32


def nice_maximum(value: float) -> float:
    """A round upper end for the axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


@dataclass
class Segment:
    label: str
    amount: Decimal
    colour: str
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Bar:
    label: str
    total: Decimal
    segments: list[Segment] = field(default_factory=list)
    x: float = 0
    label_x: float = 0


def stacked_columns(columns: list[tuple[str, list[tuple[str, str, Decimal]]]]) -> dict:
    """``columns``: [(column label, [(fund key, fund label, amount), ...]), ...] left to right."""
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_maximum(max((float(sum((a for _k, _l, a in parts), Decimal(0))) for _c, parts in columns), default=0))
    slot = plot_width / max(1, len(columns))
    bar_width = min(48.0, slot * 0.7)
    bars = []
    for index, (label, parts) in enumerate(columns):
        x = LEFT + index * slot + (slot - bar_width) / 2
        bar = Bar(label=label, total=sum((a for _k, _l, a in parts), Decimal(0)), x=x, label_x=x + bar_width / 2)
        base = TOP + plot_height
        for key, part_label, amount in parts:
            if amount <= 0:
                continue
            height = plot_height * float(amount) / top
            base -= height
            bar.segments.append(
                Segment(
                    part_label, amount, FUND_COLOURS.get(key, "#555555"), x, round(base, 1), bar_width, round(height, 1)
                )
            )
        bars.append(bar)
    ticks = [
        {
            "y": round(TOP + plot_height - plot_height * i / 4, 1),
            "label": euro(Decimal(str(top * i / 4)), decimal_pos=0),
        }
        for i in range(5)
    ]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "bottom": TOP + plot_height,
            "label_y": HEIGHT - 10, "bars": bars, "ticks": ticks}  # fmt: skip


def horizontal_bars(entries: list[tuple[str, Decimal]]) -> dict:
    """``entries``: [(label, amount), ...] top to bottom; labels stand left of their bar."""
    label_width, row, gap = 240, 26, 8
    plot_width = WIDTH - label_width - 110
    top = max((float(amount) for _label, amount in entries), default=0) or 1.0
    bars = []
    for index, (label, amount) in enumerate(entries):
        y = TOP + index * (row + gap)
        width = round(plot_width * float(amount) / top, 1)
        bars.append({"label": label, "amount": amount, "y": y, "width": width, "text_y": y + row * 0.68,
                     "value_x": label_width + width + 6})  # fmt: skip
    return {"width": WIDTH, "height": TOP * 2 + len(entries) * (row + gap), "x": label_width, "row": row,
            "label_x": label_width - 8, "bars": bars}  # fmt: skip
