"""Canada's provinces and territories as SVG paths, projected on the server from the geometry shipped in
provinces.geojson (see SOURCE.md). Nothing is fetched: the page carries the map inline."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .projection import project

GEOJSON = Path(__file__).with_name("provinces.geojson")
WIDTH = 1000.0
MARGIN = 10.0

# Label anchors in longitude/latitude where the polygon's centre falls badly (small or oddly shaped).
LABEL_AT = {"PE": (-62.0, 47.9), "NS": (-62.5, 44.0), "NB": (-66.3, 45.3), "NU": (-93.0, 66.0),
            "NL": (-61.5, 53.5), "NT": (-119.0, 64.0), "BC": (-124.5, 54.5), "ON": (-86.0, 50.0),
            "QC": (-72.5, 51.5)}
# Small Atlantic provinces: the label sits in open space (map units, below the Bay of Fundy and out at sea) with
# a leader line to its anchor above, so that "NB 1" and "NS 1" neither overlap each other nor hide a count.
LABEL_OUT = {"NB": (790.0, 805.0), "NS": (948.0, 785.0)}


@dataclass(frozen=True)
class Region:
    code: str
    path: str
    label_x: float
    label_y: float
    leader: tuple[float, float] | None = None  # where a leader line from the label points, if set apart


@dataclass(frozen=True)
class Map:
    width: float
    height: float
    regions: tuple[Region, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


@lru_cache(maxsize=1)
def canada_map() -> Map:
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    projected = {}
    for feature in data["features"]:
        code = feature["properties"]["code"]
        projected[code] = [[project(lon, lat) for lon, lat in polygon[0]]
                           for polygon in feature["geometry"]["coordinates"]]
    xs = [x for polys in projected.values() for ring in polys for x, _ in ring]
    ys = [y for polys in projected.values() for ring in polys for _, y in ring]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    scale = (WIDTH - 2 * MARGIN) / (max_x - min_x)
    height = (max_y - min_y) * scale + 2 * MARGIN

    def to_svg(x: float, y: float) -> tuple[float, float]:
        return MARGIN + (x - min_x) * scale, MARGIN + (max_y - y) * scale  # SVG y grows downwards

    regions = []
    for code in sorted(projected):
        parts = []
        for ring in projected[code]:
            pts = [to_svg(x, y) for x, y in ring]
            parts.append("M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in pts) + "Z")
        if code in LABEL_AT:
            lx, ly = to_svg(*project(*LABEL_AT[code]))
        else:
            largest = max(projected[code], key=len)
            cx = sum(x for x, _ in largest) / len(largest)
            cy = sum(y for _, y in largest) / len(largest)
            lx, ly = to_svg(cx, cy)
        leader = None
        if code in LABEL_OUT:
            leader, (lx, ly) = (round(lx, 1), round(ly, 1)), LABEL_OUT[code]
        regions.append(Region(code, "".join(parts), round(lx, 1), round(ly, 1), leader))
    return Map(WIDTH, round(height, 1), tuple(regions))
