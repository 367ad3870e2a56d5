"""Demo data, loaded through the same importers as `concerto ... import`: the coalitions of seeds 004,
the strategies of seeds 000-003, the regional trends of seeds 002, and a clearly marked sample of services
and protocols (is_sample) so that the map and the gap matrix show real gaps."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

from ..importers import import_notes, import_records

DATA = Path(__file__).parent
FILES = (("coalition", "coalitions.csv", False), ("strategy", "strategies.csv", False),
         ("service", "services.csv", True), ("protocol", "protocols.csv", True))


def relative_dates(text: str, today: date | None = None) -> str:
    """{today+45} -> the date 45 days from now, so review and expiry dates stay near whenever it is loaded."""
    today = today or date.today()
    return re.sub(r"\{today([+-]\d+)\}", lambda m: (today + timedelta(days=int(m.group(1)))).isoformat(), text)


def load(out: Callable[[str], None] = print) -> None:
    for record_type, filename, sample in FILES:
        text = relative_dates((DATA / filename).read_text(encoding="utf-8"))
        result = import_records(record_type, text, is_sample=sample)
        out(f"Coalitions demo: {filename}: {result.created} created, {result.updated} updated")
    result = import_notes((DATA / "notes.csv").read_text(encoding="utf-8"))
    out(f"Coalitions demo: notes.csv: {result.created} created, {result.updated} updated")
