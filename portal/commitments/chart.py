"""Geometry of the planned-versus-actual spending chart, drawn as SVG by the server (no script, no
inline style: presentation attributes and classes only). The data table beside it says the same."""
from __future__ import annotations

from decimal import Decimal

from .queries import SpendingYear

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 10, 10, 40


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def spending_chart(rows: list[SpendingYear]) -> dict:
    """Bars, ticks and labels in SVG user units (a dict of plain values for the template to draw)."""
    top = max([float(r.planned or 0) for r in rows] + [float(r.actual or 0) for r in rows] + [0])
    ymax = _nice_max(top)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(1, len(rows))
    group = plot_w / n
    bar = min(40.0, group * 0.35)
    bars, labels = [], []
    for i, r in enumerate(rows):
        x0 = LEFT + i * group + (group - 2 * bar) / 2
        for j, (kind, value) in enumerate((("planned", r.planned), ("actual", r.actual))):
            if value is None:
                continue
            h = plot_h * float(Decimal(value)) / ymax
            bars.append({"kind": kind, "x": round(x0 + j * bar, 1), "y": round(TOP + plot_h - h, 1),
                         "w": round(bar - 2, 1), "h": round(h, 1), "fy": r.fy, "value": value})
        labels.append({"x": round(LEFT + i * group + group / 2, 1), "y": HEIGHT - BOTTOM + 18, "text": r.fy})
    ticks = [{"y": round(TOP + plot_h - plot_h * k / 4, 1), "value": ymax * k / 4} for k in range(5)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
            "bottom": HEIGHT - BOTTOM, "bars": bars, "labels": labels, "ticks": ticks}
