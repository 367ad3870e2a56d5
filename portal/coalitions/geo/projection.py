"""Lambert conformal conic projection for Canada (standard parallels 49°N and 77°N, central meridian
91°52'W, as Statistics Canada's maps use), on a sphere: kilometres east and north of the origin."""
from __future__ import annotations

import math

R_KM = 6371.0
LAT1, LAT2 = math.radians(49.0), math.radians(77.0)
LAT0, LON0 = math.radians(63.390675), math.radians(-91.866667)

N = math.log(math.cos(LAT1) / math.cos(LAT2)) / math.log(
    math.tan(math.pi / 4 + LAT2 / 2) / math.tan(math.pi / 4 + LAT1 / 2))
F = math.cos(LAT1) * math.tan(math.pi / 4 + LAT1 / 2) ** N / N
RHO0 = R_KM * F / math.tan(math.pi / 4 + LAT0 / 2) ** N


def project(lon: float, lat: float) -> tuple[float, float]:
    """(x, y) in km; y grows northwards."""
    rho = R_KM * F / math.tan(math.pi / 4 + math.radians(lat) / 2) ** N
    theta = N * (math.radians(lon) - LON0)
    return rho * math.sin(theta), RHO0 - rho * math.cos(theta)
