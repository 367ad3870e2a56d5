"""Demo data of search: the built-in French-English terminology (../terminology.csv, also what search uses while the
glossary table is empty), loaded into the table so the glossary screens show it."""
from __future__ import annotations

from ..services import load_glossary_defaults


def load(out) -> None:
    out(f"Search: {load_glossary_defaults()} glossary entries")
