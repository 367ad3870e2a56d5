"""The one disclosure rule: every count of people or of their input that is published or shared goes through
here, so no survivor can be singled out.

Counts are randomly rounded to a multiple of 5, as Statistics Canada does for census tables: a count whose
last digit is not 0 or 5 is rounded up with probability (count mod 5) / 5 and down otherwise, so the rounding
is unbiased. A total is rounded on its own, never summed from rounded parts, so parts and totals need not
add up and subtracting one published figure from another gives no exact count (the differencing that plain
"fewer than 5" suppression allowed: with 6 inputs, "NGOs 5, survivors fewer than 5, agree 5, strongly
disagree fewer than 5" told what the one survivor answered).

The rounding is deterministic: the same true count in the same cell of the same table always shows the same
figure (a keyed hash of table, cell and count with the app's secret decides), so reloading a page or calling
the API again cannot average the noise away, and nobody without the secret can predict or undo it.
Zero stays zero; a small count shows as 0 or 5. Percentages are computed from the rounded figures.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask import current_app

BASE = 5
TOTAL = "__total__"


def _unit(table: str, cell: str, count: int) -> float:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"disclosure|{table}|{cell}|{count}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2 ** 64


def round_count(count: int, *, table: str, cell: str) -> int:
    """One count, randomly rounded to a multiple of BASE (deterministic per table, cell and count)."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    remainder = count % BASE
    if remainder == 0:
        return count
    down = count - remainder
    return down + BASE if _unit(table, cell, count) < remainder / BASE else down


@dataclass(frozen=True)
class DisclosedTable:
    """A published table of counts: each cell and the total rounded on their own."""
    cells: dict[str, int]
    total: int

    def share(self, cell: str) -> float | None:
        """The cell's part of the total, from the rounded figures (None when the total rounds to 0)."""
        return self.cells[cell] / self.total if self.total else None

    def items(self) -> Iterable[tuple[str, int]]:
        return self.cells.items()


def disclose(counts: Mapping[str, int], *, table: str, total: int | None = None) -> DisclosedTable:
    """Round every cell and the total of a table of counts. `table` names the table uniquely and stably
    (e.g. "consultation:12:categories"); `total` defaults to the sum of the true counts."""
    true_total = sum(counts.values()) if total is None else total
    cells = {cell: round_count(n, table=table, cell=cell) for cell, n in counts.items()}
    return DisclosedTable(cells=cells, total=round_count(true_total, table=table, cell=TOTAL))


def disclose_one(count: int, *, table: str, cell: str = TOTAL) -> int:
    """A single published count (e.g. how many took part)."""
    return round_count(count, table=table, cell=cell)
